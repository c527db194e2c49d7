# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common_work_report import MONTH, WEEK, WorkReportCommon


@tagged("post_install", "-at_install")
class TestWorkReportFacts(WorkReportCommon):
    def test_weekly_report_is_prefilled_with_the_weeks_facts(self):
        report = self._report()
        self.assertEqual((report.date_from, report.date_to), WEEK)
        self.assertEqual(report.visit_count, 2, "the decider's and the influencer's visits; not the draft")
        self.assertEqual(report.visit_planned_count, 2)
        self.assertEqual(report.decision_meeting_count, 1, "only the visit where the decider took part")
        self.assertEqual(report.quotation_count, 2, "the sent one and the confirmed one made this week")
        self.assertEqual(report.order_count, 2, "confirmed this week, even when quoted in February")
        self.assertEqual(report.order_amount, 6500.0)
        self.assertEqual(report.opportunity_count, 2, "the lost and archived opportunity counts too")
        self.assertIn(self.order_week.name, report.facts_summary)
        self.assertIn(self.visit_decider.name, report.facts_summary)
        self.assertIn("Orders confirmed: 2", report.facts_summary)

    def test_monthly_report_counts_visits_taken_part_in_and_orders_in_company_currency(self):
        report = self._report(period="monthly", date_from=MONTH[0])
        self.assertEqual(report.date_to, MONTH[1])
        self.assertEqual(report.visit_count, 3, "the colleague's visit he took part in counts")
        self.assertEqual(report.visit_planned_count, 3)
        self.assertEqual(report.decision_meeting_count, 2, "the decider met without an opportunity named")
        self.assertEqual(report.quotation_count, 3)
        self.assertEqual(report.order_count, 3)
        self.assertEqual(report.order_amount, 14500.0, "1,000 EUR at 0.125 is 8,000 in the company currency")
        self.assertEqual(report.opportunity_count, 3)

    def test_refresh_facts_adds_what_happened_since(self):
        report = self._report()
        self._visit(date(2026, 3, 6), self.decider, lead=self.lead_week)
        self.assertEqual(report.visit_count, 2)
        report.action_refresh_facts()
        self.assertEqual(report.visit_count, 3)
        self.assertEqual(report.decision_meeting_count, 2)

    def test_facts_are_read_whoever_owns_the_opportunities(self):
        # the colleague's visit met the decider of the salesperson's opportunity, which she may not read
        report = self._report(period="monthly", date_from=MONTH[0], user=self.colleague)
        self.assertEqual(report.visit_count, 1)
        self.assertEqual(report.decision_meeting_count, 1)

    def test_facts_of_one_salesperson_are_not_anothers(self):
        report = self._report(user=self.colleague)
        self.assertEqual(report.visit_count, 0, "the colleague's visit of 15 March is outside the week")
        self.assertEqual(report.opportunity_count, 1)
        self.assertEqual(report.order_count, 0)

    def test_period_snaps_to_the_week_and_month_of_the_form(self):
        form = Form(self.env["crm.work.report"].with_user(self.salesperson))
        form.date_from = date(2026, 3, 5)
        form.period = "weekly"
        self.assertEqual(form.date_from, date(2026, 3, 2))
        self.assertEqual(form.date_to, date(2026, 3, 8))
        form.period = "monthly"
        self.assertEqual(form.date_from, date(2026, 3, 1))
        self.assertEqual(form.date_to, date(2026, 3, 31))
        self.assertEqual(form.team_id, self.team)

    def test_one_report_per_salesperson_and_period(self):
        self._report()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self._report()


