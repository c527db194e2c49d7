# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged

from .common_evaluation import create_export_template


@tagged("post_install", "-at_install")
class TestOpportunityEvaluationTours(HttpCase):
    """A salesperson fills her opportunity's evaluation in the browser and sees its score set the probability."""

    def test_salesperson_evaluates_an_opportunity_and_sees_its_score(self):
        salesperson = new_test_user(self.env, "ft_ev_tour_sales", groups="sales_team.group_sale_salesman")
        template = create_export_template(self.env, self.env.company)
        team = self.env["crm.team"].create(
            {
                "name": "Export Europe",
                "company_id": self.env.company.id,
                "evaluation_template_id": template.id,
                "evaluation_sets_probability": True,
            }
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Cable harnesses for Rheinland",
                "type": "opportunity",
                "user_id": salesperson.id,
                "team_id": team.id,
                "expected_revenue": 100000.0,
            }
        )
        automated = lead.automated_probability
        self.start_tour(
            f"/odoo/crm.lead/{lead.id}", "crm_customer_scoring_opportunity_evaluation", login=salesperson.login
        )
        self.assertEqual(len(lead.evaluation_ids), 1)
        self.assertEqual(lead.evaluation_id.user_id, salesperson)
        self.assertAlmostEqual(lead.evaluation_score, 56.67, places=2)
        self.assertAlmostEqual(lead.probability, 56.67, places=2)
        self.assertEqual(lead.automated_probability, automated)
