# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ExecutionCommon


@tagged("post_install", "-at_install")
class TestExecutionChecklist(ExecutionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.domestic = cls.env["res.partner"].create(
            {"name": "Shenzhen Tianrui", "is_company": True, "trade_channel": "domestic"}
        )

    def test_template_follows_the_trade_channel(self):
        with freeze_time("2026-05-04"):
            order = self._order(self.exporter, date_etd=date(2026, 5, 20), date_eta=date(2026, 6, 25))
            order.action_confirm()
        self.assertEqual(order.execution_template_id, self.env.ref("crm_order_execution.template_direct_export"))
        steps = {s.name: s for s in order.execution_step_ids}
        self.assertEqual(len(steps), 14)
        self.assertEqual(steps["Payment or letter of credit received"].date_planned, date(2026, 5, 7))
        self.assertEqual(steps["Payment or letter of credit received"].user_id, self.salesperson)
        self.assertEqual(steps["Space booked"].user_id, self.clerk)
        self.assertEqual(steps["Bill of lading issued"].date_planned, date(2026, 5, 22), "ETD + 2")
        self.assertEqual(steps["Goods at destination port"].date_planned, date(2026, 6, 25), "ETA")
        self.assertTrue(steps["Goods at destination port"].customer_facing)
        domestic = self._order(self.domestic)
        domestic.action_confirm()
        self.assertEqual(len(domestic.execution_step_ids), 2)

    def test_incoterm_template_comes_first(self):
        fob = self.env.ref("account.incoterm_FOB")
        template = self.env["sale.execution.template"].create(
            {
                "name": "Direct export FOB",
                "trade_channel": "direct_export",
                "incoterm_id": fob.id,
                "sequence": 99,
                "step_ids": [(0, 0, {"name": "Goods handed to the forwarder"})],
            }
        )
        order = self._order(self.exporter, incoterm=fob.id)
        order.action_confirm()
        self.assertEqual(order.execution_template_id, template)
        other = self._order(self.exporter)
        other.action_confirm()
        self.assertEqual(other.execution_template_id, self.env.ref("crm_order_execution.template_direct_export"))

    def test_previous_step_rule(self):
        order = self._order(self.domestic)
        order.action_confirm()
        delivered, collected = order.execution_step_ids.sorted("sequence")
        self.assertFalse(collected.date_planned)
        with freeze_time("2026-07-01"):
            delivered.action_done()
        self.assertEqual(collected.date_planned, date(2026, 7, 31), "30 days after delivery")

    def test_milestone_tells_the_salesperson_and_the_customer(self):
        order = self._order(self.exporter)
        order.action_confirm()
        arrival = order.execution_step_ids.filtered(lambda s: s.name == "Goods at destination port")
        arrival.with_user(self.clerk).action_done()
        activity = order.activity_ids.filtered(lambda a: "Inform the customer" in (a.summary or ""))
        self.assertEqual(activity.user_id, self.salesperson)
        self.assertIn("Milestone reached: Goods at destination port", order.message_ids[0].body)

    def test_late_steps_are_flagged_once_with_escalation(self):
        leader = new_test_user(self.env, "ft_ex_leader", groups="sales_team.group_sale_manager")
        leader.lang = "en_US"
        team = self.env["crm.team"].create(
            {"name": "Europe Desk", "user_id": leader.id, "member_ids": [(6, 0, self.salesperson.ids)]}
        )
        with freeze_time("2026-05-04"):
            order = self._order(self.exporter, team_id=team.id)
            order.action_confirm()
        with freeze_time("2026-05-10"):  # payment (+3) and purchase contract (+2) are late
            late = self.env["sale.execution.step"]._cron_flag_late_steps()
            self.assertEqual(
                set(late.mapped("name")),
                {"Payment or letter of credit received", "Domestic purchase contract reviewed"},
            )
            self.assertFalse(self.env["sale.execution.step"]._cron_flag_late_steps(), "flagged once")
        escalated = order.activity_ids.filtered(lambda a: (a.summary or "").startswith("Late:"))
        self.assertEqual(len(escalated), 2)
        self.assertEqual(escalated.user_id, leader, "the salesperson's branch manager hears of it")

    def test_late_steps_are_flagged_one_batch_per_call_until_none_remain(self):
        with freeze_time("2026-05-04"):
            order = self._order(self.exporter)
            order.action_confirm()
        cron = ("crm_order_execution.ir_cron_flag_late_steps", "_cron_flag_late_steps")
        with freeze_time("2026-05-10"):  # payment and purchase contract are late
            first, done, remaining = self._cron_batch(*cron, batch_size=1)
            self.assertEqual((len(first), done, remaining), (1, 1, 1), "the scheduler calls again for the other")
            second, done, remaining = self._cron_batch(*cron, batch_size=1)
            self.assertEqual((len(second), done, remaining), (1, 1, 0))
            self.assertEqual(first | second, order.execution_step_ids.filtered("is_late"))
            self.assertEqual(len(first | second), 2)
            self.assertEqual(self._cron_batch(*cron, batch_size=1)[1:], (0, 0), "nothing left, nothing twice")
        self.assertEqual(len(order.activity_ids.filtered(lambda a: (a.summary or "").startswith("Late:"))), 2)

    def test_no_checklist_until_switched_on_or_without_channel(self):
        self.env.company.execution_checklists = False
        order = self._order(self.exporter)
        order.action_confirm()
        self.assertFalse(order.execution_step_ids)
        self.env.company.execution_checklists = True
        unknown = self._order(self.env["res.partner"].create({"name": "No channel", "is_company": True}))
        unknown.action_confirm()
        self.assertFalse(unknown.execution_step_ids)

    def test_prerequisites_and_skip_reason(self):
        order = self._order(self.exporter)
        order.action_confirm()
        steps = {s.name: s for s in order.execution_step_ids}
        with self.assertRaisesRegex(UserError, "waits for: Packing list"):
            steps["Space booked"].with_user(self.clerk).action_done()
        steps["Packing list and shipping instruction"].with_user(self.clerk).action_done()
        steps["Space booked"].with_user(self.clerk).action_done()
        self.assertEqual(steps["Space booked"].state, "done")
        with self.assertRaisesRegex(UserError, "reason"):
            steps["Domestic purchase contract reviewed"].action_skip()
        steps["Domestic purchase contract reviewed"].skip_reason = "Made in our own plant"
        steps["Domestic purchase contract reviewed"].action_skip()
        self.assertEqual(steps["Domestic purchase contract reviewed"].state, "skipped")

    def _confirm_queries(self, lines, checklists):
        """Queries of confirming a fresh order, caches warmed by confirming a twin first."""
        self.env.company.execution_checklists = checklists
        warm, order = self._order(self.exporter, lines=lines), self._order(self.exporter, lines=lines)
        for record in (warm, order):
            record.incoterm = self.env.ref("account.incoterm_EXW")
        self.env.flush_all()
        self.env.invalidate_all()
        warm.action_confirm()
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        order.action_confirm()
        self.env.flush_all()
        count = self.env.cr.sql_log_count - before
        self.assertEqual(len(order.execution_step_ids), 12 if checklists else 0)
        return count

    def test_12_step_checklist_costs_the_same_queries_for_1_and_100_lines(self):
        template = self.env["sale.execution.template"].create(
            {
                "name": "Direct export EXW, 12 steps",
                "trade_channel": "direct_export",
                "incoterm_id": self.env.ref("account.incoterm_EXW").id,
                "step_ids": [(0, 0, {"name": f"Step {i}", "sequence": i, "due_offset_days": i}) for i in range(12)],
            }
        )
        template.step_ids[3].prerequisite_ids = template.step_ids[:3]
        extra = {}
        for lines in (1, 100):
            extra[lines] = self._confirm_queries(lines, True) - self._confirm_queries(lines, False)
        self.assertEqual(extra[1], extra[100], "checklist generation must not depend on the number of lines")
        self.assertLessEqual(extra[1], 20, "a batch create, not a query per step")

    def test_responsibles_follow_their_steps(self):
        archived = new_test_user(self.env, "ft_ex_gone", groups="sales_team.group_sale_salesman")
        order = self._order(self.exporter)
        order.action_confirm()
        steps = order.execution_step_ids
        self.env.invalidate_all()
        for step in steps:
            self.assertEqual(step.message_partner_ids, step.user_id.partner_id, step.name)
            # with the default subtypes: a message on the step reaches its responsible
            self.assertIn(self.env.ref("mail.mt_comment"), step.message_follower_ids.subtype_ids)
        self.assertEqual(steps.user_id, self.salesperson | self.clerk)
        # an archived responsible follows nothing
        archived.action_archive()
        self.env.company.execution_default_clerk_id = archived
        other = self._order(self.exporter)
        other.action_confirm()
        by_clerk = other.execution_step_ids.filtered(lambda s: s.user_id == archived)
        self.assertTrue(by_clerk, "the test needs steps of the archived clerk")
        self.assertFalse(by_clerk.message_follower_ids)

    def test_access_per_role(self):
        order = self._order(self.exporter)
        order.action_confirm()
        step = order.execution_step_ids[:1]
        self.assertTrue(step.with_user(self.clerk).read(["name"]))
        self.assertTrue(step.with_user(self.salesperson).read(["name"]))
        with self.assertRaises(AccessError):
            step.with_user(self.colleague).read(["name"])
        with self.assertRaises(AccessError):
            self.env["sale.execution.template"].with_user(self.clerk).create(
                {"name": "Mine", "trade_channel": "domestic"}
            )