@tagged("post_install", "-at_install")
class TestWorkReportReview(WorkReportCommon):
    def _submitted(self):
        report = self._report(sales_data="<p>Two orders, one old quotation confirmed.</p>")
        report.action_submit()
        return report

    def test_submit_gives_the_team_leader_a_review_activity(self):
        report = self._submitted()
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.submitted_date, fields.Date.context_today(report))
        review_type = self.env.ref("crm_customer_scoring.mail_activity_type_work_report_review")
        activity = report.activity_ids.filtered(lambda a: a.activity_type_id == review_type)
        self.assertEqual(activity.user_id, self.leader, "the branch manager the organisation names")

    def test_a_leaders_own_report_goes_to_the_sales_manager(self):
        report = self._report(user=self.leader, next_period_plan="<p>Visit Kansai</p>")
        report.action_submit()
        self.assertEqual(report.activity_ids.user_id, self.manager)

    def test_an_empty_report_cannot_be_submitted(self):
        report = self._report()
        with self.assertRaisesRegex(UserError, "Write at least one section"):
            report.action_submit()
        self.assertEqual(report.state, "draft")

    def test_only_the_salesperson_submits_his_report(self):
        report = self._report(sales_data="<p>x</p>")
        with self.assertRaisesRegex(UserError, "Only the salesperson submits"):
            report.with_user(self.leader).action_submit()

    def test_the_leader_reviews_with_a_comment(self):
        report = self._submitted()
        as_leader = report.with_user(self.leader)
        self.assertTrue(as_leader.can_review)
        self.assertFalse(report.with_user(self.salesperson).can_review, "the form offers him no review")
        with self.assertRaisesRegex(UserError, "Write your comment"):
            as_leader.action_review()
        as_leader.review_comment = "Follow the decider up before the fair."
        as_leader.action_review()
        self.assertEqual(report.state, "reviewed")
        self.assertEqual(report.reviewer_id, self.leader)
        self.assertEqual(report.review_date, fields.Date.context_today(report))
        self.assertFalse(report.activity_ids, "the review activity is done")
        message = report.message_ids.filtered(lambda m: "before the fair" in (m.body or ""))
        self.assertIn(self.salesperson.partner_id, message.partner_ids, "the salesperson is notified")

    def test_a_colleague_cannot_review_nor_the_salesperson_himself(self):
        report = self._submitted()
        with self.assertRaisesRegex(UserError, "comments a work report"):
            report.with_user(self.salesperson).review_comment = "Excellent work"
        report.with_user(self.leader).review_comment = "Good"
        with self.assertRaisesRegex(UserError, "branch manager or a sales manager"):
            report.with_user(self.salesperson).action_review()
        with self.assertRaises(AccessError):
            report.with_user(self.outsider).action_review()

    def test_a_sales_manager_reviews_any_report(self):
        report = self._submitted()
        report.with_user(self.manager).write({"review_comment": "OK"})
        report.with_user(self.manager).action_review()
        self.assertEqual(report.reviewer_id, self.manager)

    def test_a_reviewed_report_is_read_only_to_the_salesperson(self):
        report = self._submitted()
        report.with_user(self.leader).write({"review_comment": "Fine"})
        report.with_user(self.leader).action_review()
        as_salesperson = report.with_user(self.salesperson)
        with self.assertRaisesRegex(UserError, "reviewed work report can no longer be changed"):
            as_salesperson.write({"market_dynamics": "<p>Copper up 5%</p>"})
        with self.assertRaises(AccessError):
            as_salesperson.unlink()
        with self.assertRaisesRegex(UserError, "reviewed work report can no longer be changed"):
            report.with_user(self.leader).write({"review_comment": "Changed my mind"})
        self.assertEqual(as_salesperson.review_comment, "Fine", "he still reads it")
        as_salesperson.message_post(body="Thanks, will do.")

    def test_submitted_report_goes_back_to_draft_and_the_review_activity_is_withdrawn(self):
        report = self._submitted()
        report.with_user(self.salesperson).action_reset_to_draft()
        self.assertEqual(report.state, "draft")
        self.assertFalse(report.activity_ids)


