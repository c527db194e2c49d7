# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.misc import format_date

CAN_CHANGE = "You can still ask us to change this order."
FROZEN = "Production has started: this order can no longer be changed."


@tagged("post_install", "-at_install")
class TestPortalProgress(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an English-speaking customer, also in a database installed in Chinese only
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env["ir.default"].set("res.partner", "lang", "en_US")
        cls.env.company.execution_checklists = True
        cls.product = cls.env["product.product"].create({"name": "Portal Cable"})
        cls.company_a = cls.env["res.partner"].create(
            {"name": "Nordlicht Elektro GmbH", "is_company": True, "trade_channel": "direct_export"}
        )
        cls.company_b = cls.env["res.partner"].create(
            {"name": "Baltic Trading OÜ", "is_company": True, "trade_channel": "direct_export"}
        )
        cls.portal_a = cls._portal_user("ft_portal_a", cls.company_a)
        cls.portal_b = cls._portal_user("ft_portal_b", cls.company_b)
        cls.order_a = cls._confirmed_order(
            cls.company_a,
            date_etd=date(2026, 5, 20),
            date_eta=date(2026, 6, 25),
            vessel="MSC Aurora / 026W",
            port_of_loading="Ningbo",
            port_of_destination="Hamburg",
            bill_of_lading="MEDUNB123456",
        )
        cls.order_b = cls._confirmed_order(cls.company_b, date_eta=date(2026, 7, 9))
        cls.steps_a = {s.name: s for s in cls.order_a.execution_step_ids}
        for name in ("Packing list and shipping instruction", "Space booked", "Bill of lading issued"):
            cls.steps_a[name].action_done()

    @classmethod
    def _portal_user(cls, login, company):
        user = new_test_user(cls.env, login, groups="base.group_portal", name=f"{company.name} buyer")
        user.partner_id.parent_id = company
        return user

    @classmethod
    def _confirmed_order(cls, company, **values):
        order = cls.env["sale.order"].create(
            dict(
                {"partner_id": company.id, "order_line": [(0, 0, {"product_id": cls.product.id})]},
                **values,
            )
        )
        order.action_confirm()
        return order

    def _page(self, order, access_token=None):
        query = f"?access_token={access_token}" if access_token else ""
        return self.url_open(f"/my/orders/{order.id}{query}", allow_redirects=False)

    def test_customer_sees_the_milestones_and_shipping_facts(self):
        self.steps_a["Goods at destination port"].is_late = True
        self.authenticate(self.portal_a.login, self.portal_a.login)
        response = self._page(self.order_a)
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("Shipment Progress", page)
        self.assertIn("Bill of lading issued", page)
        self.assertIn("Goods at destination port", page)
        self.assertLess(page.index("Bill of lading issued"), page.index("Goods at destination port"), "in sequence")
        eta = format_date(self.env, date(2026, 6, 25), lang_code=self.portal_a.lang)
        self.assertRegex(page, r"ETA:</th>\s*<td[^>]*><span>%s</span>" % re.escape(eta))
        section = page[page.index('id="shipment_progress"') : page.index('id="details"')]
        self.assertNotRegex(section, r"(?i)\blate\b", "a late step shows only its planned date")
        for fact in ("MSC Aurora / 026W", "Ningbo", "Hamburg", "MEDUNB123456"):
            self.assertIn(fact, page)
        self.assertIn(CAN_CHANGE, page)
        self.assertNotIn(FROZEN, page)
        # the clerk's own work is not the customer's business
        for internal in ("Space booked", "Domestic purchase contract reviewed", "Export tax rebate confirmed"):
            self.assertNotIn(internal, page)

        self.steps_a["Domestic purchase contract reviewed"].action_done()
        page = self._page(self.order_a).text
        self.assertIn(FROZEN, page)
        self.assertNotIn(CAN_CHANGE, page)
        self.assertNotIn("Domestic purchase contract reviewed", page)

    def test_a_confirmed_purchase_contract_tells_the_customer_production_started(self):
        supplier = self.env["res.partner"].create({"name": "Ningbo Yongxin Wire Factory", "is_company": True})
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": supplier.id,
                "export_order_id": self.order_a.id,
                "order_line": [(0, 0, {"product_id": self.product.id, "product_qty": 1, "price_unit": 5})],
            }
        )
        self.authenticate(self.portal_a.login, self.portal_a.login)
        self.assertIn(CAN_CHANGE, self._page(self.order_a).text, "a request for quotation starts nothing")
        purchase.button_confirm()
        page = self._page(self.order_a).text
        self.assertIn(FROZEN, page)
        self.assertIn("In production since", page)
        self.assertNotIn(supplier.name, page, "the supplier is the company's business")
        purchase.button_cancel()
        self.assertIn(CAN_CHANGE, self._page(self.order_a).text, "the contract cancelled, the order can change again")

    def test_goods_delivered_freeze_the_order_without_any_step(self):
        order = self._confirmed_order(self.company_a)
        order.execution_step_ids.freezes_order = False
        self.assertTrue(order.execution_changeable)
        order.picking_ids.move_ids.quantity = 1
        order.picking_ids.button_validate()
        self.assertFalse(order.execution_changeable, "the goods left the warehouse")
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self._page(order).text
        self.assertIn(FROZEN, page)
        self.assertIn(order.picking_ids.name, page, "sale_stock lists what was shipped")

    def test_skipped_milestone_and_orders_without_checklist_show_nothing(self):
        arrival = self.steps_a["Goods at destination port"]
        arrival.write({"skip_reason": "Customer collects at the port of loading"})
        arrival.action_skip()
        plain = self.env["sale.order"].create(
            {"partner_id": self.company_a.id, "order_line": [(0, 0, {"product_id": self.product.id})]}
        )
        self.env.company.execution_checklists = False
        plain.action_confirm()
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self._page(self.order_a).text
        self.assertIn("Bill of lading issued", page)
        self.assertNotIn("Goods at destination port", page)
        response = self._page(plain)
        self.assertEqual(response.status_code, 200)
        self.assertIn(plain.name, response.text)
        self.assertNotIn("Shipment Progress", response.text)

    def test_other_customers_order_is_refused(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        response = self._page(self.order_b)
        self.assertIn(response.status_code, (303, 403))
        self.assertNotIn(self.order_b.name, response.text)
        self.assertNotIn("Goods at destination port", response.text)
        self.assertTrue(response.headers.get("Location", "").endswith("/my"))

        self.logout()
        response = self._page(self.order_b)
        self.assertIn(response.status_code, (303, 403))
        self.assertNotIn(self.order_b.name, response.text)
        self.assertNotIn("Goods at destination port", response.text)

        # Odoo's share link: whoever holds the order's access token sees the page
        response = self._page(self.order_b, access_token=self.order_b._portal_ensure_token())
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.order_b.name, response.text)
        self.assertIn("Goods at destination port", response.text)
        self.assertIn(format_date(self.env, date(2026, 7, 9), lang_code="en_US"), response.text)

    def test_order_list_shows_the_last_milestone(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        response = self.url_open("/my/orders")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.order_a.name, response.text)
        self.assertNotIn(self.order_b.name, response.text)
        self.assertIn("Progress", response.text)
        self.assertIn("Bill of lading issued", response.text)

    def _queries(self, url):
        self.url_open(url)  # warm the registry caches
        before = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before

    def test_queries_do_not_grow_with_steps_or_orders(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = f"/my/orders/{self.order_a.id}"

        def reach_destination(orders):
            orders.execution_step_ids.filtered(lambda s: s.name == "Goods at destination port").write(
                {"state": "done", "date_done": date(2026, 8, 5)}
            )

        # one order in the list shows its milestone: the steps' names are read once, whatever their number
        first = self._confirmed_order(self.company_a, date_eta=date(2026, 8, 1))
        reach_destination(first)
        # the list first: the order page then links to the previous and next orders of the list, each time
        list_queries, page_queries = self._queries("/my/orders"), self._queries(page)
        self.env["sale.execution.step"].create(
            [
                {
                    "order_id": self.order_a.id,
                    "name": f"Extra milestone {i}",
                    "sequence": 100 + i,
                    "customer_facing": True,
                }
                for i in range(12)
            ]
        )
        self.assertIn("Extra milestone 11", self.url_open(page).text)
        self.assertEqual(self._queries(page), page_queries, "12 more steps, same queries")
        others = self.env["sale.order"]
        for eta in (date(2026, 8, 2), date(2026, 8, 3), date(2026, 8, 4)):
            others |= self._confirmed_order(self.company_a, date_eta=eta)
        reach_destination(others)
        self.assertEqual(self.url_open("/my/orders").text.count("Goods at destination port"), 4)
        self.assertEqual(self._queries("/my/orders"), list_queries, "3 more orders, same queries")

    def test_portal_tour(self):
        self.start_tour("/my/orders", "crm_order_execution_portal_progress", login=self.portal_a.login)
