# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_foreign_trade.tests.common import use_chinese

from .common import ExecutionCommon


@tagged("post_install", "-at_install")
class TestExecutionLanguage(ExecutionCommon):
    """Checklists, activities and messages generated for a user read in that user's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_chinese(cls.env, cls.clerk)
        cls.template_steps = cls.env.ref("crm_order_execution.template_direct_export").step_ids

    def _in(self, lang, records):
        return records.with_context(lang=lang)

    def _by_template_step(self, order):
        return {s.template_step_id: s for s in order.execution_step_ids}

    def test_seed_steps_are_translated_into_chinese(self):
        for template_step in self.template_steps:
            english = self._in("en_US", template_step).name
            chinese = self._in("zh_CN", template_step).name
            self.assertNotEqual(chinese, english, f"{english!r} has no Chinese name")

    def test_checklist_steps_read_in_each_users_language(self):
        order = self._order()
        order.action_confirm()
        steps = self._by_template_step(order)
        self.assertEqual(set(steps), set(self.template_steps))
        for template_step, step in steps.items():
            self.assertEqual(step.with_user(self.clerk).with_context(lang="zh_CN").name,
                             self._in("zh_CN", template_step).name)  # fmt: skip
            self.assertEqual(self._in("en_US", step).name, self._in("en_US", template_step).name)

    def test_checklist_confirmed_by_a_chinese_salesperson_stays_english_for_english_users(self):
        use_chinese(self.env, self.salesperson)
        order = self._order()
        order.with_user(self.salesperson).with_context(lang="zh_CN").action_confirm()
        for template_step, step in self._by_template_step(order).items():
            self.assertEqual(self._in("en_US", step).name, self._in("en_US", template_step).name)
            self.assertEqual(self._in("zh_CN", step).name, self._in("zh_CN", template_step).name)

    def test_a_step_renamed_by_hand_keeps_its_name(self):
        template_step = self.template_steps[:1]
        order = self._order()
        order.action_confirm()
        step = self.env["sale.execution.step"].create(
            {"order_id": order.id, "template_step_id": template_step.id, "name": "Sample sent by DHL"}
        )
        self.assertEqual(self._in("zh_CN", step).name, "Sample sent by DHL")

    def test_activities_in_the_responsibles_language(self):
        order = self._order()
        order.action_confirm()
        steps = self._by_template_step(order)
        self.env.invalidate_all()
        for template_step, step in steps.items():
            activity = step.activity_ids
            # the document's name in "My Activities" is the step's, in its responsible's language too
            self.assertEqual(activity.res_name, activity.summary)
            if activity.user_id == self.clerk:
                self.assertEqual(activity.summary, self._in("zh_CN", template_step).name)
                self.assertIn(order.name, activity.note)
                self.assertIn("订单", activity.note)
            elif activity:
                self.assertEqual(activity.user_id, self.salesperson)
                self.assertEqual(activity.summary, self._in("en_US", template_step).name)
                self.assertIn(f"Order {order.name}", activity.note)
        packing = steps[self.env.ref("crm_order_execution.step_direct_packing")]
        self.assertEqual(packing.activity_ids.user_id, self.clerk, "the test needs an activity of the clerk")

    def test_milestone_speaks_to_the_salesperson_and_the_customer_in_their_languages(self):
        use_chinese(self.env, self.salesperson)
        self.exporter.lang = "en_US"
        order = self._order()
        order.action_confirm()
        bill_of_lading = self.env.ref("crm_order_execution.step_direct_bl")
        for step in order.execution_step_ids.sorted("sequence"):
            step.action_done()
            if step.template_step_id == bill_of_lading:
                break
        chinese_name = self._in("zh_CN", bill_of_lading).name
        english_name = self._in("en_US", bill_of_lading).name
        activity = order.activity_ids.filtered(lambda a: chinese_name in (a.summary or ""))
        self.assertEqual(activity.user_id, self.salesperson)
        self.assertNotIn("Inform the customer", activity.summary)
        self.assertIn(f"Milestone reached: {english_name}", order.message_ids[0].body)

    def test_milestone_message_to_a_chinese_customer_is_chinese(self):
        self.exporter.lang = "zh_CN"
        order = self._order()
        order.action_confirm()
        arrival = order.execution_step_ids.filtered(lambda s: s.milestone == "arrival")
        arrival.action_done()
        body = order.message_ids[0].body
        self.assertIn(self._in("zh_CN", arrival.template_step_id).name, body)
        self.assertNotIn("Milestone reached", body)
        activity = order.activity_ids.filtered(lambda a: (a.summary or "").startswith("Inform the customer"))
        self.assertIn(
            self._in("en_US", arrival.template_step_id).name, activity.summary, "the salesperson reads English"
        )

    def test_late_step_escalation_in_the_branch_managers_language(self):
        leader = new_test_user(self.env, "ft_ex_lang_leader", groups="sales_team.group_sale_manager")
        use_chinese(self.env, leader)
        team = self.env["crm.team"].create(
            {"name": "Europe Desk", "user_id": leader.id, "member_ids": [(6, 0, self.salesperson.ids)]}
        )
        with freeze_time("2026-05-04"):
            order = self._order(team_id=team.id)
            order.action_confirm()
        with freeze_time("2026-05-10"):
            late = self.env["sale.execution.step"]._cron_flag_late_steps()
        self.assertTrue(late)
        escalated = order.activity_ids.filtered(lambda a: a.user_id == leader)
        self.assertEqual(len(escalated), len(late))
        for step in late:
            chinese_name = self._in("zh_CN", step.template_step_id).name
            self.assertTrue(escalated.filtered(lambda a, n=chinese_name: n in a.summary and "逾期" in a.summary))
        self.assertFalse(escalated.filtered(lambda a: a.summary.startswith("Late:")))

    def test_eta_alert_in_each_users_language(self):
        with freeze_time("2026-05-04"):
            order = self._order(date_eta="2026-05-20", port_of_destination="Hamburg")
            order.action_confirm()
        with freeze_time("2026-05-25"):
            self.env["sale.execution.step"]._cron_alert_eta_passed()
        alerts = order.activity_ids.filtered(lambda a: "2026" in (a.summary or "") and "Hamburg" in a.summary)
        self.assertEqual(alerts.user_id, self.salesperson | self.clerk)
        for_clerk = alerts.filtered(lambda a: a.user_id == self.clerk)
        for_salesperson = alerts - for_clerk
        self.assertTrue(for_salesperson.summary.startswith("ETA"))
        self.assertNotIn("passed", for_clerk.summary, "the clerk reads Chinese")

    def test_steps_named_after_their_template_step_read_its_translations_as_they_come(self):
        """The demo's checklists are made while the module installs, before its Chinese is loaded."""
        template = self.env["sale.execution.template"].create(
            {
                "name": "Trial export",
                "trade_channel": "direct_export",
                "step_ids": [
                    (0, 0, {"name": "Moulds approved", "sequence": 1}),
                    (0, 0, {"name": "Cartons printed", "sequence": 2}),
                ],
            }
        )
        order = self._order()
        order.action_confirm()
        steps = self.env["sale.execution.step"].create(
            [{"order_id": order.id, "template_step_id": t.id, "name": t.name} for t in template.step_ids]
        )
        moulds, cartons = steps.sorted("id")
        cartons.name = "Cartons printed in Ningbo"  # renamed by hand
        self.assertEqual(self._in("zh_CN", moulds).name, "Moulds approved")
        for template_step, chinese in zip(
            template.step_ids.sorted("sequence"), ("模具已确认", "纸箱已印刷"), strict=True
        ):
            self._in("zh_CN", template_step).name = chinese
        self.assertEqual(self._in("zh_CN", moulds).name, "模具已确认")
        self.assertEqual(self._in("en_US", moulds).name, "Moulds approved")
        self.assertEqual(self._in("zh_CN", cartons).name, "Cartons printed in Ningbo")
        self.assertEqual(self.env["sale.execution.step"].search([("name", "=", "Moulds approved")]), moulds)
        self.assertEqual(
            self.env["sale.execution.step"].search([("id", "in", steps.ids), ("name", "!=", "Moulds approved")]),
            cartons,
        )

    def test_a_deleted_template_step_leaves_its_steps_their_name_in_every_language(self):
        template = self.env["sale.execution.template"].create(
            {
                "name": "Trial export",
                "trade_channel": "direct_export",
                "step_ids": [(0, 0, {"name": "Moulds approved"})],
            }
        )
        self._in("zh_CN", template.step_ids).name = "模具已确认"
        order = self._order()
        order.action_confirm()
        step = self.env["sale.execution.step"].create({"order_id": order.id, "template_step_id": template.step_ids.id})
        template.step_ids.unlink()
        self.assertFalse(step.template_step_id)
        self.assertEqual(self._in("en_US", step).name, "Moulds approved")
        self.assertEqual(self._in("zh_CN", step).name, "模具已确认")

    def test_a_step_needs_a_name(self):
        order = self._order()
        order.action_confirm()
        with self.assertRaisesRegex(ValidationError, "Give the execution step a name."):
            self.env["sale.execution.step"].create({"order_id": order.id})
