# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestCompanyPolicies(TransactionCase):
    """Every policy lives on the company: 0 is a value, each company has its own, Settings only show it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.branch = cls.env["res.company"].create({"name": "Foshan Branch Cable Works"})
        cls.salesperson = mail_new_test_user(
            cls.env,
            "ft_policy_sales",
            groups="sales_team.group_sale_salesman",
            company_ids=[(6, 0, (cls.company | cls.branch).ids)],
        )
        cls.customer = cls.env["res.partner"].create({"name": "Policy Elektro GmbH", "is_company": True})
        cls.product = cls.env["product.product"].create({"name": "Policy cable", "list_price": 100.0})

    def _quote(self, price, company=None):
        company = company or self.company
        return (
            self.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": company.id,
                    "order_line": [(0, 0, {"product_id": self.product.id, "price_unit": price})],
                }
            )
        )

    def test_installing_switches_no_policy_on(self):
        fresh = self.env["res.company"].create({"name": "Fresh Branch"})
        switches = ("collision_check", "pool_enabled", "quotation_consistency", "sample_class_b_free", "visit_planning")
        self.assertFalse(any(fresh[name] for name in switches))
        self.assertEqual((fresh.pool_days_a, fresh.new_customer_months, fresh.sample_free_value), (90, 6, 500.0))

    def test_zero_price_tolerance_flags_any_difference(self):
        self.company.write({"quotation_consistency": True, "quotation_price_tolerance": 0.0})
        self._quote(100.0)
        self.assertEqual(self._quote(100.01).price_conflict_count, 1)
        self.assertEqual(self._quote(100.01).price_conflict_count, 0, "the latest price again is no conflict")

    def test_each_company_follows_its_own_price_tolerance(self):
        self.company.write({"quotation_consistency": True, "quotation_price_tolerance": 0.0})
        self.branch.write({"quotation_consistency": True, "quotation_price_tolerance": 10.0})
        self._quote(100.0)
        self.assertEqual(self._quote(105.0).price_conflict_count, 1)
        self._quote(100.0, self.branch)
        self.assertEqual(self._quote(105.0, self.branch).price_conflict_count, 0)

    def test_zero_free_sample_value_charges_every_sample(self):
        self.company.write({"sample_free_value": 0.0})
        request = self.env["crm.sample.request"].create(
            {
                "partner_id": self.customer.id,
                "expected_class": "c",
                "line_ids": [(0, 0, {"product_id": self.product.id, "quantity": 1, "unit_cost": 1.0})],
            }
        )
        self.assertEqual(request.fee_policy, "charge")
        self.company.write({"sample_free_value": 500.0})
        self.assertEqual(request.fee_policy, "free")

    def test_settings_keep_zero_and_write_the_current_company(self):
        settings = Form(self.env["res.config.settings"].with_company(self.branch))
        settings.quotation_consistency = True
        settings.quotation_price_tolerance = 0.0
        settings.new_customer_max_orders = 0
        settings.save().execute()
        self.assertEqual(self.branch.quotation_price_tolerance, 0.0)
        self.assertEqual(self.branch.new_customer_max_orders, 0)
        self.assertEqual(self.company.quotation_price_tolerance, 5.0, "the other company keeps its own")
        reopened = self.env["res.config.settings"].with_company(self.branch).create({})
        self.assertEqual(reopened.new_customer_max_orders, 0)

    def test_the_pool_hides_colleagues_customers_only_where_it_is_switched_on(self):
        colleague = mail_new_test_user(self.env, "ft_policy_colleague", groups="sales_team.group_sale_salesman")
        owned = self.env["res.partner"].create(
            {"name": "Colleague's Kabel AG", "is_company": True, "customer_rank": 1, "user_id": colleague.id}
        )
        self.branch.pool_enabled = True
        partners = self.env["res.partner"].with_user(self.salesperson)
        self.assertFalse(partners.with_company(self.branch).search([("id", "=", owned.id)]))
        self.assertEqual(partners.with_company(self.company).search([("id", "=", owned.id)]), owned)
        self.branch.pool_enabled = False
        self.assertEqual(partners.with_company(self.branch).search([("id", "=", owned.id)]), owned)
        self.assertFalse(self.env.ref("crm_foreign_trade.rule_partner_salesperson_own_and_pool").active)

    def test_negative_policy_numbers_are_refused(self):
        with self.assertRaises(ValidationError):
            self.branch.pool_claim_limit = -1

    def test_old_system_parameters_move_to_every_company(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("crm_foreign_trade.quotation_price_tolerance", "0")
        params.set_param("crm_foreign_trade.pool_days_a", "120")
        params.set_param("crm_foreign_trade.collision_check", "True")
        self.env["res.company"]._migrate_policy_parameters(
            {
                "crm_foreign_trade.quotation_price_tolerance": "quotation_price_tolerance",
                "crm_foreign_trade.pool_days_a": "pool_days_a",
                "crm_foreign_trade.collision_check": "collision_check",
            }
        )
        for company in self.company | self.branch:
            self.assertEqual(company.pool_days_a, 120)
            self.assertTrue(company.collision_check)
            self.assertEqual(company.quotation_price_tolerance, 0.0)
        self.assertFalse(params.get_param("crm_foreign_trade.pool_days_a"))


@tagged("post_install", "-at_install")
class TestSalesOrganisation(TransactionCase):
    """One answer to 'who is this salesperson's branch manager, sales manager, general manager'."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write({"sales_manager_user_id": False, "general_manager_user_id": False})
        cls.salesperson = mail_new_test_user(cls.env, "ft_org_sales", groups="sales_team.group_sale_salesman")
        cls.leader = mail_new_test_user(cls.env, "ft_org_leader", groups="sales_team.group_sale_manager")
        cls.head_of_sales = mail_new_test_user(cls.env, "ft_org_head", groups="sales_team.group_sale_manager")
        cls.general_manager = mail_new_test_user(
            cls.env, "ft_org_gm", groups="base.group_user,crm_foreign_trade.group_general_manager"
        )
        cls.team = cls.env["crm.team"].create(
            {"name": "Europe Desk", "user_id": cls.leader.id, "member_ids": [(6, 0, cls.salesperson.ids)]}
        )

    def test_branch_manager_is_the_team_leader(self):
        self.assertEqual(self.salesperson._sales_manager_of("branch_manager"), self.leader)

    def test_sales_manager_is_the_company_setting_else_the_team_leader(self):
        self.assertEqual(self.salesperson._sales_manager_of("sales_manager"), self.leader)
        self.company.sales_manager_user_id = self.head_of_sales
        self.assertEqual(self.salesperson._sales_manager_of("sales_manager"), self.head_of_sales)
        self.assertEqual(self.salesperson._sales_manager_of("branch_manager"), self.leader)

    def test_general_manager_is_the_company_setting_else_the_group(self):
        self.assertTrue(self.salesperson._sales_manager_of("general_manager").has_group(
            "crm_foreign_trade.group_general_manager"
        ))  # fmt: skip
        self.company.general_manager_user_id = self.general_manager
        self.assertEqual(self.salesperson._sales_manager_of("general_manager"), self.general_manager)

    def test_a_salesperson_without_team_goes_to_the_sales_manager(self):
        loner = mail_new_test_user(self.env, "ft_org_loner", groups="sales_team.group_sale_salesman")
        self.company.sales_manager_user_id = self.head_of_sales
        self.assertEqual(loner._sales_manager_of("branch_manager"), self.head_of_sales)

    def test_a_team_leader_reports_to_the_sales_manager_for_her_own_documents(self):
        self.company.sales_manager_user_id = self.head_of_sales
        self.assertEqual(self.leader._sales_manager_of("branch_manager", team=self.team), self.head_of_sales)
        self.assertEqual(self.salesperson._sales_manager_of("branch_manager", team=self.team), self.leader)

    def test_free_sample_waivers_go_to_the_branch_manager(self):
        product = self.env["product.product"].create({"name": "Costly sample"})
        request = (
            self.env["crm.sample.request"]
            .with_user(self.salesperson)
            .create(
                {
                    "partner_id": self.env["res.partner"].create({"name": "Waiver Co.", "is_company": True}).id,
                    "expected_class": "c",
                    "free_requested": True,
                    "line_ids": [(0, 0, {"product_id": product.id, "quantity": 1, "unit_cost": 9000.0})],
                }
            )
        )
        request.action_request()
        self.assertEqual(request.activity_ids.user_id, self.leader)
