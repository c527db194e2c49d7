# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from ..tools.partner_keys import normalize_company_name, normalize_vat, normalize_website
from .common import ForeignTradeCommon


@tagged("post_install", "-at_install")
class TestCollisionCheck(ForeignTradeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.collision_check = True
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "东莞华洋电子有限公司",
                "is_company": True,
                "user_id": cls.salesperson.id,
                "vat": "91441900-MA4W12345X",
                "email": "Purchasing@HuayangElec.example.com",
                "phone": "0769 8888 1234",
                "website": "https://www.huayangelec.example.com/en/",
                "country_id": cls.env.ref("base.cn").id,
            }
        )
        cls.Partner = cls.env["res.partner"].with_user(cls.colleague)

    def test_one_company_written_differently_has_one_key(self):
        self.assertEqual(normalize_company_name("Kowa Denki Trading Co., Ltd."), "kowadenkitrading")
        self.assertEqual(normalize_company_name("ＫＯＷＡ　DENKI TRADING CO LTD"), "kowadenkitrading")
        self.assertEqual(normalize_company_name("Kowa Denki Trading Limited"), "kowadenkitrading")
        self.assertEqual(normalize_company_name("东莞华洋电子有限公司"), "东莞华洋电子")
        self.assertEqual(normalize_company_name("东莞华洋电子(香港)股份有限公司"), "东莞华洋电子香港")
        self.assertEqual(normalize_company_name("Rheinland Kabel GmbH"), "rheinlandkabel")
        self.assertEqual(normalize_company_name("Co., Ltd."), "")
        self.assertEqual(normalize_vat("91441900-ma4w 12345x"), "91441900MA4W12345X")
        self.assertEqual(normalize_website("HTTP://WWW.Example.com/path"), "example.com")

    def test_salesperson_cannot_duplicate_a_colleagues_customer(self):
        variants = [
            {"name": "东莞华洋电子", "is_company": True},
            {"name": "Other name", "is_company": True, "vat": "91441900MA4W12345X"},
            {"name": "Other name", "is_company": True, "email": "purchasing@huayangelec.example.com"},
            {"name": "Other name", "is_company": True, "phone": "+86 769 8888 1234"},
            {"name": "Other name", "is_company": True, "website": "huayangelec.example.com"},
        ]
        for vals in variants:
            with self.subTest(vals=vals), self.assertRaises(ValidationError) as caught:
                self.Partner.create(vals)
            self.assertIn("owned by Zhao Wei", str(caught.exception))
        count = self.env["res.partner"].search_count([("collision_name_key", "=", "东莞华洋电子")])
        self.assertEqual(count, 1, "nothing half written")

    def test_renaming_into_a_duplicate_is_blocked(self):
        mine = self.Partner.create({"name": "Sakura Cable KK", "is_company": True})
        with self.assertRaises(ValidationError):
            mine.write({"name": "东莞华洋电子有限公司"})

    def test_pool_customer_must_be_claimed_not_duplicated(self):
        self.customer.write({"user_id": False, "customer_rank": 1})
        self.assertTrue(self.customer.in_public_pool)
        with self.assertRaises(ValidationError) as caught:
            self.Partner.create({"name": "Dongguan Huayang", "is_company": True, "vat": "91441900MA4W12345X"})
        self.assertIn("public pool", str(caught.exception))
        self.assertIn("Claim it from the pool", str(caught.exception))

    def test_unowned_contact_outside_the_pool_is_not_called_a_pool_customer(self):
        # a company nobody owns that never became a customer: not in the pool list
        self.customer.write({"user_id": False, "customer_rank": 0})
        self.assertFalse(self.customer.in_public_pool)
        with self.assertRaises(ValidationError) as caught:
            self.Partner.create({"name": "Dongguan Huayang", "is_company": True, "vat": "91441900MA4W12345X"})
        message = str(caught.exception)
        self.assertIn("which no salesperson owns", message)
        self.assertIn("Ask your sales manager to assign it to you", message)
        self.assertNotIn("pool", message)

    def test_archived_duplicate_is_named_archived(self):
        self.customer.write({"user_id": False, "active": False})
        with self.assertRaises(ValidationError) as caught:
            self.Partner.create({"name": "Dongguan Huayang", "is_company": True, "vat": "91441900MA4W12345X"})
        self.assertIn("archived", str(caught.exception))
        self.assertNotIn("pool", str(caught.exception))

    def test_manager_is_warned_in_the_form(self):
        form = Form(self.env["res.partner"].with_user(self.manager))
        form.company_type = "company"
        with self.assertLogs("odoo.tests.form.onchange", level="WARNING") as logs:
            form.name = "东莞华洋电子有限公司"
        self.assertIn("owned by Zhao Wei", "\n".join(logs.output))

    def test_manager_may_create_the_duplicate(self):
        duplicate = self.env["res.partner"].with_user(self.manager).create({"name": "东莞华洋电子", "is_company": True})
        self.assertEqual(duplicate.collision_name_key, self.customer.collision_name_key)

    def test_general_manager_merges_the_duplicate(self):
        # Odoo lets non-administrators merge contacts that share their e-mail address
        duplicate = (
            self.env["res.partner"]
            .with_user(self.manager)
            .create({"name": "东莞华洋电子", "is_company": True, "email": self.customer.email})
        )
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.general_manager)
            .create({"partner_ids": [(6, 0, (self.customer | duplicate).ids)], "dst_partner_id": self.customer.id})
        )
        wizard.action_merge()
        self.assertFalse(duplicate.exists())
        with self.assertRaises(AccessError):
            self.env["base.partner.merge.automatic.wizard"].with_user(self.colleague).create({})

    def test_own_customer_contacts_are_no_collision(self):
        contact = (
            self.env["res.partner"]
            .with_user(self.salesperson)
            .create({"name": "Li Na", "parent_id": self.customer.id, "email": "purchasing@huayangelec.example.com"})
        )
        self.assertEqual(contact.commercial_partner_id, self.customer)

    def test_check_is_off_until_switched_on(self):
        self.env.company.collision_check = False
        self.assertTrue(self.Partner.create({"name": "东莞华洋电子", "is_company": True}))

    def test_collision_check_query_budget_does_not_grow(self):
        self.env["res.partner"].create(
            [{"name": f"Importer {i} Ltd", "is_company": True, "vat": f"DE{i:09d}"} for i in range(300)]
        )
        # 40 duplicates entered by a manager (allowed): each one matches an existing company
        new = (
            self.env["res.partner"]
            .with_user(self.manager)
            .create([{"name": f"IMPORTER {i} LIMITED", "is_company": True} for i in range(40)])
        )
        for batch in (new[:1], new):
            with self.assertQueryCount(6):
                found = batch._find_collisions()
            self.assertEqual(len(found), len(batch))
        fresh = self.Partner.create({"name": "Brand New Buyer Ltd", "is_company": True, "vat": "FR12345"})
        with self.assertQueryCount(6):
            fresh._check_customer_collision()


