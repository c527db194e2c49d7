# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import LetterCreditCommon


@tagged("post_install", "-at_install")
class TestLetterOfCredit(LetterCreditCommon):
    def _lc_order(self):
        order = self._confirmed_lc_order(lines=3)
        return order, self._steps(order)["Payment or letter of credit received"]

    def test_payment_step_needs_a_received_covering_unexpired_lc(self):
        order, payment = self._lc_order()
        self.assertTrue(order.letter_of_credit_required, "the payment term says L/C")
        with freeze_time("2026-05-10"):
            with self.assertRaises(UserError) as caught:
                payment.action_done()
            self.assertIn("paid by letter of credit", str(caught.exception))
            lc = self._lc(order, amount=order.amount_total - 10)
            lc.action_receive()
            with self.assertRaises(UserError):
                payment.action_done()  # does not cover the order
            lc.amount = order.amount_total
            lc.state = "expected"
            with self.assertRaises(UserError):
                payment.action_done()  # not received yet
            lc.action_receive()
        with freeze_time("2026-07-11"), self.assertRaises(UserError):
            payment.action_done()  # expired
        with freeze_time("2026-05-10"):
            payment.action_done()
        self.assertEqual(payment.state, "done")

    def test_orders_not_paid_by_lc_are_not_gated(self):
        order = self._order()
        order.action_confirm()
        self.assertFalse(order.letter_of_credit_required)
        payment = self._steps(order)["Payment or letter of credit received"]
        payment.action_done()
        self.assertEqual(payment.state, "done")

    def test_amendment_changes_the_terms_and_rearms_warnings(self):
        order, _payment = self._lc_order()
        lc = self._lc(order)
        lc.action_receive()
        lc.write({"shipment_warning_sent": True, "expiry_warning_sent": True})
        self.env["sale.letter.credit.amendment"].create(
            {
                "letter_credit_id": lc.id,
                "name": "AMD-1",
                "description": "Shipment extended by the buyer",
                "new_latest_shipment_date": date(2026, 7, 1),
                "new_date_expiry": date(2026, 7, 20),
            }
        )
        self.assertEqual(lc.latest_shipment_date, date(2026, 7, 1))
        self.assertEqual(lc.date_expiry, date(2026, 7, 20))
        self.assertFalse(lc.shipment_warning_sent or lc.expiry_warning_sent)
        self.assertEqual(lc.amount, order.amount_total, "an amendment without amount keeps it")
        self.assertIn("AMD-1", lc.message_ids[0].body)

    def test_warnings_before_latest_shipment_and_expiry(self):
        order, _payment = self._lc_order()
        lc = self._lc(order)
        lc.action_receive()
        LC = self.env["sale.letter.credit"]
        with freeze_time("2026-06-12"):
            self.assertFalse(LC._cron_warn_deadlines(), "more than 7 days before shipment")
        with freeze_time("2026-06-13"):
            self.assertEqual(LC._cron_warn_deadlines(), lc)
            self.assertTrue(lc.shipment_warning_sent)
            self.assertFalse(lc.expiry_warning_sent)
            self.assertFalse(LC._cron_warn_deadlines(), "warned once")
        warnings = lc.activity_ids.filtered(lambda a: "ship by" in a.summary)
        self.assertEqual(warnings.user_id, self.salesperson | self.clerk)
        self.env.company.execution_lc_warning_days = 30
        with freeze_time("2026-06-14"):
            self.assertEqual(LC._cron_warn_deadlines(), lc, "expiry within the 30 days of Settings")
        self.assertTrue(lc.expiry_warning_sent)

    def test_warnings_go_one_batch_per_call_until_none_remain(self):
        lcs = self.env["sale.letter.credit"]
        for _i in range(2):
            order, _payment = self._lc_order()
            lcs |= self._lc(order)
        lcs.action_receive()
        cron = ("crm_order_execution.ir_cron_warn_letter_credit", "_cron_warn_deadlines")
        with freeze_time("2026-06-13"):  # both ship by 20 June
            first, done, remaining = self._cron_batch(*cron, batch_size=1)
            self.assertEqual((len(first), done, remaining), (1, 1, 1), "the scheduler calls again for the other")
            second, done, remaining = self._cron_batch(*cron, batch_size=1)
            self.assertEqual((len(second), done, remaining), (1, 1, 0))
            self.assertEqual(first | second, lcs)
            self.assertEqual(self._cron_batch(*cron, batch_size=1)[1:], (0, 0), "warned once")
        self.assertTrue(all(lcs.mapped("shipment_warning_sent")))
        self.assertFalse(any(lcs.mapped("expiry_warning_sent")), "the expiry is further than 7 days")

    def test_dates_and_amount_are_checked(self):
        order, _payment = self._lc_order()
        with self.assertRaises(ValidationError):
            self._lc(order, latest_shipment_date=date(2026, 8, 1))
        with self.assertRaises(ValidationError):
            self._lc(order, date_issue=date(2026, 8, 1))

    def test_access_per_role(self):
        order, _payment = self._lc_order()
        lc = self._lc(order)
        self.assertTrue(lc.with_user(self.salesperson).read(["amount"]))
        self.assertTrue(lc.with_user(self.clerk).read(["amount"]))
        self.assertTrue(lc.with_user(self.accountant).read(["amount"]))
        with self.assertRaises(AccessError):
            lc.with_user(self.colleague).read(["amount"])
        with self.assertRaises(AccessError):
            lc.with_user(self.accountant).write({"amount": 1})
        with self.assertRaises(AccessError):
            lc.with_user(self.salesperson).unlink()
