# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ExecutionCommon


@tagged("post_install", "-at_install")
class TestExecutionFollowUp(ExecutionCommon):
    def test_each_responsible_gets_an_activity_closed_with_the_step(self):
        with freeze_time("2026-05-04"):
            order = self._order()
            order.action_confirm()
        steps = self._steps(order)
        packing = steps["Packing list and shipping instruction"]
        self.assertEqual(packing.activity_ids.user_id, self.clerk)
        self.assertEqual(packing.activity_ids.date_deadline, date(2026, 5, 11))
        self.assertEqual(steps["Payment or letter of credit received"].activity_ids.user_id, self.salesperson)
        self.assertEqual(len(order.execution_step_ids.activity_ids), 14)
        # handing the step to a colleague moves the activity, a new date moves its deadline
        packing.write({"user_id": self.colleague.id, "date_planned": date(2026, 5, 15)})
        self.assertEqual(packing.activity_ids.user_id, self.colleague)
        self.assertEqual(packing.activity_ids.date_deadline, date(2026, 5, 15))
        packing.with_user(self.clerk).action_done()
        self.assertFalse(packing.activity_ids, "done: the activity is closed")
        steps["Domestic purchase contract reviewed"].skip_reason = "Own plant"
        steps["Domestic purchase contract reviewed"].action_skip()
        self.assertFalse(steps["Domestic purchase contract reviewed"].activity_ids)

    def test_eta_passed_without_arrival_alerts_salesperson_and_clerk_once(self):
        order = self._order(date_eta=date(2026, 6, 25), port_of_destination="Hamburg")
        order.action_confirm()
        arrival = self._steps(order)["Goods at destination port"]
        arrival.user_id = self.clerk
        step_model = self.env["sale.execution.step"]
        with freeze_time("2026-06-25"):
            self.assertFalse(step_model._cron_alert_eta_passed(), "not before the ETA has passed")
        with freeze_time("2026-06-26"):
            self.assertEqual(step_model._cron_alert_eta_passed(), arrival)
            self.assertFalse(step_model._cron_alert_eta_passed(), "alerted once")
        alerts = order.activity_ids.filtered(lambda a: "passed" in (a.summary or ""))
        self.assertEqual(alerts.user_id, self.salesperson | self.clerk)
        self.assertIn("Hamburg", alerts[0].summary)
        # a new ETA moves the arrival step and re-arms the alert
        order.date_eta = date(2026, 7, 3)
        self.assertEqual(arrival.date_planned, date(2026, 7, 3))
        self.assertFalse(arrival.eta_alert_sent)
        with freeze_time("2026-06-30"):
            self.assertFalse(step_model._cron_alert_eta_passed())
        arrival.action_done()
        with freeze_time("2026-07-10"):
            self.assertFalse(step_model._cron_alert_eta_passed(), "arrived: no alert")

    def test_eta_alerts_go_one_batch_per_call_until_none_remain(self):
        orders = self._order(date_eta=date(2026, 6, 25)) | self._order(date_eta=date(2026, 6, 24))
        orders.action_confirm()
        arrivals = orders.execution_step_ids.filtered(lambda s: s.milestone == "arrival")
        cron = ("crm_order_execution.ir_cron_alert_eta_passed", "_cron_alert_eta_passed")
        with freeze_time("2026-06-26"):
            first, done, remaining = self._cron_batch(*cron, batch_size=1)
            self.assertEqual((len(first), done, remaining), (1, 1, 1), "the scheduler calls again for the other")
            second, done, remaining = self._cron_batch(*cron, batch_size=1)
            self.assertEqual((len(second), done, remaining), (1, 1, 0))
            self.assertEqual(first | second, arrivals)
            self.assertEqual(self._cron_batch(*cron, batch_size=1)[1:], (0, 0), "alerted once")
        for order in orders:
            self.assertTrue(order.activity_ids.filtered(lambda a: "passed" in (a.summary or "")), order.name)

    def test_etd_change_moves_the_bill_of_lading_step(self):
        order = self._order(date_etd=date(2026, 5, 20))
        order.action_confirm()
        bl = self._steps(order)["Bill of lading issued"]
        self.assertEqual(bl.date_planned, date(2026, 5, 22))
        order.date_etd = date(2026, 6, 1)
        self.assertEqual(bl.date_planned, date(2026, 6, 3))
        self.assertEqual(bl.activity_ids.date_deadline, date(2026, 6, 3))

    def test_goods_do_not_ship_before_steps_that_block_delivery(self):
        self.env.ref("crm_order_execution.step_direct_payment").blocks_delivery = True
        order = self._order()
        order.action_confirm()
        steps = self._steps(order)
        for name in ("Packing list and shipping instruction", "Space booked"):
            steps[name].action_done()
        with self.assertRaises(UserError) as caught:
            steps["Bill of lading issued"].action_done()
        self.assertIn("cannot ship before: Payment or letter of credit received", str(caught.exception))
        steps["Payment or letter of credit received"].action_done()
        steps["Bill of lading issued"].action_done()
        self.assertEqual(steps["Bill of lading issued"].state, "done")

    def test_invoicing_waits_for_blocking_steps(self):
        self.env.ref("crm_order_execution.step_direct_bl").blocks_invoicing = True
        order = self._order()
        order.action_confirm()
        with self.assertRaises(UserError) as caught:
            order._create_invoices()
        self.assertIn("Bill of lading issued", str(caught.exception))
        self.assertFalse(order.invoice_ids, "nothing half written")
        steps = self._steps(order)
        for name in ("Packing list and shipping instruction", "Space booked", "Bill of lading issued"):
            steps[name].action_done()
        self.assertTrue(order._create_invoices())

    def test_milestone_message_uses_the_editable_template(self):
        template = self.env.ref("crm_order_execution.mail_template_execution_milestone")
        template.body_html = "<p>Good news: <t t-out='object.name'/> for <t t-out='object.order_id.name'/></p>"
        order = self._order()
        order.action_confirm()
        self._steps(order)["Goods at destination port"].action_done()
        self.assertIn(f"Good news: Goods at destination port for {order.name}", order.message_ids[0].body)

    def test_lead_time_and_delay_per_step(self):
        with freeze_time("2026-05-04 09:00"):
            order = self._order()
            order.action_confirm()
        steps = self._steps(order)
        with freeze_time("2026-05-06"):
            steps["Domestic purchase contract reviewed"].action_done()  # planned 05-06
        with freeze_time("2026-05-14"):
            steps["Packing list and shipping instruction"].action_done()  # planned 05-11
        self.env.flush_all()
        self.assertEqual(steps["Domestic purchase contract reviewed"].lead_time_days, 2)
        self.assertEqual(steps["Domestic purchase contract reviewed"].delay_days, 0)
        self.assertEqual(steps["Packing list and shipping instruction"].lead_time_days, 8)
        self.assertEqual(steps["Packing list and shipping instruction"].delay_days, 3)
        per_clerk = self.env["sale.execution.step"].read_group(
            [("order_id", "=", order.id), ("state", "=", "done")], ["delay_days:avg"], ["user_id"]
        )
        self.assertEqual(per_clerk[0]["user_id"][0], self.clerk.id)
        self.assertEqual(per_clerk[0]["user_id_count"], 2)

    def test_confirmation_time_in_working_days(self):
        # received Friday 10:00, confirmed Monday 10:00: one working day (the weekend does not count)
        with freeze_time("2026-05-08 10:00"):
            on_time = self._order()
        with freeze_time("2026-05-11 10:00"):
            on_time.action_confirm()
        self.assertAlmostEqual(on_time.confirmation_working_days, 1.0, places=2)
        self.assertTrue(on_time.confirmation_on_time)
        late = self._order(date_order_received=datetime(2026, 5, 4, 10, 0))
        with freeze_time("2026-05-06 14:00"):
            late.action_confirm()
        self.assertAlmostEqual(late.confirmation_working_days, 2 + 4 / 24, places=2)
        self.assertFalse(late.confirmation_on_time)
        self.env.company.execution_confirmation_target_days = 3
        late._compute_confirmation_time()
        self.assertTrue(late.confirmation_on_time, "the target comes from Settings")

    def test_clerk_works_checklists_without_credit_data(self):
        order = self._order()
        order.action_confirm()
        step = self._steps(order)["Space booked"].with_user(self.clerk)
        step.write({"notes": "Booked with COSCO, SO 8812"})
        self.assertTrue(order.with_user(self.clerk).read(["name", "amount_total"]))
        with self.assertRaises(AccessError):
            self.exporter.with_user(self.clerk).read(["credit_limit"])
        with self.assertRaises(AccessError):
            step.with_user(self.accountant).write({"notes": "x"})
