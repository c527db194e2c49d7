# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ForeignTradeCommon


@tagged("post_install", "-at_install")
class TestQuotationConsistency(ForeignTradeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cord = cls.env["product.product"].create({"name": "VDE power cord 1.5m", "list_price": 2.0})
        cls.wire = cls.env["product.product"].create({"name": "UL1007 wire 22AWG", "list_price": 0.5})
        with freeze_time("2026-06-01"):
            cls.earlier = cls._quote(cls.salesperson, cls.customer, [(cls.cord, 2.00)])
        cls.env.company.quotation_consistency = True

    @classmethod
    def _quote(cls, user, partner, lines):
        return (
            cls.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": partner.id,
                    "user_id": user.id,
                    "order_line": [
                        (0, 0, {"product_id": product.id, "product_uom_qty": 1000, "price_unit": price})
                        for product, price in lines
                    ],
                }
            )
        )

    def test_colleague_quote_at_another_price_is_named(self):
        with freeze_time("2026-06-20"):
            order = self._quote(self.colleague, self.buyer, [(self.cord, 1.80), (self.wire, 0.5)])
            self.assertEqual(order.price_conflict_count, 1)
            self.assertIn(self.earlier.name, order.price_conflict_html)
            self.assertIn("2.00", order.price_conflict_html)
            self.assertIn("Zhao Wei", order.price_conflict_html)

    def test_within_tolerance_or_too_old_is_no_conflict(self):
        with freeze_time("2026-06-20"):
            self.assertFalse(self._quote(self.colleague, self.customer, [(self.cord, 2.08)]).price_conflict_count)
        with freeze_time("2026-10-01"):  # 122 days later, the default period is 90
            self.assertFalse(self._quote(self.colleague, self.customer, [(self.cord, 1.50)]).price_conflict_count)

    def test_off_until_switched_on(self):
        self.env.company.quotation_consistency = False
        with freeze_time("2026-06-20"):
            order = self._quote(self.colleague, self.customer, [(self.cord, 1.0)])
            self.assertFalse(order.price_conflict_count)
            order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_confirmation_needs_a_reason_and_is_reported(self):
        with freeze_time("2026-06-20"):
            order = self._quote(self.colleague, self.customer, [(self.cord, 1.70)])
            with self.assertRaisesRegex(UserError, "reason for the price difference"):
                order.with_user(self.colleague).action_confirm()
            self.assertEqual(order.state, "draft")
            order.with_user(self.colleague).price_conflict_reason = "Annual frame contract volume"
            order.with_user(self.colleague).action_confirm()
        self.assertEqual(order.state, "sale")
        conflict = self.env["sale.price.conflict"].search([("order_id", "=", order.id)])
        self.assertEqual(conflict.earlier_order_id, self.earlier)
        self.assertEqual(conflict.earlier_user_id, self.salesperson)
        self.assertAlmostEqual(conflict.gap_percent, 15.0, places=1)
        self.assertEqual(conflict.reason, "Annual frame contract volume")
        self.assertTrue(conflict.with_user(self.manager).read(["reason"]))
        with self.assertRaises(AccessError):
            conflict.with_user(self.colleague).read(["reason"])

    def test_check_costs_the_same_for_1_10_and_100_lines(self):
        products = self.env["product.product"].create([{"name": f"Cable {i}"} for i in range(111)])
        with freeze_time("2026-06-01"):
            self._quote(self.salesperson, self.customer, [(p, 1.0) for p in products])
        counts = []
        start = 0
        with freeze_time("2026-06-20"):
            for size in (1, 10, 100):
                # each order its own products, so none is compared with the previous one
                order = self._quote(self.colleague, self.customer, [(p, 2.0) for p in products[start : start + size]])
                start += size
                # read once from the database so that access rules are computed and cached
                self.env.invalidate_all()
                order._find_price_conflicts()
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                conflicts = order._find_price_conflicts()
                counts.append(self.env.cr.sql_log_count - before)
                self.assertEqual(len(conflicts), size)
        self.assertEqual(len(set(counts)), 1, counts)
