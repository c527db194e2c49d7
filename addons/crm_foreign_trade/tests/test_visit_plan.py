# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from collections import Counter
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ForeignTradeCommon, use_chinese


@tagged("post_install", "-at_install")
class TestVisitPlan(ForeignTradeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # messages asserted in English: the database may default to Chinese (make test loads it)
        (cls.salesperson | cls.colleague | cls.manager | cls.general_manager).lang = "en_US"
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
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

    def _many_customers(self, count, salesperson):
        return self.env["res.partner"].create(
            [
                {"name": f"Importer {i:02d}", "is_company": True, "customer_class": "c", "user_id": salesperson.id}
                for i in range(count)
            ]
        )

    def test_first_run_spreads_due_visits_over_the_working_days(self):
        # 18 C customers plus the two of setUp, all due: 20 visits for the salesperson
        customers = self._many_customers(18, self.salesperson) | self.a_customer | self.c_customer
        with freeze_time("2026-12-02"):  # a Wednesday; the 7-day horizon runs to Wednesday 9
            self.Plan._cron_plan_visits()
        plans = self.Plan.search([("partner_id", "in", customers.ids), ("user_id", "=", self.salesperson.id)])
        self.assertEqual(len(plans), 20)
        days = [d for d in (date(2026, 12, 2) + timedelta(days=n) for n in range(8)) if d.weekday() < 5]
        self.assertEqual(len(days), 6)
        per_day = Counter(plans.mapped("date_due"))
        self.assertFalse([d for d in per_day if d.weekday() >= 5], "no visit on a weekend")
        self.assertLessEqual(max(per_day.values()), math.ceil(len(plans) / len(days)))
        self.assertEqual(set(per_day), set(days), "every working day of the horizon gets visits")
        # the activities fall on the same days
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", customers.ids), ("user_id", "=", self.salesperson.id)]
        )
        self.assertEqual(Counter(activities.mapped("date_deadline")), per_day)

    def test_spreading_is_per_visitor_and_repeatable(self):
        self._many_customers(6, self.salesperson)
        self._many_customers(6, self.colleague)
        with freeze_time("2026-12-02"):
            self.Plan._cron_plan_visits()
        plans = self.Plan.search([("user_id", "in", (self.salesperson | self.colleague).ids)])
        by_visitor = {u: Counter(plans.filtered(lambda p, u=u: p.user_id == u).mapped("date_due"))
                      for u in (self.salesperson, self.colleague)}  # fmt: skip
        self.assertEqual(max(by_visitor[self.colleague].values()), 1, "6 visits over 6 working days")
        first_run = {(p.partner_id.id, p.user_id.id): p.date_due for p in plans}
        self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", plans.partner_id.ids)]
        ).unlink()
        plans.unlink()
        with freeze_time("2026-12-02"):
            self.Plan._cron_plan_visits()
        plans = self.Plan.search([("user_id", "in", (self.salesperson | self.colleague).ids)])
        self.assertEqual({(p.partner_id.id, p.user_id.id): p.date_due for p in plans}, first_run)

    def test_visit_due_on_a_weekend_moves_to_the_next_working_day(self):
        frequency = self.env["crm.visit.frequency"].search(
            [("customer_class", "=", "c"), ("visitor_role", "=", "salesperson")]
        )
        saturday = date(2026, 12, 5)
        self._visit(self.c_customer, self.salesperson, saturday - timedelta(days=frequency.interval_days))
        with freeze_time("2026-12-02"):
            self.Plan._cron_plan_visits()
        plan = self._plans(self.c_customer)
        self.assertEqual(plan.date_due, date(2026, 12, 7))

    def test_planned_visit_title_is_in_the_visitors_language(self):
        use_chinese(self.env, self.salesperson)
        with freeze_time("2026-12-02"):
            self.Plan._cron_plan_visits()
        activity = self.c_customer.activity_ids.filtered(lambda a: a.user_id == self.salesperson)
        role = dict(self.Plan._fields["visitor_role"]._description_selection(self.env(context={"lang": "zh_CN"})))
        self.assertIn("拜访", activity.summary)
        self.assertIn(role["salesperson"], activity.summary)
        self.assertNotIn("Salesperson", activity.summary)
        manager_activity = self.a_customer.activity_ids.filtered(lambda a: a.user_id == self.manager)
        self.assertEqual(manager_activity.summary, "Visit due (Sales Manager)", "the manager reads English")

    def test_salesperson_plans_visits_in_a_calendar_and_reports_from_it(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_foreign_trade.action_crm_visit_planning")
        self.assertEqual(action["view_mode"].split(",")[0], "calendar")
        menu = self.env.ref("crm_foreign_trade.menu_crm_visit_planning")
        self.assertEqual(menu.parent_id, self.env.ref("crm.crm_menu_sales"))
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.salesperson)._visible_menu_ids())
        with freeze_time("2026-12-02"):
            self.Plan._cron_plan_visits()
        plan = self._plans(self.c_customer).with_user(self.salesperson)
        calendar = self.Plan.with_user(self.salesperson).get_views([(False, "calendar")])["views"]["calendar"]
        self.assertIn('date_start="date_due"', calendar["arch"])
        context = plan.action_new_visit_report()["context"]
        report = self.env["crm.visit.report"].with_user(self.salesperson).with_context(**context).create({})
        self.assertEqual((report.partner_id, report.visit_date), (self.c_customer, plan.date_due))
