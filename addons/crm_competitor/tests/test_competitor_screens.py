# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.tests import new_test_user, tagged

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
class TestCompetitorScreens(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(cls.env, "ft_cs_sales", groups="sales_team.group_sale_salesman")
        cls.shenzhen = cls.env["crm.competitor"].create({"name": "Shenzhen Golden Wire"})
        cls.ningbo = cls.env["crm.competitor"].create({"name": "Ningbo Cablestar"})
        cls.customer = cls.env["res.partner"].create({"name": "Great Lakes Appliance Inc.", "is_company": True})
        cls.product = cls.env["product.product"].create({"name": "UL1007 reel", "lst_price": 10.0})

    def _arch(self, model, view_type, user=None):
        views = self.env[model].with_user(user or self.env.user).get_views([(False, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_pipeline_card_names_the_main_competitor(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Dryer cords",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": self.salesperson.id,
                "competitor_line_ids": [
                    (0, 0, {"competitor_id": self.ningbo.id}),
                    (0, 0, {"competitor_id": self.shenzhen.id, "is_main": True}),
                ],
            }
        )
        card = self._arch("crm.lead", "kanban", self.salesperson).xpath("//t[@t-name='card']")[0]
        self.assertTrue(card.xpath(".//field[@name='main_competitor_id']"))
        record = (
            self.env["crm.lead"]
            .with_user(self.salesperson)
            .web_search_read([("id", "=", lead.id)], {"main_competitor_id": {"fields": {"display_name": {}}}})[
                "records"
            ][0]
        )
        self.assertEqual(record["main_competitor_id"]["display_name"], "Shenzhen Golden Wire")
        groups = self.env["crm.lead"].read_group([("id", "=", lead.id)], ["main_competitor_id"], ["main_competitor_id"])
        self.assertEqual(groups[0]["main_competitor_id"][0], self.shenzhen.id)

    def test_price_graph_draws_a_line_per_competitor_through_observed_months(self):
        graph = self._arch("crm.competitor.price", "graph").xpath("//graph")[0]
        self.assertEqual((graph.get("type"), graph.get("stacked")), ("line", "0"))
        # the view whose model leaves a gap where a competitor was not observed, instead of 0 %
        self.assertEqual(graph.get("js_class"), "crm_competitor_observed_graph")
        dimensions = [f.get("name") for f in graph.xpath("field[not(@type='measure')]")]
        self.assertEqual(dimensions, ["date", "competitor_id"])
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_competitor.action_crm_competitor_price")
        self.assertIn("'fill_temporal': False", action["context"])
        Price = self.env["crm.competitor.price"]
        for competitor, day, price in ((self.shenzhen, "2026-01-15", 9.0), (self.ningbo, "2026-01-20", 10.5),
                                       (self.shenzhen, "2026-04-10", 8.0)):  # fmt: skip
            Price.create({"competitor_id": competitor.id, "product_id": self.product.id, "price": price, "date": day})
        groups = Price.with_context(fill_temporal=False).read_group(
            [("product_id", "=", self.product.id)], ["gap_percent:avg"], ["date:month", "competitor_id"], lazy=False
        )
        points = {(g["date:month"], g["competitor_id"][0]): round(g["gap_percent"], 1) for g in groups}
        # Shenzhen -10 % in January and -20 % in April; Ningbo +5 % in January only: no April point for it,
        # no February or March point for anyone
        self.assertEqual(len(points), 3)
        self.assertEqual(sorted(points.values()), [-20.0, -10.0, 5.0])
