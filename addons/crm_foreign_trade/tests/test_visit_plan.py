# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.tests import tagged

from .common import ForeignTradeCommon


@tagged("post_install", "-at_install")
class TestVisitPlan(ForeignTradeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.a_customer = Partner.create(
            {"name": "Wing Fat", "is_company": True, "customer_class": "a", "user_id": cls.salesperson.id}
        )
        cls.c_customer = Partner.create(
            {"name": "Van Dijk", "is_company": True, "customer_class": "c", "user_id": cls.salesperson.id}
        )
        cls.env.company.write({"visit_planning": True, "general_manager_user_id": cls.general_manager.id})
        cls.Plan = cls.env["crm.visit.plan"]

    def _plans(self, customer):
        return self.Plan.search([("partner_id", "=", customer.id)])

    def _visit(self, customer, visitors, date):
        with freeze_time(date):
            report = self.env["crm.visit.report"].create(
                {
                    "partner_id": customer.id,
                    "purpose": "Quarterly review",
                    "findings": "<p>All well</p>",
                    "user_id": self.salesperson.id,
                    "visitor_ids": [(6, 0, visitors.ids)],
                    "visit_date": date,
                }
            )
            report.action_submit()
        return report

    def test_matrix_plans_the_right_people(self):
        with freeze_time("2026-03-01"):
            self.Plan._cron_plan_visits()
        a_plans = self._plans(self.a_customer)
        self.assertEqual(set(a_plans.mapped("visitor_role")), {"salesperson", "sales_manager", "general_manager"})
        self.assertEqual(a_plans.user_id, self.salesperson | self.manager | self.general_manager)
        self.assertEqual(self._plans(self.c_customer).user_id, self.salesperson, "C: only the salesperson")
        activities = self.a_customer.activity_ids
        self.assertEqual(activities.activity_type_id, self.env.ref("crm_foreign_trade.mail_activity_type_visit"))
        self.assertEqual(activities.user_id, a_plans.user_id)
        with freeze_time("2026-03-02"):
            self.Plan._cron_plan_visits()
        self.assertEqual(len(self._plans(self.a_customer)), 3, "no duplicate while a visit is planned")

    def test_next_visit_follows_the_last_one(self):
        self._visit(self.a_customer, self.salesperson, "2026-03-01")
        with freeze_time("2026-03-10"):
            self.Plan._cron_plan_visits()
        self.assertFalse(self._plans(self.a_customer).filtered(lambda p: p.user_id == self.salesperson))
        with freeze_time("2026-03-26"):  # 30 days after the visit fall within the 7-day horizon
            self.Plan._cron_plan_visits()
        plan = self._plans(self.a_customer).filtered(lambda p: p.user_id == self.salesperson)
        self.assertEqual(str(plan.date_due), "2026-03-31")

    def test_visit_report_completes_the_plan_and_compliance_counts(self):
        with freeze_time("2026-03-01"):
            self.Plan._cron_plan_visits()
        report = self._visit(self.a_customer, self.salesperson | self.manager, "2026-03-05")
        plans = self._plans(self.a_customer)
        done = plans.filtered(lambda p: p.state == "done")
        self.assertEqual(done.user_id, self.salesperson | self.manager)
        self.assertEqual(done.report_id, report)
        self.assertEqual(
            self.a_customer.activity_ids.user_id, self.general_manager, "only the general manager's visit is open"
        )
        totals = self.Plan._read_group(
            [("partner_id", "in", (self.a_customer | self.c_customer).ids)],
            ["customer_class"],
            ["planned_count:sum", "done_count:sum"],
        )
        self.assertEqual({c: (p, d) for c, p, d in totals}, {"a": (3, 2), "c": (1, 0)})

    def test_nothing_planned_until_switched_on(self):
        self.env.company.visit_planning = False
        self.Plan._cron_plan_visits()
        self.assertFalse(self._plans(self.a_customer))
