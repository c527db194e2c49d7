# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ForeignTradeCommon


@tagged("post_install", "-at_install")
class TestSampleFeeBilling(ForeignTradeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Anatolia Beyaz Esya A.S.", "is_company": True, "customer_class": "c"}
        )
        cls.cord = cls.env["product.product"].create({"name": "VDE power cord", "standard_price": 4.0})
        cls.fee_product = cls.env.ref("crm_foreign_trade.product_sample_fee")
        cls.accountant = cls._user("ft_accountant", "account.group_account_invoice", "Wang Fang")

    def _request(self, qty, user=None, **values):
        """Samples of `qty` cords at 4.0: up to 125 free, from 1,250 charged in full (likely C customer)."""
        vals = {
            "partner_id": self.customer.id,
            "line_ids": [(0, 0, {"product_id": self.cord.id, "quantity": qty, "unit_cost": 4.0})],
        }
        vals.update(values)
        return self.env["crm.sample.request"].with_user(user or self.salesperson).create(vals)

    def _billed(self, request):
        """Every invoice and quotation made for the request, whatever its link says."""
        invoices = self.env["account.move"].search([("invoice_origin", "=", request.name)])
        quotations = self.env["sale.order"].search([("origin", "=", request.name)])
        return invoices, quotations

    def test_no_billing_by_default(self):
        self.assertEqual(self.env.company.sample_fee_billing, "none")
        request = self._request(500)
        request.action_request()
        self.assertEqual((request.state, request.fee_policy, request.is_free), ("approved", "charge", False))
        invoices, quotations = self._billed(request)
        self.assertFalse(invoices | request.invoice_id)
        self.assertFalse(quotations | request.sale_order_id)
        self.assertEqual(request.fee_billed_amount, 0.0)

    def test_invoice_policy_bills_charged_samples_once_when_approved(self):
        self.env.company.sample_fee_billing = "invoice"
        request = self._request(500, free_requested=True)
        request.action_request()
        self.assertEqual(request.state, "requested")
        self.assertFalse(request.invoice_id, "not before the manager decides on the waiver")
        request.with_user(self.manager).action_refuse_waiver()
        invoice = request.invoice_id
        self.assertEqual(request.state, "approved")
        self.assertRecordValues(
            invoice,
            [
                {
                    "move_type": "out_invoice",
                    "state": "draft",
                    "partner_id": self.customer.id,
                    "currency_id": self.env.company.currency_id.id,
                    "amount_untaxed": 2000.0,
                    "invoice_user_id": self.salesperson.id,
                    "company_id": self.env.company.id,
                }
            ],
        )
        self.assertEqual(invoice.invoice_line_ids.product_id, self.fee_product)
        self.assertEqual(request.fee_billed_amount, 2000.0)
        # making and sending the samples, or billing again, makes no second invoice
        request._bill_sample_fee()
        request.action_made()
        request.action_sent()
        invoices, quotations = self._billed(request)
        self.assertEqual(invoices, invoice)
        self.assertFalse(quotations)

    def test_fee_amount_is_the_samples_cost_unless_changed(self):
        self.env.company.sample_fee_billing = "invoice"
        request = self._request(500)
        self.assertEqual(request.fee_amount, 2000.0, "the full fee")
        request.fee_amount = 1500.0
        request.action_request()
        self.assertEqual(request.invoice_id.amount_untaxed, 1500.0)

    def test_charged_samples_without_a_fee_are_refused(self):
        self.env.company.sample_fee_billing = "invoice"
        request = self._request(500, fee_amount=0.0)
        # refused before anything is written: assertRaisesRegex, unlike assertRaises, rolls nothing back
        with self.assertRaisesRegex(UserError, "Enter the sample fee"):
            request.action_request()
        self.assertEqual(request.state, "draft", "nothing half done")
        waiver = self._request(500, free_requested=True, fee_amount=0.0)
        waiver.action_request()
        with self.assertRaisesRegex(UserError, "Enter the sample fee"):
            waiver.with_user(self.manager).action_refuse_waiver()
        self.assertEqual((waiver.state, waiver.free_requested), ("requested", True))
        self.assertFalse(self._billed(request)[0] | self._billed(waiver)[0])

    def test_quotation_policy_makes_a_draft_quotation(self):
        self.env.company.sample_fee_billing = "quotation"
        request = self._request(500)
        request.action_request()
        order = request.sale_order_id
        self.assertRecordValues(
            order,
            [
                {
                    "state": "draft",
                    "partner_id": self.customer.id,
                    "user_id": self.salesperson.id,
                    "currency_id": self.env.company.currency_id.id,
                    "amount_untaxed": 2000.0,
                }
            ],
        )
        self.assertEqual(order.order_line.product_id, self.fee_product)
        self.assertFalse(request.invoice_id)
        request._bill_sample_fee()
        self.assertEqual(self._billed(request)[1], order, "one quotation")

    def test_waived_and_free_samples_are_not_billed(self):
        self.env.company.sample_fee_billing = "invoice"
        waived = self._request(500, free_requested=True)
        waived.action_request()
        waived.with_user(self.manager).action_approve()
        self.assertEqual((waived.state, waived.is_free, waived.approved_by_id), ("approved", True, self.manager))
        free = self._request(100)
        free.action_request()
        self.assertEqual((free.state, free.fee_policy), ("approved", "free"))
        for request in waived | free:
            invoices, quotations = self._billed(request)
            self.assertFalse(invoices | request.invoice_id)
            self.assertFalse(quotations | request.sale_order_id)

    def test_salesperson_bills_without_accounting_rights_accountant_sees_the_invoice(self):
        self.env.company.sample_fee_billing = "invoice"
        self.assertFalse(self.env["account.move"].with_user(self.salesperson).has_access("create"))
        request = self._request(500)
        request.action_request()
        # the salesperson reads his request's invoice; the accountant finds it among the drafts to post
        self.assertEqual(request.with_user(self.salesperson).invoice_id.amount_untaxed, 2000.0)
        drafts = self.env["account.move"].with_user(self.accountant).search([("state", "=", "draft")])
        self.assertIn(request.invoice_id, drafts)
        with self.assertRaises(AccessError):
            request.invoice_id.with_user(self.colleague).read(["amount_untaxed"])

    def test_customer_sample_totals(self):
        self.env.company.sample_fee_billing = "invoice"
        charged = self._request(500)
        free = self._request(100)
        cancelled = self._request(1000)
        (charged | free).action_request()
        cancelled.action_cancel()
        other_customer = self.env["res.partner"].create({"name": "Rio Eletro Ltda", "is_company": True})
        self._request(50, partner_id=other_customer.id)
        buyer = self.env["res.partner"].create({"name": "Elif Kaya", "parent_id": self.customer.id})
        partners = (self.customer | buyer | other_customer).with_user(self.manager)
        self.assertEqual(partners.mapped("sample_request_count"), [2, 2, 1])
        self.assertEqual(partners.mapped("sample_cost_total"), [2400.0, 2400.0, 200.0])
        self.assertEqual(partners.mapped("sample_fee_billed_total"), [2000.0, 2000.0, 0.0])
        self.assertEqual(self.customer.with_user(self.salesperson).sample_cost_total, 2400.0)
        # a colleague sums only the samples he may read
        self.assertEqual(self.customer.with_user(self.colleague).sample_cost_total, 0.0)
