# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CollectionCommon


@tagged("post_install", "-at_install")
class TestCollectionPlanFollowsOrder(CollectionCommon):
    """A confirmed order's instalments follow its total and payment term; a cancelled order loses them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.term_3 = cls.env["account.payment.term"].create(
            {
                "name": "20% deposit, 30% at 30 days, balance 90 days",
                "line_ids": [
                    (0, 0, {"value": "percent", "value_amount": 20.0, "nb_days": 0}),
                    (0, 0, {"value": "percent", "value_amount": 30.0, "nb_days": 30}),
                    (0, 0, {"value": "percent", "value_amount": 50.0, "nb_days": 90}),
                ],
            }
        )

    def _confirmed(self, amount=1000.0, **kwargs):
        order = self._order(amount=amount, **kwargs)
        order.with_user(self.salesperson).action_confirm()
        return order

    def _plan(self, order):
        instalments = order.instalment_ids.filtered(lambda i: not i.cancelled).sorted("sequence")
        return [(i.date_due, i.amount_expected, i.amount_received, i.state) for i in instalments]

    def _pay(self, order, amount):
        invoice = order.sudo()._create_invoices()
        invoice.action_post()
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {"amount": amount, "payment_difference_handling": "open"}
        )._create_payments()
        return invoice

    # ------------------------------------------------------------------
    def test_added_line_rebuilds_the_expected_amounts(self):
        with freeze_time("2026-01-05 10:00"):
            order = self._confirmed()
            deposit, balance = order.instalment_ids.sorted("sequence")
            order.with_user(self.salesperson).write(
                {"order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 1, "price_unit": 1000.0})]}
            )
        self.assertEqual(order.amount_total, 2000.0)
        self.assertEqual(order.instalment_ids.sorted("sequence"), deposit | balance, "updated in place")
        self.assertEqual((deposit.amount_expected, balance.amount_expected), (600.0, 1400.0))
        self.assertEqual((deposit.date_due, balance.date_due), (date(2026, 1, 5), date(2026, 3, 6)))

    def test_changed_quantity_or_price_rebuilds_the_expected_amounts(self):
        with freeze_time("2026-01-05 10:00"):
            order = self._confirmed()
            order.order_line.with_user(self.salesperson).write({"product_uom_qty": 3, "price_unit": 1000.0})
            self.assertEqual(order.instalment_ids.sorted("sequence").mapped("amount_expected"), [900.0, 2100.0])
            order.order_line.with_user(self.salesperson).write({"price_unit": 500.0})
            self.assertEqual(order.instalment_ids.sorted("sequence").mapped("amount_expected"), [450.0, 1050.0])

    def test_term_change_rebuilds_the_due_dates(self):
        with freeze_time("2026-01-05 10:00"):
            order = self._confirmed()
            order.with_user(self.salesperson).payment_term_id = self.term_3
            plan = self._plan(order)
        self.assertEqual(
            [(due, expected) for due, expected, _received, _state in plan],
            [(date(2026, 1, 5), 200.0), (date(2026, 2, 4), 300.0), (date(2026, 4, 5), 500.0)],
        )
        self.assertEqual(order.instalment_ids.sorted("sequence").mapped("name")[1], "30% after 30 days")

    def test_received_amounts_stay_allocated_first_due_first_paid(self):
        with freeze_time("2026-01-05 10:00"):
            order = self._confirmed()
            self._pay(order, 400.0)
            self.assertEqual([received for _d, _e, received, _s in self._plan(order)], [300.0, 100.0])
            order.with_user(self.salesperson).payment_term_id = self.term_3
            plan = self._plan(order)
        self.assertEqual(
            [(expected, received, state) for _due, expected, received, state in plan],
            [(200.0, 200.0, "paid"), (300.0, 200.0, "partial"), (500.0, 0.0, "planned")],
        )

    def test_dunned_instalment_keeps_its_dunning_level(self):
        with freeze_time("2026-01-01 10:00"):
            order = self._confirmed()
            deposit = order.instalment_ids.sorted("sequence")[0]
        with freeze_time("2026-01-09 10:00"):
            self.env["sale.order.instalment"]._cron_dun_overdue_instalments()
            self.assertEqual(deposit.dunning_level, 1)
            order.order_line.write({"price_unit": 2000.0})
            self.assertEqual((deposit.amount_expected, deposit.dunning_level), (600.0, 1))
            self.assertEqual(deposit.date_last_dunning, date(2026, 1, 9))
        with freeze_time("2026-01-10 10:00"):
            # the same reminder is not sent again for the new amount
            self.assertFalse(self.env["sale.order.instalment"]._cron_dun_overdue_instalments())

    def test_term_with_fewer_lines_drops_the_instalments_left(self):
        with freeze_time("2026-01-01 10:00"):
            order = self._confirmed(term=self.term_3)
            first, second, third = order.instalment_ids.sorted("sequence")
            self._pay(order, 200.0)  # the first is paid
        with freeze_time("2026-02-10 10:00"):  # the second, due on 31 January, is dunned
            self.env["sale.order.instalment"]._cron_dun_overdue_instalments()
            self.assertEqual(second.dunning_level, 1)
            order.payment_term_id = self.env.ref("account.account_payment_term_immediate")
        self.assertFalse(first.exists(), "never dunned: nothing to keep")
        self.assertFalse(third.exists())
        self.assertEqual((second.state, second.dunning_level, second.amount_due), ("cancelled", 1, 0.0))
        self.assertEqual(order.instalment_overdue_amount, 0.0)

    def test_cancelled_order_loses_its_plan(self):
        with freeze_time("2026-01-01 10:00"):
            order = self._confirmed()
            kept = self._confirmed()
            deposit, balance = order.instalment_ids.sorted("sequence")
        with freeze_time("2026-01-09 10:00"):
            self.env["sale.order.instalment"]._cron_dun_overdue_instalments()
            order.with_context(disable_cancel_warning=True).action_cancel()
            self.customer.invalidate_recordset()
            overdue = self.customer.with_user(self.salesperson).instalment_overdue_amount
            self.assertEqual(overdue, 300.0, "the kept order's deposit only")
        self.assertEqual(order.state, "cancel")
        self.assertFalse(balance.exists())
        self.assertEqual((deposit.state, deposit.dunning_level), ("cancelled", 1))
        self.assertEqual(len(kept.instalment_ids), 2, "other orders untouched")
        with freeze_time("2026-03-09 10:00"):
            self.env["sale.order.instalment"]._cron_dun_overdue_instalments()
        self.assertEqual(deposit.dunning_level, 1, "a cancelled order is not dunned")
        # confirmed again: the plan comes back, the dunned deposit with its level
        order.action_draft()
        with freeze_time("2026-03-09 10:00"):
            order.action_confirm()
        self.assertEqual(order.instalment_ids.sorted("sequence")[0], deposit)
        self.assertEqual((deposit.state, deposit.dunning_level, deposit.date_due), ("planned", 1, date(2026, 3, 9)))
        self.assertEqual(len(order.instalment_ids), 2)

    def test_policy_off_leaves_the_plan_as_it_is(self):
        with freeze_time("2026-01-05 10:00"):
            order = self._confirmed()
            self.company.collection_plans = False
            order.order_line.write({"price_unit": 3000.0})
            order.payment_term_id = self.term_3
        self.assertEqual(order.instalment_ids.sorted("sequence").mapped("amount_expected"), [300.0, 700.0])
        self.assertEqual(len(order.instalment_ids), 2)

    def test_policy_off_confirmation_and_term_change_create_no_plan(self):
        self.company.collection_plans = False
        order = self._confirmed(term=self.env.ref("account.account_payment_term_immediate"))
        order.payment_term_id = self.term_3
        self.assertFalse(order.instalment_ids)

    def test_term_of_several_lines_chosen_after_confirmation_makes_the_plan(self):
        order = self._confirmed(term=self.env.ref("account.account_payment_term_immediate"))
        self.assertFalse(order.instalment_ids)
        order.with_user(self.salesperson).payment_term_id = self.term
        self.assertEqual(order.instalment_ids.sorted("sequence").mapped("amount_expected"), [300.0, 700.0])

    def test_rebuilding_many_orders_takes_the_queries_of_one(self):
        def count(orders, term):
            # the new term set in SQL: sale's own recomputation of the order totals is not counted
            self.env.cr.execute(
                "UPDATE sale_order SET payment_term_id = %s WHERE id IN %s", (term.id, tuple(orders.ids))
            )
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            orders._rebuild_instalment_plans()
            queries = self.env.cr.sql_log_count - before
            self.assertEqual(len(orders.instalment_ids), len(term.line_ids) * len(orders))
            return queries

        warm_up = self._confirmed()
        single = self._confirmed()
        batch = self._confirmed() | self._confirmed(lines=3) | self._confirmed(lines=5)
        count(warm_up, self.term_3)  # the registry's caches once
        count(warm_up, self.term)
        self.assertEqual(count(single, self.term_3), count(batch, self.term_3))  # one more instalment each
        self.assertEqual(count(single, self.term), count(batch, self.term))  # one less each
