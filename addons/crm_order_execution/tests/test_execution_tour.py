# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestExecutionTour(HttpCase):
    def test_confirm_and_follow_the_order_to_the_port(self):
        salesperson = new_test_user(self.env, "ft_ex_tour_sales", groups="sales_team.group_sale_salesman")
        # the English UI, whatever the database's default language
        self.env["res.lang"]._activate_lang("en_US")
        salesperson.lang = "en_US"
        self.env.company.execution_checklists = True
        customer = self.env["res.partner"].create(
            {"name": "Baltic Wire Trading OÜ", "is_company": True, "trade_channel": "direct_export"}
        )
        product = self.env["product.product"].create({"name": "Copper cable 3x2.5", "list_price": 12.5})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": salesperson.id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 800})],
            }
        )
        self.start_tour(f"/odoo/sales/{order.id}", "crm_order_execution_checklist", login=salesperson.login)
        arrival = order.execution_step_ids.filtered(lambda s: s.milestone == "arrival")
        self.assertEqual(arrival.state, "done")
        self.assertTrue(
            order.activity_ids.filtered(
                lambda a: a.user_id == salesperson and a.summary == "Inform the customer: Goods at destination port"
            )
        )
