# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCustomerComplaintTour(HttpCase):
    def test_record_check_and_solve_a_complaint_from_the_order(self):
        salesperson = new_test_user(self.env, "ft_cmp_tour_sales", groups="sales_team.group_sale_salesman")
        # the English UI, whatever the database's default language
        self.env["res.lang"]._activate_lang("en_US")
        salesperson.lang = "en_US"
        customer = self.env["res.partner"].create(
            {"name": "Baltic Wire Trading OÜ", "is_company": True, "user_id": salesperson.id}
        )
        product = self.env["product.product"].create({"name": "Copper cable 3x2.5", "list_price": 12.5})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": salesperson.id,
                "vessel": "MSC Aurora / 026W",
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 800})],
            }
        )
        order.action_confirm()
        self.env["crm.customer.complaint"].create(
            {"order_id": order.id, "category": "packaging", "description": "Cartons crushed in transit",
             "cause": "transport", "resolution": "Replaced 40 cartons"}
        )  # fmt: skip
        self.start_tour(f"/odoo/sales/{order.id}", "crm_order_execution_customer_complaint", login=salesperson.login)
        complaint = order.complaint_ids.filtered(lambda c: c.state == "solved" and c.cause == "material")
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.user_id, salesperson)
