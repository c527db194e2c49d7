# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import ForeignTradeCommon, use_chinese


@tagged("post_install", "-at_install")
class TestSalesRolesTour(HttpCase, ForeignTradeCommon):
    """Each sales role walks its main task in the Chinese UI, without an access error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write(
            {"country_id": cls.env.ref("base.de").id, "customer_class": "a", "user_id": cls.salesperson.id}
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Cable tray for Hamburg",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.salesperson.id,
                "team_id": cls.team.id,
            }
        )

    def test_salesperson_plans_and_reports_her_visits(self):
        use_chinese(self.env, self.salesperson)
        self.env.company.visit_planning = True
        self.env["crm.visit.plan"]._cron_plan_visits()
        plan = self.env["crm.visit.plan"].search(
            [("partner_id", "=", self.customer.id), ("user_id", "=", self.salesperson.id)]
        )
        # the tour's calendar shows this week: keep the visit in it whatever day the run falls on
        plan.date_due = fields.Date.context_today(plan)
        self.start_tour("/odoo", "crm_foreign_trade_salesperson_visits",
                        login=self.salesperson.login)  # fmt: skip
        report = self.env["crm.visit.report"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual((report.state, report.user_id), ("submitted", self.salesperson))
        self.assertIn("Poland", report.findings)
        self.assertEqual(plan.state, "done")

    def test_branch_manager_reviews_a_report_of_her_team(self):
        branch_manager = self._user("ft_branch_manager", "sales_team.group_sale_salesman_all_leads", "Wang Fang")
        use_chinese(self.env, branch_manager)
        self.team.user_id = branch_manager
        hanse = self.env["res.partner"].create({"name": "Hanse Kabelwerk AG", "is_company": True})
        report = self.env["crm.visit.report"].create(
            {"partner_id": hanse.id, "purpose": "Plant audit", "user_id": self.salesperson.id,
             "findings": "<p>A new plant in Poland.</p>"}
        )  # fmt: skip
        report.action_submit()
        self.start_tour("/odoo/action-crm_foreign_trade.action_crm_visit_report",
                        "crm_foreign_trade_branch_manager_review", login=branch_manager.login)  # fmt: skip
        self.assertEqual((report.state, report.reviewer_id), ("reviewed", branch_manager))
        self.assertEqual(report.review_comment, "Send the VDE certificate with the offer.")

    def test_sales_manager_lands_on_her_teams_pipeline(self):
        use_chinese(self.env, self.manager)
        self.start_tour("/odoo", "crm_foreign_trade_sales_manager_pipeline",
                        login=self.manager.login)  # fmt: skip
