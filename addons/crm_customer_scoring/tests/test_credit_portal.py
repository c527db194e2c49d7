# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import html2plaintext

# a 1x1 PNG: the portal stores the drawn signature as an image
SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="


@tagged("post_install", "-at_install")
class TestCreditPortal(HttpCase):
    """The customer's signature in the portal confirms an order only when credit allows it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.new_customer_max_orders = 0
        cls.product = cls.env["product.product"].create(
            {"name": "Rubber cable H07RN-F", "list_price": 100.0, "taxes_id": [(5, 0, 0)]}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Helvetia Elektro AG", "is_company": True, "customer_class": "b", "email": "info@helvetia.example"}
        )
        old = cls.env["sale.order"].create(
            {"partner_id": cls.customer.id, "order_line": [(0, 0, {"product_id": cls.product.id, "price_unit": 0.0})]}
        )
        old.action_confirm()
        old.date_order = datetime(2024, 3, 1)
        cls.buyer = new_test_user(
            cls.env, "ft_cr_portal_buyer", groups="base.group_portal", email="buyer@helvetia.example"
        )
        cls.buyer.partner_id.parent_id = cls.customer
        # amounts in the company currency, whatever pricelist a database gives customers by default
        pricelist = cls.env["product.pricelist"].create(
            {"name": "Helvetia (company currency)", "currency_id": cls.env.company.currency_id.id}
        )
        (cls.customer | cls.buyer.partner_id).property_product_pricelist = pricelist
        cls.customer.credit_limit = 1000.0
        cls.env.company.credit_policy = True

    def _quotation(self, amount):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.buyer.partner_id.id,
                "require_signature": True,
                "require_payment": False,
                "order_line": [(0, 0, {"product_id": self.product.id, "price_unit": amount})],
            }
        )
        order.action_quotation_sent()
        order._portal_ensure_token()
        return order

    def _sign(self, order):
        self.authenticate(self.buyer.login, self.buyer.login)
        return self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {"access_token": order.access_token, "name": "Ursula Meier", "signature": SIGNATURE},
        )

    def test_signature_within_credit_confirms(self):
        order = self._quotation(800.0)
        self._sign(order)
        self.assertEqual((order.state, order.credit_check_state), ("sale", "ok"))

    def test_signature_over_credit_waits_for_approval(self):
        order = self._quotation(5000.0)
        self._sign(order)
        self.assertTrue(order.signature, "the signature is kept")
        self.assertEqual((order.state, order.credit_check_state), ("sent", "awaiting"))
        # the note gives the block reason, in the language of the portal request
        note = order.message_ids.filtered(lambda m: order.credit_block_reason in html2plaintext(m.body or ""))
        self.assertEqual(note.author_id, self.env.ref("base.partner_root"), "not the customer's words")
