# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ExecutionCommon


@tagged("post_install", "-at_install")
class TestComplaintFollowUp(ExecutionCommon):
    """A solved complaint is closed with the customer: its owner asks whether the solution satisfied them."""

    def setUp(self):
        super().setUp()
        self.order = self._order()
        self.order.action_confirm()
        self.complaint = self.env["crm.customer.complaint"].create(
            {"order_id": self.order.id, "category": "packaging", "description": "Cartons crushed at the corners"}
        )
        self.complaint.write({"cause": "packing", "resolution": "Credit note for 12 cartons; corner protectors"})

    def _followups(self):
        return self.complaint.activity_ids.filtered(lambda a: "whether the solution satisfied" in (a.summary or ""))

    def test_solving_schedules_the_satisfaction_follow_up_after_the_policy_days(self):
        self.env.company.complaint_followup_days = 10
        with freeze_time("2026-06-01"):
            self.complaint.action_solve()
        followup = self._followups()
        self.assertEqual(followup.user_id, self.salesperson, "the complaint's owner asks the customer")
        self.assertEqual(followup.date_deadline, date(2026, 6, 11))
        self.assertIn("Nordlicht Elektro GmbH", followup.summary)

    def test_zero_days_is_the_same_day_and_negative_days_are_refused(self):
        self.env.company.complaint_followup_days = 0
        self.complaint.action_solve()
        self.assertEqual(self._followups().date_deadline, self.complaint.date_solved)
        with self.assertRaises(ValidationError):
            self.env.company.complaint_followup_days = -1

    def test_a_satisfied_customer_closes_the_follow_up(self):
        self.complaint.action_solve()
        self.complaint.customer_satisfaction = "satisfied"
        self.assertFalse(self._followups(), "the follow-up is done")
        self.assertEqual(self.complaint.state, "solved")

    def test_a_customer_not_satisfied_reopens_the_complaint_until_solved_again(self):
        self.complaint.action_solve()
        self.complaint.customer_satisfaction = "not_satisfied"
        self.assertEqual(self.complaint.state, "in_progress")
        self.assertFalse(self.complaint.date_solved)
        self.complaint.action_solve()
        self.assertFalse(self.complaint.customer_satisfaction, "the new solution waits for the customer's answer")
        self.assertEqual(len(self._followups()), 1)

    def test_satisfaction_is_recorded_only_once_solved(self):
        with self.assertRaisesRegex(UserError, "once the complaint is solved"):
            self.complaint.customer_satisfaction = "satisfied"
        self.assertFalse(self.complaint.customer_satisfaction)

    def test_the_follow_up_is_written_in_the_owner_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.salesperson.lang = "zh_CN"
        self.complaint.action_solve()
        followup = self.complaint.activity_ids
        self.assertIn("对解决方案是否满意", followup.summary)
        self.assertEqual(followup.date_deadline, self.complaint.date_solved + timedelta(days=14), "14 days by default")
