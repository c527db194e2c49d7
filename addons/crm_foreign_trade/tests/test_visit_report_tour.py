# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import ForeignTradeCommon, use_chinese


@tagged("post_install", "-at_install")
class TestVisitReportTour(HttpCase, ForeignTradeCommon):
    def test_report_from_opportunity_then_manager_review(self):
        salesperson, manager = use_chinese(self.env, self.salesperson, self.manager)
        customer = self.env["res.partner"].create({"name": "Tour Customer Ltd", "is_company": True})
        lead = self.env["crm.lead"].create(
            {"name": "Tour cable project", "type": "opportunity", "partner_id": customer.id, "user_id": salesperson.id}
        )
        self.start_tour(f"/odoo/crm/{lead.id}", "crm_foreign_trade_visit_report_submit", login=salesperson.login)
        report = self.env["crm.visit.report"].search([("lead_id", "=", lead.id)])
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.user_id, salesperson)
        self.assertIn("Vietnam", report.findings)
        self.start_tour(
            f"/odoo/action-crm_foreign_trade.action_crm_visit_report/{report.id}",
            "crm_foreign_trade_visit_report_review",
            login=manager.login,
        )
        self.assertEqual(report.state, "reviewed")
        self.assertEqual(report.reviewer_id, manager)
        self.assertEqual(report.review_comment, "Ask for their supplier list in Vietnam.")