@tagged("post_install", "-at_install")
class TestOwnDuplicate(ForeignTradeCommon):
    """A salesperson entering her own customer a second time is warned and offered the merge."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.collision_check = True
        # a name of its own: the demo data has a "Nordlicht Elektro GmbH" too
        cls.customer.write(
            {
                "name": "Nordlicht Elektrotechnik GmbH",
                "user_id": cls.salesperson.id,
                "vat": "DE811234567",
                "customer_rank": 1,
            }
        )
        # Odoo's default user template gives users "Contact Creation", which brings the merge
        cls.salesperson.groups_id = [(4, cls.env.ref("base.group_partner_manager").id)]
        cls.Partner = cls.env["res.partner"].with_user(cls.salesperson)

    def test_own_duplicate_by_tax_id_is_refused_with_the_way_out(self):
        before = self.env["res.partner"].search_count([])
        with self.assertRaises(ValidationError) as caught:
            self.Partner.create({"name": "Nordlicht GmbH", "is_company": True, "vat": "DE 811 234 567"})
        message = str(caught.exception)
        self.assertIn("already your customer: Nordlicht Elektrotechnik GmbH", message)
        self.assertIn("Not a Duplicate", message)
        self.assertIn("Merge", message)
        self.assertEqual(self.env["res.partner"].search_count([]), before, "nothing written")

    def test_own_duplicate_by_name_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "already your customer"):
            self.Partner.create({"name": "NORDLICHT ELEKTROTECHNIK G.m.b.H.", "is_company": True})

    def test_own_duplicate_is_warned_in_the_form_with_the_customer_it_duplicates(self):
        form = Form(self.Partner)
        form.company_type = "company"
        with self.assertLogs("odoo.tests.form.onchange", level="WARNING") as logs:
            form.vat = "DE811234567"
        self.assertIn("Nordlicht Elektrotechnik GmbH", "\n".join(logs.output))
        self.assertEqual(form.collision_partner_id, self.customer)
        self.assertTrue(form.collision_is_own)
        self.assertIn("already your customer", form.collision_message)

    def test_confirmed_own_duplicate_is_kept_and_offers_the_merge_of_both(self):
        form = Form(self.Partner)
        form.company_type = "company"
        with self.assertLogs("odoo.tests.form.onchange", level="WARNING"):
            form.name = "Nordlicht GmbH"
            form.vat = "DE811234567"
        form.collision_confirmed = True
        second = form.save()
        self.assertEqual(second.collision_partner_id, self.customer)
        action = second.action_merge_collision()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.partner_ids, self.customer | second)
        self.assertEqual(wizard.dst_partner_id, self.customer, "the older customer is kept")
        self.assertEqual(wizard.state, "selection")
        wizard.with_user(self.salesperson).action_merge()
        self.assertFalse(second.exists())
        self.assertEqual(self.customer.vat, "DE811234567")

    def test_not_a_duplicate_cannot_be_ticked_for_a_colleagues_customer(self):
        with self.assertRaisesRegex(ValidationError, "owned by Zhao Wei"):
            self.env["res.partner"].with_user(self.colleague).create(
                {"name": "Nordlicht GmbH", "is_company": True, "vat": "DE811234567", "collision_confirmed": True}
            )

    def test_merge_of_a_colleagues_customer_is_refused(self):
        duplicate = (
            self.env["res.partner"]
            .with_user(self.manager)
            .create({"name": "Nordlicht GmbH", "is_company": True, "vat": "DE811234567", "user_id": self.colleague.id})
        )
        self.colleague.groups_id = [(4, self.env.ref("base.group_partner_manager").id)]
        self.assertEqual(duplicate.with_user(self.colleague).collision_partner_id, self.customer)
        with self.assertRaisesRegex(UserError, "owned by Zhao Wei"):
            duplicate.with_user(self.colleague).action_merge_collision()

    def test_manager_merges_a_duplicate_entered_earlier(self):
        self.env.company.collision_check = False
        duplicate = self.Partner.create({"name": "Nordlicht GmbH", "is_company": True, "vat": "DE811234567"})
        self.env.company.collision_check = True
        manager = self.general_manager
        self.assertEqual(duplicate.with_user(manager).collision_partner_id, self.customer)
        action = duplicate.with_user(manager).action_merge_collision()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.partner_ids, self.customer | duplicate)
        # from the first customer's form too, the first customer is the one kept
        self.assertEqual(self.customer.with_user(manager).collision_partner_id, duplicate)
        action = self.customer.with_user(manager).action_merge_collision()
        self.assertEqual(self.env[action["res_model"]].browse(action["res_id"]).dst_partner_id, self.customer)
