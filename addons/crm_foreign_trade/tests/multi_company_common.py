# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError

from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.mail.tests.common import mail_new_test_user


class MultiCompanyCommon(BaseCommon):
    """Companies A and B, each with its customer; a salesperson and a sales manager allowed in A only.

    Company B's records are created as superuser. Where a record names a salesperson, company B's
    records name A's salesperson or nobody, so that only the multi-company rules keep them from
    A's users (the personal rules alone would show them).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Baltic Export Company B"})
        cls.salesperson_a = cls._company_user("ft_mc_sales_a", "sales_team.group_sale_salesman", cls.company_a)
        cls.manager_a = cls._company_user("ft_mc_manager_a", "sales_team.group_sale_manager", cls.company_a)
        cls.salesperson_b = cls._company_user("ft_mc_sales_b", "sales_team.group_sale_salesman", cls.company_b)
        cls.customer_a = cls.env["res.partner"].create(
            {"name": "Adriatic Cables d.o.o.", "is_company": True, "company_id": cls.company_a.id,
             "user_id": cls.salesperson_a.id}
        )  # fmt: skip
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Riga Wire Works SIA", "is_company": True, "company_id": cls.company_b.id}
        )
        cls.product = cls.env["product.product"].create({"name": "NYY-J 4x16 cable (500 m)", "list_price": 100.0})

    @classmethod
    def _company_user(cls, login, groups, company):
        return mail_new_test_user(
            cls.env,
            login=login,
            groups=f"base.group_user,{groups}",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @classmethod
    def _order(cls, customer, company, user=False):
        return cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "company_id": company.id,
                "user_id": user and user.id,
                "order_line": [Command.create({"product_id": cls.product.id, "product_uom_qty": 1})],
            }
        )

    @classmethod
    def _lead(cls, customer, company, user=False):
        return cls.env["crm.lead"].create(
            {
                "name": f"Cable tender of {customer.name}",
                "type": "opportunity",
                "partner_id": customer.id,
                "company_id": company.id,
                "user_id": user and user.id,
                "team_id": False,
            }
        )

    def assertCompanyIsolation(self, records_a, records_b, users=None):
        """Each user of company A finds ``records_a``, finds none of ``records_b`` and cannot read them."""
        self.assertTrue(records_a and records_b, "the test needs records of both companies")
        self.assertEqual(records_a._name, records_b._name)
        for user in users or (self.salesperson_a | self.manager_a):
            with self.subTest(model=records_a._name, user=user.login):
                self.env.invalidate_all()
                model = self.env[records_a._name].with_user(user)
                found = set(model.search([]).ids)
                self.assertLessEqual(set(records_a.ids), found, "company A's records are visible")
                self.assertFalse(set(records_b.ids) & found, "company B's records are hidden")
                self.assertEqual(model.search_count([("id", "in", records_b.ids)]), 0)
                self.assertEqual(model.search_count([("id", "in", records_a.ids)]), len(records_a))
                with self.assertRaises(AccessError):
                    model.browse(records_b[0].id).read(["display_name"])
                model.browse(records_a[0].id).read(["display_name"])
