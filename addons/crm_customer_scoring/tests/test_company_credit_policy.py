# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import CreditCommon


@tagged("post_install", "-at_install")
class TestCompanyCreditPolicy(CreditCommon):
    """Each company (branch) has its own class terms; 0 days is a value."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.branch = cls.env["res.company"].create({"name": "Ningbo Branch Cable Works"})
        cls.branch.write({"credit_policy": True, "credit_term_days_b": 45, "new_customer_max_orders": 0})
        cls.salesperson.company_ids |= cls.branch

    def _branch_order(self, partner):
        return (
            self.env["sale.order"]
            .with_company(self.branch)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": self.branch.id,
                    "order_line": [(0, 0, {"product_id": self.product.id, "price_unit": 1000.0})],
                }
            )
        )

    def test_two_companies_allow_their_own_class_terms(self):
        customer = self.customers["b"]
        self.assertEqual(customer.with_company(self.env.company)._credit_allowed()[0], 30)
        self.assertEqual(customer.with_company(self.branch)._credit_allowed()[0], 45)
        order = self._branch_order(customer)
        order.payment_term_id = self.env.ref("account.account_payment_term_45days")
        self.assertFalse(order.credit_term_warning, "45 days are allowed in the branch")
        here = self._order(customer)
        here.payment_term_id = self.env.ref("account.account_payment_term_45days")
        self.assertIn("gives 45 days to pay", here.credit_term_warning)

    def test_zero_days_for_class_b_allows_only_payment_before_delivery(self):
        self.env.company.credit_term_days_b = 0
        self.assertEqual(self.customers["b"]._credit_allowed()[0], 0)
        order = self._order(self.customers["b"])
        order.payment_term_id = self.env.ref("account.account_payment_term_30days")
        self.assertIn("allows at most 0", order.credit_term_warning)

    def test_a_company_without_the_policy_checks_nothing(self):
        self.branch.credit_policy = False
        order = self._branch_order(self.customers["b"])
        order.payment_term_id = self.env.ref("account.account_payment_term_45days")
        self.assertFalse(order.credit_term_warning)

    def test_foreign_customers_get_the_one_letter_of_credit_term(self):
        term = self.env.company.credit_term_foreign_id
        self.assertEqual(term, self.env.ref("crm_foreign_trade.payment_term_lc_sight"))
        self.assertTrue(term.letter_of_credit, "the default L/C term triggers the L/C checks")
