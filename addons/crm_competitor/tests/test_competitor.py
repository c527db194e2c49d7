# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
class TestCompetitor(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(cls.env, "ft_cp_sales", groups="sales_team.group_sale_salesman")
        cls.colleague = new_test_user(cls.env, "ft_cp_colleague", groups="sales_team.group_sale_salesman")
        cls.manager = new_test_user(cls.env, "ft_cp_manager", groups="sales_team.group_sale_manager")
        # messages asserted in English: the database may default to Chinese (make test loads it)
        (cls.salesperson | cls.colleague | cls.manager).lang = "en_US"
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.shenzhen = cls.env["crm.competitor"].create({"name": "Shenzhen Golden Wire"})
        cls.ningbo = cls.env["crm.competitor"].create({"name": "Ningbo Cablestar"})
        cls.customer = cls.env["res.partner"].create({"name": "Great Lakes Appliance Inc.", "is_company": True})
        cls.price_reason = cls.env["crm.lost.reason"].create({"name": "Lost on price", "is_competition": True})
        cls.won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)

    def _lead(self, name, competitors, user=None):
        return self.env["crm.lead"].create(
            {
                "name": name,
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": (user or self.salesperson).id,
                "expected_revenue": 10000,
                "competitor_line_ids": [
                    (0, 0, {"competitor_id": c.id, "is_main": i == 0}) for i, c in enumerate(competitors)
                ],
            }
        )

    def _lose(self, lead, competitor=None, amount=0.0, reason=None):
        wizard = (
            self.env["crm.lead.lost"]
            .with_user(self.salesperson)
            .create(
                {
                    "lead_ids": [(6, 0, lead.ids)],
                    "lost_reason_id": (reason or self.price_reason).id,
                    "competitor_id": competitor and competitor.id,
                    "competitor_amount": amount,
                    "competitor_why": "8 % cheaper, same UL file",
                }
            )
        )
        return wizard.action_lost_reason_apply()

    def test_loss_to_competition_writes_the_competitor_order(self):
        lead = self._lead("Dryer power cords", self.shenzhen)
        self._lose(lead, self.shenzhen, amount=9200.0)
        self.assertFalse(lead.active)
        self.assertEqual(lead.won_by_competitor_id, self.shenzhen)
        order = self.env["crm.competitor.order"].search([("lead_id", "=", lead.id)])
        self.assertEqual((order.competitor_id, order.partner_id, order.amount), (self.shenzhen, self.customer, 9200.0))
        self.assertEqual((order.source, order.lost_reason_id), ("lost_deal", self.price_reason))
        self.assertEqual(order.notes, "8 % cheaper, same UL file")

    def test_competition_reason_needs_the_winner(self):
        lead = self._lead("Washer harness", self.shenzhen)
        with self.assertRaisesRegex(UserError, "Which competitor"):
            self._lose(lead)
        self.assertTrue(lead.active, "nothing written")

    def test_other_reasons_ask_nothing(self):
        lead = self._lead("Fan cords", self.shenzhen)
        self._lose(lead, reason=self.env["crm.lost.reason"].create({"name": "Project cancelled"}))
        self.assertFalse(self.env["crm.competitor.order"].search([("lead_id", "=", lead.id)]))

    def test_win_rate_on_a_known_data_set(self):
        # against Shenzhen: 1 won, 3 lost, 1 open -> 25 %; against Ningbo: 1 won, 1 lost -> 50 %
        won = self._lead("Won A", self.shenzhen | self.ningbo)
        won.stage_id = self.won_stage
        for i in range(3):
            self._lose(self._lead(f"Lost {i}", self.shenzhen), self.shenzhen)
        self._lose(self._lead("Lost to Ningbo", self.ningbo), self.ningbo)
        self._lead("Open", self.shenzhen)
        rates = (self.shenzhen | self.ningbo)._win_rates()
        self.assertAlmostEqual(rates[self.shenzhen.id], 25.0)
        self.assertAlmostEqual(rates[self.ningbo.id], 50.0)
        self.assertAlmostEqual(self.shenzhen.win_rate, 25.0)

    def test_share_at_customer(self):
        product = self.env["product.product"].create({"name": "SPT-2 cord"})
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 100, "price_unit": 30.0})],
            }
        )
        order.action_confirm()
        today = order.date_order.date()
        self.env["crm.competitor.order"].create(
            {
                "date": today,  # the default is today where the user is, possibly tomorrow in UTC
                "partner_id": self.customer.id,
                "competitor_id": self.shenzhen.id,
                "amount": 1000.0,
                "product_ids": [(6, 0, product.ids)],
            }
        )
        share = self.shenzhen._share_at_customers(today, today)
        self.assertEqual(share[self.customer.id], (1000.0, 3000.0))
        wizard = (
            self.env["crm.competitor.share"]
            .with_user(self.manager)
            .create({"date_from": today, "date_to": today, "competitor_ids": [(6, 0, self.shenzhen.ids)]})
        )
        wizard.action_compute()
        line = wizard.line_ids.filtered(lambda l: l.partner_id == self.customer)
        self.assertAlmostEqual(line.competitor_share, 25.0)

    def test_access(self):
        lead = self._lead("Mine", self.shenzhen)
        self._lose(lead, self.shenzhen, 5000.0)
        order = self.env["crm.competitor.order"].search([("lead_id", "=", lead.id)])
        with self.assertRaises(AccessError):
            order.with_user(self.colleague).read(["amount"])
        self.assertTrue(order.with_user(self.manager).read(["amount"]))
        with self.assertRaises(AccessError):
            self.shenzhen.with_user(self.salesperson).unlink()

    def test_competitor_brief_renders(self):
        lead = self._lead("Reels", self.shenzhen)
        self._lose(lead, self.shenzhen, 7000.0)
        self.shenzhen.strengths = "<p>Cheap UL wire</p>"
        product = self.env["product.product"].create({"name": "UL1007 reel", "lst_price": 10.0})
        self.env["crm.competitor.price"].create(
            {"competitor_id": self.shenzhen.id, "product_id": product.id, "price": 9.0, "competitor_model": "GW-1007"}
        )
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "crm_competitor.report_competitor_brief", self.shenzhen.ids
        )
        self.assertIn(b"Cheap UL wire", html)
        self.assertIn(b"Great Lakes Appliance", html)
        self.assertIn(b"GW-1007", html)
        self.assertIn(b"-10.0", html, "their price is 10 % below ours")

    def test_pipeline_main_competitor_column_query_budget(self):
        leads = self.env["crm.lead"]
        for i in range(60):
            leads |= self._lead(f"Tender {i}", self.shenzhen if i % 2 else self.ningbo)
        spec = {"name": {}, "expected_revenue": {}}
        extra = []
        for size in (15, 60):
            counts = []
            for with_column in (False, True):
                fields_spec = dict(spec, main_competitor_id={"fields": {"display_name": {}}}) if with_column else spec
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                self.env["crm.lead"].web_search_read([("id", "in", leads[:size].ids)], fields_spec)
                counts.append(self.env.cr.sql_log_count - before)
            extra.append(counts[1] - counts[0])
        self.assertLessEqual(max(extra), 2, extra)
        self.assertEqual(extra[0], extra[1])
