# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time
from lxml import html

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CollectionCommon


@tagged("post_install", "-at_install")
class TestCollectionPortal(CollectionCommon, HttpCase):
    """The customer reads his order's payment schedule on the portal, and only his."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = new_test_user(cls.env, "ft_col_portal_buyer", groups="base.group_portal", email="b@rk.example")
        cls.buyer.partner_id.parent_id = cls.customer
        cls.other_customer = cls.env["res.partner"].create({"name": "Pampas Electric S.A.", "is_company": True})
        cls.other_buyer = new_test_user(cls.env, "ft_col_portal_other", groups="base.group_portal")
        cls.other_buyer.partner_id.parent_id = cls.other_customer

    def _confirmed_order(self, partner):
        with freeze_time("2026-01-05 10:00"):
            order = self._order(partner=partner, amount=1000.0)
            order.action_confirm()
        order._portal_ensure_token()
        return order

    def _schedule(self, response):
        """{instalment id: (expected, received, status)} of the page's payment schedule, None without one."""
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.content)
        if not page.xpath("//section[@id='details']"):
            self.fail("not the order page: %s" % response.url)
        sections = page.xpath("//section[@id='instalments']")
        if not sections:
            return None
        self.assertIn("Payment schedule", sections[0].text_content())
        rows = sections[0].xpath(".//tbody/tr")
        return {
            int(row.get("data-instalment-id")): tuple(
                " ".join(row.xpath(f".//td[contains(@class, '{cls}')]")[0].text_content().split())
                for cls in ("o_instalment_expected", "o_instalment_received", "o_instalment_status")
            )
            for row in rows
        }

    def test_schedule_shows_each_instalment_with_its_amounts_and_status(self):
        order = self._confirmed_order(self.buyer.partner_id)
        deposit, balance = order.instalment_ids.sorted("sequence")
        invoice = order._create_invoices()
        invoice.action_post()
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {"amount": 300.0}
        )._create_payments()
        self.authenticate(self.buyer.login, self.buyer.login)
        schedule = self._schedule(self.url_open(f"/my/orders/{order.id}"))
        self.assertEqual(set(schedule), {deposit.id, balance.id})
        expected, received, status = schedule[deposit.id]
        self.assertIn("300.00", expected)
        self.assertIn("300.00", received)
        self.assertEqual(status, "Paid")
        expected, received, status = schedule[balance.id]
        self.assertIn("700.00", expected)
        self.assertIn("0.00", received)
        self.assertIn(status, ("Due", "Overdue"))  # due on 6 March 2026: overdue from then on
        self.assertEqual(status, "Overdue" if balance.state == "overdue" else "Due")

    def test_schedule_with_the_access_token(self):
        order = self._confirmed_order(self.customer)
        schedule = self._schedule(self.url_open(f"/my/orders/{order.id}?access_token={order.access_token}"))
        self.assertEqual(len(schedule), 2)

    def test_no_schedule_when_the_policy_is_off(self):
        order = self._confirmed_order(self.buyer.partner_id)
        self.assertTrue(order.instalment_ids)
        self.company.collection_plans = False
        self.authenticate(self.buyer.login, self.buyer.login)
        self.assertIsNone(self._schedule(self.url_open(f"/my/orders/{order.id}")))

    def test_no_schedule_without_instalments(self):
        self.company.collection_plans = True
        order = self._order(partner=self.buyer.partner_id, term=self.env.ref("account.account_payment_term_immediate"))
        order.action_confirm()
        self.authenticate(self.buyer.login, self.buyer.login)
        self.assertIsNone(self._schedule(self.url_open(f"/my/orders/{order.id}")))

    def test_another_customers_order_page_is_refused(self):
        order = self._confirmed_order(self.other_buyer.partner_id)
        self.authenticate(self.buyer.login, self.buyer.login)
        response = self.url_open(f"/my/orders/{order.id}")
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertNotIn(b"Payment schedule", response.content)
        # nor with a wrong token
        response = self.url_open(f"/my/orders/{order.id}?access_token=wrong")
        self.assertTrue(response.url.endswith("/my"), response.url)

    def test_portal_user_cannot_read_instalments(self):
        order = self._confirmed_order(self.buyer.partner_id)
        Instalment = self.env["sale.order.instalment"].with_user(self.buyer)
        with self.assertRaises(AccessError):
            Instalment.search([("order_id", "=", order.id)])
        with self.assertRaises(AccessError):
            order.instalment_ids[0].with_user(self.buyer).read(["amount_expected"])
