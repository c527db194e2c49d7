# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.crm_foreign_trade.tests.common import use_chinese


@tagged("post_install", "-at_install")
class TestCreditTours(HttpCase):
    """The accountant and the general manager watch credit in the Chinese UI."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.salesperson = new_test_user(cls.env, "ft_crt_sales", groups="sales_team.group_sale_salesman")
        cls.accountant = new_test_user(cls.env, "ft_crt_accountant", groups="account.group_account_invoice")
        cls.general_manager = new_test_user(
            cls.env, "ft_crt_gm", groups="base.group_user,crm_foreign_trade.group_general_manager"
        )
        company.write(
            {
                "country_id": cls.env.ref("base.cn").id,
                "credit_policy": True,
                "new_customer_max_orders": 0,
                "general_manager_user_id": cls.general_manager.id,
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "H05VV-F 3G1.5 cable (100 m)", "list_price": 100.0, "taxes_id": [(5, 0, 0)]}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Rheinland Kabel Co.", "is_company": True, "customer_class": "b",
             "country_id": cls.env.ref("base.cn").id, "user_id": cls.salesperson.id}
        )  # fmt: skip
        # amounts in the company currency, whatever pricelist a database gives customers by default
        cls.customer.property_product_pricelist = cls.env["product.pricelist"].create(
            {"name": "Rheinland (company currency)", "currency_id": company.currency_id.id}
        )
        # a confirmed order of 300, then 1,000 overdue for 45 days and 500 not due: exposure 1,800
        cls.confirmed = cls._order(300.0)
        cls.confirmed.action_confirm()
        for amount, days_overdue in ((1000.0, 45), (500.0, -20)):
            due = date.today() - timedelta(days=days_overdue)
            invoice = cls.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": cls.customer.id,
                    "invoice_date": due - timedelta(days=30),
                    "invoice_date_due": due,
                    "invoice_line_ids": [(0, 0, {"product_id": cls.product.id, "price_unit": amount,
                                                 "tax_ids": []})],
                }
            )  # fmt: skip
            invoice.action_post()
        use_chinese(cls.env, cls.accountant, cls.general_manager)

    @classmethod
    def _order(cls, amount):
        return cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesperson.id,
                "order_line": [(0, 0, {"product_id": cls.product.id, "product_uom_qty": 1, "price_unit": amount})],
            }
        )

    def test_accountant_reads_credit_and_overdue_on_the_customer_form(self):
        self.customer.sudo().credit_limit = 50000.0
        self.env["crm.credit.application"].create(
            {"partner_id": self.customer.id, "user_id": self.salesperson.id, "requested_limit": 80000.0,
             "reason": "Second production line"}
        )  # fmt: skip
        self.start_tour(
            f"/odoo/res.partner/{self.customer.id}",
            "crm_customer_scoring_accountant_credit",
            login=self.accountant.login,
        )

    def test_general_manager_decides_a_credit_hold_seeing_exposure_and_ageing(self):
        self.customer.sudo().credit_limit = 1500.0
        order = self._order(200.0)
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.credit_check_state, "awaiting")
        self.start_tour(
            f"/odoo/sales/{order.id}", "crm_customer_scoring_credit_decision", login=self.general_manager.login
        )
        self.assertEqual((order.state, order.credit_check_state), ("sale", "approved"))
        self.assertEqual(order.credit_approved_by_id, self.general_manager)
        self.assertEqual(order.credit_approval_reason, "老客户，已收到银行保函")
