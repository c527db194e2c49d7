# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ForeignTradeCommon, use_chinese


@tagged("post_install", "-at_install")
class TestVisitReport(ForeignTradeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # messages asserted in English: the database may default to Chinese (make test loads it)
        (cls.salesperson | cls.colleague | cls.manager | cls.general_manager).lang = "en_US"
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.customer = cls.env["res.partner"].create(
            {"name": "Wing Fat Electrical Appliances Ltd.", "is_company": True}
        )
        cls.buyer = cls.env["res.partner"].create({"name": "Chan Siu Ming", "parent_id": cls.customer.id})
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Kettle cord set",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.salesperson.id,
            }
        )
        cls.env["crm.decision.contact"].create(
            {"lead_id": cls.lead.id, "partner_id": cls.buyer.id, "buying_role": "buyer"}
        )

    def _report_from_lead(self):
        action = self.lead.with_user(self.salesperson).action_new_visit_report()
        return (
            self.env["crm.visit.report"]
            .with_user(self.salesperson)
            .with_context(**action["context"])
            .create({"findings": "<p>Line 3 moves to Vietnam next year.</p>"})
        )

    def test_report_from_opportunity_prefills_customer_and_attendees(self):
        report = self._report_from_lead()
        self.assertEqual(report.partner_id, self.customer)
        self.assertEqual(report.attendee_ids, self.buyer)
        self.assertEqual(report.purpose, "Kettle cord set")
        self.assertIn("Wing Fat", report.name)

    def test_submitted_report_is_reviewed_by_a_manager_with_a_comment(self):
        report = self._report_from_lead()
        report.next_step_ids = [(0, 0, {"name": "Send UL test report", "user_id": self.salesperson.id})]
        visit_type = self.env.ref("crm_foreign_trade.mail_activity_type_visit")
        planned = self.customer.activity_schedule(activity_type_id=visit_type.id, user_id=self.salesperson.id)
        report.action_submit()
        self.assertEqual(report.state, "submitted")
        self.assertFalse(planned.exists(), "the planned visit is done")
        follow_up = self.lead.activity_ids.filtered(lambda a: a.summary == "Send UL test report")
        self.assertEqual(follow_up.user_id, self.salesperson)
        with self.assertRaisesRegex(UserError, "sales manager"):
            report.with_user(self.salesperson).action_review()
        with self.assertRaisesRegex(UserError, "comment"):
            report.with_user(self.manager).action_review()
        report.with_user(self.manager).review_comment = "Ask about the Vietnam plant's supplier list."
        report.with_user(self.manager).action_review()
        self.assertEqual((report.state, report.reviewer_id), ("reviewed", self.manager))

    def test_submit_needs_findings(self):
        report = self.env["crm.visit.report"].create({"partner_id": self.customer.id, "purpose": "Courtesy visit"})
        with self.assertRaisesRegex(UserError, "found"):
            report.action_submit()

    def test_salesperson_sees_own_reports_only(self):
        report = self._report_from_lead()
        with self.assertRaises(AccessError):
            report.with_user(self.colleague).read(["purpose"])
        self.assertTrue(report.with_user(self.manager).read(["purpose"]))

    def test_printed_report_shows_findings_and_attendees(self):
        report = self._report_from_lead()
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "crm_foreign_trade.report_visit_report", report.ids
        )
        self.assertIn(b"Line 3 moves to Vietnam", html)
        self.assertIn(b"Chan Siu Ming", html)

    def test_kanban_columns_follow_the_report_workflow(self):
        """Draft, then Submitted, then Reviewed, even with reports only in the last column."""
        report = self._report_from_lead()
        report.action_submit()
        report.with_user(self.manager).review_comment = "Good."
        report.with_user(self.manager).action_review()
        groups = (
            self.env["crm.visit.report"]
            .with_user(self.manager)
            .web_read_group([("id", "=", report.id)], ["state"], ["state"], lazy=True)["groups"]
        )
        self.assertEqual([g["state"] for g in groups], ["draft", "submitted", "reviewed"])
        self.assertEqual([g["state_count"] for g in groups], [0, 0, 1])

    def test_report_is_named_in_the_salespersons_language(self):
        """The manager (English) writes a report for a salesperson who reads Chinese."""
        use_chinese(self.env, self.salesperson)
        report = (
            self.env["crm.visit.report"]
            .with_user(self.manager)
            .with_context(lang="en_US")
            .create(
                {"partner_id": self.customer.id, "purpose": "Audit", "user_id": self.salesperson.id,
                 "visit_date": "2026-12-02"}
            )
        )  # fmt: skip
        self.assertIn("拜访", report.name)
        self.assertIn("Wing Fat Electrical Appliances Ltd.", report.name)
        self.assertNotIn("Visit to", report.name)
        report.user_id = self.manager
        self.assertEqual(report.name, "Visit to Wing Fat Electrical Appliances Ltd. on 2026-12-02")

    def test_branch_manager_reviews_the_reports_of_her_team_only(self):
        branch_manager = self._user("ft_branch_manager", "sales_team.group_sale_salesman_all_leads", "Wang Fang")
        self.env["crm.team"].create(
            {"name": "East China Branch", "user_id": branch_manager.id, "member_ids": [(6, 0, self.colleague.ids)]}
        )
        self.team.member_ids = [(3, self.colleague.id)]
        reports = self.env["crm.visit.report"].create(
            [
                {"partner_id": self.customer.id, "purpose": "Audit", "user_id": user.id, "findings": "<p>ok</p>",
                 "review_comment": "Seen."}
                for user in (self.colleague, self.salesperson, branch_manager)
            ]
        )  # fmt: skip
        reports.action_submit()
        of_her_team, of_another_team, her_own = reports
        with self.assertRaisesRegex(UserError, "branch manager"):
            her_own.with_user(branch_manager).action_review()
        of_her_team.with_user(branch_manager).action_review()
        self.assertEqual((of_her_team.state, of_her_team.reviewer_id), ("reviewed", branch_manager))
        with self.assertRaisesRegex(UserError, "branch manager"):
            of_another_team.with_user(branch_manager).action_review()
        self.assertEqual(of_another_team.state, "submitted")
