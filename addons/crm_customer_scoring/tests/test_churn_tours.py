# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestChurnTours(HttpCase):
    """The chatter's Mark Done asks how the customer responded; a refusal is kept for the churn rule."""

    def test_salesperson_marks_a_call_done_as_refused_from_the_chatter(self):
        salesperson = new_test_user(self.env, "ft_churn_tour_sales", groups="sales_team.group_sale_salesman")
        customer = self.env["res.partner"].create(
            {"name": "Kansai Denki Co.", "is_company": True, "user_id": salesperson.id}
        )
        call = self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": customer.id,
                "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
                "user_id": salesperson.id,
                "summary": "Call about the next season's order",
            }
        )
        self.start_tour(
            f"/odoo/res.partner/{customer.id}", "crm_customer_scoring_churn_response", login=salesperson.login
        )
        self.assertTrue(call.exists(), "a done activity with a customer response is kept")
        self.assertFalse(call.active)
        self.assertEqual(call.customer_response, "refused")
        self.assertEqual(call.customer_partner_id, customer)
