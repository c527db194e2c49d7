# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import CreditCommon


@tagged("post_install", "-at_install")
class TestCreditPolicy(CreditCommon):
    def test_quotations_get_the_terms_of_the_class(self):
        terms = {code: self._order(partner).payment_term_id for code, partner in self.customers.items()}
        self.assertEqual(terms["a"], self.env.ref("crm_customer_scoring.payment_term_60_days"))
        self.assertEqual(terms["b"], self.env.ref("account.account_payment_term_30days"))
        self.assertEqual(terms["c"], self.env.ref("account.account_payment_term_immediate"))
        newcomer = self.env["res.partner"].create({"name": "Newcomer Ltd", "is_company": True, "customer_class": "a"})
        self.assertFalse(newcomer.first_order_date, "no confirmed order yet: the new customers' rule")
        self.assertEqual(self._order(newcomer).payment_term_id, self.env.ref("account.account_payment_term_immediate"))
        foreign = self.env["res.partner"].create(
            {"name": "Lyon Appareils SA", "is_company": True, "customer_class": "b",
             "country_id": self.env.ref("base.fr").id}
        )  # fmt: skip
        self._history(foreign)
        self.assertEqual(self._order(foreign).payment_term_id, self.env.ref("crm_foreign_trade.payment_term_lc_sight"))
        # a customer's own term is kept when its class allows it
        self.customers["a"].property_payment_term_id = self.env.ref("account.account_payment_term_45days")
        self.assertEqual(
            self._order(self.customers["a"]).payment_term_id, self.env.ref("account.account_payment_term_45days")
        )

    def test_longer_term_warns_at_quotation_and_waits_for_approval(self):
        order = self._order(self.customers["b"])
        with Form(order.with_user(self.salesperson)) as form:
            form.payment_term_id = self.env.ref("crm_customer_scoring.payment_term_60_days")
            self.assertIn("gives 60 days to pay", form.credit_term_warning)
            self.assertIn("allows at most 30", form.credit_term_warning)
        action = order.with_user(self.salesperson).action_confirm()
        self.assertEqual(action["params"]["title"], "Awaiting credit approval")
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.credit_check_state, "awaiting")
        activity = order.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("crm_customer_scoring.mail_activity_credit_approval")
        )
        self.assertEqual(activity.user_id, self.general_manager)

    def test_only_the_general_manager_grants_a_term_exception(self):
        partner = self.customers["b"]
        wizard_model = self.env["res.partner.term.exception.wizard"]
        values = {"partner_id": partner.id, "days": 60, "reason": "Listed group, 20 years of clean payments"}
        with self.assertRaises(AccessError):
            wizard_model.with_user(self.manager).create(values).action_apply()
        wizard_model.with_user(self.general_manager).create(values).action_apply()
        self.assertEqual(partner.credit_term_exception_user_id, self.general_manager)
        self.assertIn("Listed group", partner.message_ids[0].body)
        order = self._order(partner, payment_term_id=self.env.ref("crm_customer_scoring.payment_term_60_days").id)
        self.assertFalse(order.credit_term_warning)
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_credit_limit_blocks_until_the_general_manager_approves(self):
        partner = self.customers["a"]
        self._limit(partner, 10000.0)
        first = self._order(partner, 6000.0)
        first.with_user(self.salesperson).action_confirm()
        self.assertEqual((first.state, first.credit_check_state), ("sale", "ok"))
        second = self._order(partner, 5000.0)
        second.with_user(self.salesperson).action_confirm()
        self.assertEqual((second.state, second.credit_check_state), ("draft", "awaiting"))
        self.assertEqual(second.credit_block_reason, "The order would exceed the customer's credit limit.")
        self.assertIn("11,000.00", second.sudo().credit_block_detail)
        wizard = self.env["sale.credit.approval.wizard"].create(
            {"order_id": second.id, "reason": "Peak season order, bank guarantee received"}
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.manager).action_approve()
        wizard.with_user(self.general_manager).action_approve()
        self.assertEqual((second.state, second.credit_check_state), ("sale", "approved"))
        self.assertEqual(second.credit_approved_by_id, self.general_manager)
        note = second.message_ids.filtered(lambda m: "Credit approved by" in (m.body or ""))
        self.assertIn(self.salesperson.partner_id, note.partner_ids, "the salesperson is told")
        self.assertFalse(
            second.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref("crm_customer_scoring.mail_activity_credit_approval")
            )
        )

    def test_refusal_keeps_the_quotation(self):
        partner = self.customers["c"]
        self._limit(partner, 100.0)
        order = self._order(partner, 500.0)
        order.action_confirm()
        self.env["sale.credit.approval.wizard"].create({"order_id": order.id, "reason": "No guarantee"}).with_user(
            self.general_manager
        ).action_refuse()
        self.assertEqual((order.state, order.credit_check_state), ("draft", "refused"))
        order.action_confirm()
        self.assertEqual(order.state, "draft", "a refused order does not pass on a second try")

    def test_overdue_invoices_block(self):
        partner = self.customers["b"]
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": date.today() - timedelta(days=90),
                "invoice_date_due": date.today() - timedelta(days=45),
                "invoice_line_ids": [(0, 0, {"product_id": self.product.id, "price_unit": 800.0, "tax_ids": []})],
            }
        )
        invoice.action_post()
        order = self._order(partner, 100.0)
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.credit_check_state, "awaiting")
        self.assertEqual(order.credit_block_reason, "The customer has overdue invoices.")
        self.assertEqual(partner.with_user(self.salesperson).credit_status, "red")
        self.assertEqual(partner.with_user(self.salesperson).credit_status_reason, "The customer has overdue invoices.")
        self.env.company.credit_numbers_to_salespeople = True
        partner.invalidate_recordset(["credit_status_reason"])
        self.assertIn("800.00", partner.with_user(self.salesperson).credit_status_reason)

    def test_portal_signature_cannot_confirm_over_credit(self):
        partner = self.customers["a"]
        self._limit(partner, 1000.0)
        order = self._order(partner, 5000.0, require_signature=True, require_payment=False)
        order.action_quotation_sent()
        # what /my/orders/<id>/accept does once the customer signed, as the public user with sudo
        order.sudo().with_user(self.env.ref("base.public_user")).sudo()._validate_order()
        self.assertEqual((order.state, order.credit_check_state), ("sent", "awaiting"))

    def test_copied_quotation_is_checked_again(self):
        partner = self.customers["a"]
        self._limit(partner, 10000.0)
        order = self._order(partner, 8000.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        copy = order.copy()
        self.assertEqual(copy.credit_check_state, "none")
        copy.action_confirm()
        self.assertEqual((copy.state, copy.credit_check_state), ("draft", "awaiting"))

    def test_growing_a_confirmed_order_is_checked_again(self):
        partner = self.customers["b"]
        self._limit(partner, 10000.0)
        order = self._order(partner, 6000.0)
        order.action_confirm()
        line = order.order_line
        with self.assertRaises(UserError) as caught:
            line.with_user(self.salesperson).write({"product_uom_qty": 2, "price_unit": 6000.0})
        self.assertIn("cannot grow", str(caught.exception))
        self.assertEqual(line.product_uom_qty, 1, "nothing written")
        line.write({"product_uom_qty": 1.5, "price_unit": 6000.0})  # 9,000 fits
        self.assertEqual(order.amount_total, 9000.0)
        with self.assertRaises(UserError):
            order.write({"order_line": [(0, 0, {"product_id": self.product.id, "price_unit": 2000.0})]})

    def test_standard_flow_until_switched_on(self):
        self.env.company.credit_policy = False
        partner = self.customers["c"]
        self._limit(partner, 0.0)
        order = self._order(
            partner, 5000.0, payment_term_id=self.env.ref("crm_customer_scoring.payment_term_60_days").id
        )
        self.assertFalse(order.credit_term_warning)
        self.assertTrue(order.action_confirm())
        self.assertEqual((order.state, order.credit_check_state), ("sale", "none"))
        unclassified = self.env["res.partner"].create({"name": "No Class Trading", "is_company": True})
        self.env.company.credit_policy = True
        other = self._order(unclassified, 5000.0)
        other.action_confirm()
        self.assertEqual((other.state, other.credit_check_state), ("sale", "none"), "no class, no rule")

    def test_financial_risk_check_of_oca_still_applies_where_a_limit_is_set(self):
        """Policy off: a customer without any limit confirms as in Odoo; OCA's risk wizard still stops an
        order over its sales-order limit, or over the orders' risk counted against no credit limit."""
        self.env.company.credit_policy = False
        partner = self.env["res.partner"].create({"name": "Baltic Lighting OU", "is_company": True})
        free = self._order(partner, 5000.0)
        self.assertTrue(free.action_confirm())
        self.assertEqual(free.state, "sale")
        partner.sudo().risk_sale_order_limit = 6000.0
        over_limit = self._order(partner, 5000.0)
        action = over_limit.action_confirm()
        self.assertEqual((action["res_model"], over_limit.state), ("partner.risk.exceeded.wiz", "draft"))
        partner.sudo().write({"risk_sale_order_limit": 0.0, "risk_sale_order_include": True})
        counted = self._order(partner, 100.0)
        action = counted.action_confirm()
        self.assertEqual((action["res_model"], counted.state), ("partner.risk.exceeded.wiz", "draft"))

    def test_credit_data_per_role(self):
        partner = self.customers["a"]
        self._limit(partner, 5000.0)
        order = self._order(partner, 9000.0)
        order.action_confirm()
        for user in (self.salesperson, self.clerk):
            with self.assertRaises(AccessError):
                partner.with_user(user).read(["credit_limit"])
            with self.assertRaises(AccessError):
                order.with_user(user).read(["credit_block_detail"])
        self.assertEqual(order.with_user(self.salesperson).credit_check_state, "awaiting")
        self.assertTrue(order.with_user(self.accountant).read(["credit_block_detail"]))
        awaiting = self.env["sale.order"].with_user(self.accountant).search([("credit_check_state", "=", "awaiting")])
        self.assertIn(order, awaiting, "accounting sees the orders held for credit")
        self.assertTrue(partner.with_user(self.manager).read(["credit_limit"]))

    def test_exposure_counts_receivables_and_open_orders_in_company_currency(self):
        partner = self.customers["a"]
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": eur.id, "rate": 0.5, "name": fields.Date.today(), "company_id": self.env.company.id}
        )  # 1 company unit = 0.5 EUR: 1 EUR = 2 units
        pricelist = self.env["product.pricelist"].create({"name": "EUR", "currency_id": eur.id})
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "currency_id": eur.id,
                "invoice_date": date.today(),
                "invoice_date_due": date.today() + timedelta(days=30),
                "invoice_line_ids": [(0, 0, {"product_id": self.product.id, "price_unit": 1000.0, "tax_ids": []})],
            }
        )
        invoice.action_post()
        confirmed = self._order(partner, 500.0, pricelist_id=pricelist.id)
        confirmed.action_confirm()
        exposure = partner._credit_exposure()
        self.assertAlmostEqual(exposure["exposure"], 2000.0 + 1000.0, places=2)
        self.assertAlmostEqual(exposure["overdue"], 0.0)
        self._limit(partner, 3500.0)
        fits = self._order(partner, 250.0, pricelist_id=pricelist.id)  # 500 in company currency
        fits.action_confirm()
        self.assertEqual(fits.state, "sale")
        too_much = self._order(partner, 1.0, pricelist_id=pricelist.id)
        too_much.action_confirm()
        self.assertEqual(too_much.credit_check_state, "awaiting")
