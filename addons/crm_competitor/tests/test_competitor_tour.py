# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCompetitorPriceGraphTour(HttpCase):
    def test_price_graph_leaves_unobserved_months_out_of_a_competitors_line(self):
        manager = new_test_user(self.env, "ft_cg_manager", groups="sales_team.group_sale_manager")
        product = self.env["product.product"].create({"name": "UL1007 reel", "lst_price": 10.0})
        shenzhen = self.env["crm.competitor"].create({"name": "Shenzhen Golden Wire"})
        ningbo = self.env["crm.competitor"].create({"name": "Ningbo Cablestar"})
        for competitor, day, price in ((shenzhen, "2026-01-15", 9.0), (ningbo, "2026-01-20", 10.5),
                                       (shenzhen, "2026-04-10", 8.0)):  # fmt: skip
            self.env["crm.competitor.price"].create(
                {"competitor_id": competitor.id, "product_id": product.id, "price": price, "date": day}
            )
        self.start_tour(
            "/odoo/action-crm_competitor.action_crm_competitor_price", "crm_competitor_price_graph", login=manager.login
        )