@tagged("post_install", "-at_install")
class TestWorkReportOverdue(WorkReportCommon):
    def setUp(self):
        super().setUp()
        self.today = fields.Date.context_today(self.env["crm.work.report"])
        self.yesterday = self.today - relativedelta(days=1)

    def test_due_date_is_the_period_end_plus_the_policy_days(self):
        report = self._report()
        self.assertEqual(report.due_date, WEEK[1] + relativedelta(days=1))
        self.company.work_report_due_days = 5
        self.assertEqual(report.due_date, WEEK[1] + relativedelta(days=5))

    def test_zero_days_makes_yesterdays_daily_report_overdue_today(self):
        self.company.work_report_due_days = 0
        late = self._report(period="daily", date_from=self.yesterday)
        on_time = self._report(period="daily", date_from=self.today)
        self.assertTrue(late.overdue)
        self.assertFalse(on_time.overdue, "due today, not yet late")
        Report = self.env["crm.work.report"]
        self.assertEqual(Report.search([("overdue", "=", True), ("user_id", "=", self.salesperson.id)]), late)
        self.assertIn(on_time, Report.search([("overdue", "=", False), ("user_id", "=", self.salesperson.id)]))

    def test_one_day_gives_yesterdays_report_until_tonight(self):
        report = self._report(period="daily", date_from=self.yesterday)
        self.assertEqual(report.due_date, self.today)
        self.assertFalse(report.overdue)

    def test_submitted_report_is_not_overdue_but_marked_late(self):
        self.company.work_report_due_days = 0
        report = self._report(period="daily", date_from=self.yesterday, sales_data="<p>x</p>")
        report.action_submit()
        self.assertFalse(report.overdue)
        self.assertTrue(report.submitted_late)

    def test_cron_gives_the_salesperson_one_overdue_activity(self):
        self.company.work_report_due_days = 0
        late = self._report(period="daily", date_from=self.yesterday)
        on_time = self._report(period="daily", date_from=self.today)
        overdue_type = self.env.ref("crm_customer_scoring.mail_activity_type_work_report_overdue")
        Report = self.env["crm.work.report"]
        Report._cron_flag_overdue()
        self.assertEqual(late.activity_ids.activity_type_id, overdue_type)
        self.assertEqual(late.activity_ids.user_id, self.salesperson)
        self.assertFalse(on_time.activity_ids)
        Report._cron_flag_overdue()
        self.assertEqual(len(late.activity_ids), 1, "a rerun gives no second activity")
        late.write({"sales_data": "<p>x</p>"})
        late.with_user(self.salesperson).action_submit()
        self.assertNotIn(overdue_type, late.activity_ids.activity_type_id, "submitting closes it")

    def test_policy_days_are_shown_in_settings_and_cannot_be_negative(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.work_report_due_days, 1)
        settings.work_report_due_days = 0
        settings.execute()
        self.assertEqual(self.company.work_report_due_days, 0)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.company.work_report_due_days = -1
            self.company.flush_recordset()


@tagged("post_install", "-at_install")
class TestWorkReportAccess(WorkReportCommon):
    def setUp(self):
        super().setUp()
        self.own = self._report()
        self.colleagues = self._report(user=self.colleague)
        self.outsiders = self._report(user=self.outsider)

    def _visible(self, user):
        return self.env["crm.work.report"].with_user(user).search([]) & (self.own | self.colleagues | self.outsiders)

    def test_salesperson_sees_and_edits_his_own_reports(self):
        self.assertEqual(self._visible(self.salesperson), self.own)
        self.own.with_user(self.salesperson).write({"company_news": "<p>New plant</p>"})
        with self.assertRaises(AccessError):
            self.colleagues.with_user(self.salesperson).read(["name"])

    def test_team_leader_sees_her_teams_reports(self):
        self.assertEqual(self._visible(self.leader), self.own | self.colleagues)

    def test_sales_manager_sees_all(self):
        self.assertEqual(self._visible(self.manager), self.own | self.colleagues | self.outsiders)

    def test_portal_user_is_denied(self):
        with self.assertRaises(AccessError):
            self.env["crm.work.report"].with_user(self.portal).search([])

    def test_other_companys_user_sees_nothing(self):
        self.assertFalse(self._visible(self.other_company_user))
        with self.assertRaises(AccessError):
            self.own.with_user(self.other_company_user).read(["name"])


@tagged("post_install", "-at_install")
class TestWorkReportQueries(WorkReportCommon):
    def _refresh_queries(self, reports):
        reports.invalidate_recordset()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        reports._refresh_facts()
        reports.flush_recordset()
        return self.cr.sql_log_count - before

    def test_refreshing_facts_reads_them_once_for_many_reports(self):
        Report = self.env["crm.work.report"]
        one = self._report()
        many = Report.browse()
        for user in (self.salesperson, self.colleague, self.leader):
            for period, day in (("daily", WEEK[0]), ("monthly", MONTH[0])):
                many |= self._report(period=period, date_from=day, user=user)
        # warm the caches that do not depend on the number of reports (languages, currencies, activity types)
        self._refresh_queries(one)
        # the facts are read once for the batch; the ORM then writes one UPDATE per distinct set of facts
        self.assertLessEqual(self._refresh_queries(many), self._refresh_queries(one) + len(many))
        self.assertEqual(len(many), 6)
