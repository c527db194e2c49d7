# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_work_report import MONTH, WorkReportCommon

MEASURES = [
    "visit_planned_count",
    "visit_planned_done_count",
    "visit_count",
    "decision_meeting_count",
    "quotation_count",
    "opportunity_count",
    "won_count",
    "won_amount",
    "sample_sent_count",
    "sample_converted_count",
    "sample_cost",
    "work_report_count",
    "work_report_late_count",
    "stage_exit_count",
    "stage_advance_count",
]


@tagged("post_install", "-at_install")
class TestSalesKpi(WorkReportCommon):
    def _kpis(self, user=None, salesperson=None):
        """{(salesperson, month): {measure: value}} of the rows `user` may read."""
        Kpi = self.env["crm.sales.kpi.report"].with_user(user or self.env.user)
        self.env.flush_all()
        domain = [("user_id", "in", (self.salesperson | self.colleague | self.outsider | self.leader).ids)]
        if salesperson:
            domain.append(("user_id", "=", salesperson.id))
        groups = Kpi._read_group(domain, ["user_id", "month:month"], [f"{m}:sum" for m in MEASURES])
        return {(user_, month): dict(zip(MEASURES, values, strict=True)) for user_, month, *values in groups}

    def test_kpis_of_a_salesperson_for_a_month(self):
        self.maxDiff = None
        march = self._kpis()[self.salesperson, MONTH[0]]
        self.assertEqual(
            march,
            {
                "visit_planned_count": 3,
                "visit_planned_done_count": 1,
                "visit_count": 3,
                "decision_meeting_count": 2,
                "quotation_count": 3,
                "opportunity_count": 3,
                "won_count": 1,
                "won_amount": 5000.0,
                "sample_sent_count": 2,
                "sample_converted_count": 1,
                "sample_cost": 500.0,
                "work_report_count": 0,
                "work_report_late_count": 0,
                "stage_exit_count": 0,
                "stage_advance_count": 0,
            },
        )

    def test_kpis_of_february_stay_in_february(self):
        february = self._kpis()[self.salesperson, MONTH[0].replace(month=2)]
        self.assertEqual(february["visit_planned_count"], 1)
        self.assertEqual(february["opportunity_count"], 1)
        self.assertEqual(february["sample_cost"], 999.0)
        self.assertEqual(february["quotation_count"], 1, "the February quote confirmed in March")

    def test_a_visit_counts_for_each_of_our_visitors(self):
        colleague = self._kpis()[self.colleague, MONTH[0]]
        self.assertEqual(colleague["visit_count"], 1)
        self.assertEqual(colleague["decision_meeting_count"], 1)
        self.assertEqual(colleague["opportunity_count"], 1)

    def test_decision_meetings_are_the_work_reports(self):
        """The work report's facts and the KPIs count decision-maker meetings by one rule: the same visits; and
        the month's visits, planned visits, quotations and new opportunities alike."""
        other_customer = self.env["res.partner"].create({"name": "Osaka Cables Ltd.", "is_company": True})
        # the decider of the week's opportunity met at another customer's: not a meeting of that customer's
        # decision tree; and the decider at a visit naming another opportunity of his own customer: a meeting
        visit = self._visit(date(2026, 3, 18), self.decider)
        visit.write({"partner_id": other_customer.id})
        self._visit(date(2026, 3, 19), self.decider, lead=self.lead_month)
        for user, meetings in ((self.salesperson, 3), (self.colleague, 1)):
            with self.subTest(user=user.name):
                report = self._report(period="monthly", date_from=MONTH[0], user=user)
                kpis = self._kpis()[user, MONTH[0]]
                self.assertEqual(report.decision_meeting_count, meetings)
                self.assertEqual(kpis["decision_meeting_count"], report.decision_meeting_count)
                # the other facts both count (each rule written once in Python, once in SQL): the same too
                for fact in ("visit_count", "visit_planned_count", "quotation_count", "opportunity_count"):
                    self.assertEqual(kpis[fact], report[fact], fact)

    def test_kpis_count_a_change_not_yet_saved(self):
        """A script or a report reading the KPIs in the transaction that changed a visit counts the change."""
        self.visit_influencer.visit_date = date(2026, 2, 20)  # pending in the ORM, not yet written
        [(visits,)] = self.env["crm.sales.kpi.report"]._read_group(
            [("user_id", "=", self.salesperson.id), ("month", "=", MONTH[0])], [], ["visit_count:sum"]
        )
        self.assertEqual(visits, 2)

    def test_team_is_the_salespersons(self):
        rows = self.env["crm.sales.kpi.report"].search([("user_id", "=", self.salesperson.id)])
        self.assertEqual(rows.team_id, self.team)

    def test_salesperson_sees_his_own_kpis(self):
        self.assertEqual({user for user, __ in self._kpis(self.salesperson)}, {self.salesperson})

    def test_team_leader_sees_her_teams_kpis(self):
        self.assertEqual({user for user, __ in self._kpis(self.leader)}, {self.salesperson, self.colleague})

    def test_sales_manager_sees_all_kpis(self):
        self._opportunity("Outsider's project", "2026-03-05", user=self.outsider, team_id=self.other_team.id)
        self.assertEqual(
            {user for user, __ in self._kpis(self.manager)}, {self.salesperson, self.colleague, self.outsider}
        )

    def test_portal_user_is_denied(self):
        with self.assertRaises(AccessError):
            self.env["crm.sales.kpi.report"].with_user(self.portal).search([])

    def test_an_opportunity_without_company_counts_for_its_salesperson(self):
        shared = self._opportunity("Shared project", "2026-03-10")
        shared.company_id = False
        kpis = self._kpis(self.salesperson)
        self.assertEqual(kpis[self.salesperson, MONTH[0]]["opportunity_count"], 4)

    def test_other_companys_user_sees_nothing(self):
        self.assertFalse(self._kpis(self.other_company_user))

    def test_work_reports_submitted_and_late(self):
        on_time = self._report(sales_data="<p>x</p>")
        on_time.action_submit()  # the first week of March is long past: submitted late
        self._report(period="daily", date_from=MONTH[0])  # never submitted, overdue
        self._report(period="monthly", date_from=MONTH[0], user=self.colleague, sales_data="<p>x</p>").action_submit()
        kpis = self._kpis()
        self.assertEqual(kpis[self.salesperson, MONTH[0]]["work_report_count"], 1)
        self.assertEqual(kpis[self.salesperson, MONTH[0]]["work_report_late_count"], 2)
        self.assertEqual(kpis[self.colleague, MONTH[0]]["work_report_count"], 1)
        self.assertEqual(kpis[self.colleague, MONTH[0]]["work_report_late_count"], 1)

    def test_stage_exits_and_advances_of_the_month(self):
        stages = self.env["crm.stage"].search([("is_won", "=", False), ("team_id", "=", False)], order="sequence, id")
        won = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        self.assertGreaterEqual(len(stages), 3)
        lead = self.env["crm.lead"].create(
            {"name": "Stage moves", "type": "opportunity", "user_id": self.leader.id, "stage_id": stages[0].id}
        )
        # on, back, on over a stage, won: four exits, three of them moving on
        for stage in (stages[1], stages[0], stages[2], won):
            lead.stage_id = stage
        month = fields.Date.context_today(lead).replace(day=1)
        kpis = self._kpis(salesperson=self.leader)[self.leader, month]
        self.assertEqual((kpis["stage_exit_count"], kpis["stage_advance_count"]), (4, 3))
