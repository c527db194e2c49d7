# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import LetterCreditCommon


@tagged("post_install", "-at_install")
class TestLetterCreditPresentation(LetterCreditCommon):
    """UCP 600: documents within the presentation period after the B/L date, never after expiry."""

    def _lc_order(self, lines=1):
        order = self._confirmed_lc_order(lines=lines)
        lc = self._lc(order)
        lc.action_receive()
        return order, lc

    def _deliver(self, picking, moves=None):
        """Validate the delivery with the ordered quantities of `moves` (all by default); a backorder for the rest."""
        moves = moves or picking.move_ids
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty if move in moves else 0.0
        result = picking.button_validate()
        if isinstance(result, dict) and result.get("res_model") == "stock.backorder.confirmation":
            Form(self.env["stock.backorder.confirmation"].with_context(**result["context"])).save().process()
        self.assertEqual(picking.state, "done")

    def _late_shipments(self, lc):
        return lc.discrepancy_ids.filtered(lambda d: d.category == "late_shipment")

    def test_documents_due_after_bill_of_lading_capped_at_expiry(self):
        order, lc = self._lc_order()
        self.assertFalse(lc.date_documents_due, "not shipped yet")
        order.date_bill_of_lading = date(2026, 6, 10)
        self.assertEqual(lc.date_documents_due, date(2026, 7, 1), "21 days after the B/L date")
        lc.presentation_days = 10
        self.assertEqual(lc.date_documents_due, date(2026, 6, 20))
        lc.presentation_days = 21
        order.date_bill_of_lading = date(2026, 6, 25)
        self.assertEqual(lc.date_documents_due, date(2026, 7, 10), "not after the expiry date")

    def test_presentation_after_expiry_is_refused(self):
        order, lc = self._lc_order()
        order.date_bill_of_lading = date(2026, 6, 18)
        with self.assertRaises(UserError):
            lc.date_documents_presented = date(2026, 7, 11)
        with self.assertRaises(UserError):
            lc.date_documents_presented = date(2026, 6, 17)  # before the goods were shipped
        lc.date_documents_presented = date(2026, 7, 10)
        self.assertEqual(lc.date_documents_presented, date(2026, 7, 10))

    def test_documents_late_when_presented_after_due_or_due_and_missing(self):
        order, lc = self._lc_order()
        order.date_bill_of_lading = date(2026, 6, 10)  # due 1 July
        LC = self.env["sale.letter.credit"]
        with freeze_time("2026-07-01"):
            lc.invalidate_recordset(["presentation_late"])
            self.assertFalse(lc.presentation_late)
            self.assertNotIn(lc, LC.search([("presentation_late", "=", True)]))
        with freeze_time("2026-07-02"):
            lc.invalidate_recordset(["presentation_late"])
            self.assertTrue(lc.presentation_late, "due yesterday, not presented")
            self.assertIn(lc, LC.search([("presentation_late", "=", True)]))
            self.assertNotIn(lc, LC.search([("presentation_late", "=", False)]))
            lc.date_documents_presented = date(2026, 6, 30)
            self.assertFalse(lc.presentation_late, "presented in time")
            self.assertIn(lc, LC.search([("presentation_late", "=", False)]))
            lc.date_documents_presented = date(2026, 7, 2)
            self.assertTrue(lc.presentation_late, "presented a day late")
            self.assertIn(lc, LC.search([("presentation_late", "=", True)]))
            lc.action_cancel()
            self.assertFalse(lc.presentation_late)

    def test_salesperson_and_clerk_warned_once_before_documents_are_due(self):
        order, lc = self._lc_order()
        order.date_bill_of_lading = date(2026, 6, 15)  # due 6 July; the company warns 7 days ahead
        LC = self.env["sale.letter.credit"]
        with freeze_time("2026-06-28"):
            self.assertFalse(LC._cron_warn_deadlines())
        with freeze_time("2026-06-29"):
            self.assertEqual(LC._cron_warn_deadlines(), lc)
            self.assertTrue(lc.documents_warning_sent)
            self.assertFalse(LC._cron_warn_deadlines(), "warned once")
        warnings = lc.activity_ids.filtered(lambda a: "present the documents" in a.summary)
        self.assertEqual(warnings.user_id, self.salesperson | self.clerk)
        self.assertEqual(set(warnings.mapped("date_deadline")), {date(2026, 7, 6)})

    def test_presented_documents_are_not_warned(self):
        order, lc = self._lc_order()
        order.date_bill_of_lading = date(2026, 6, 15)
        lc.date_documents_presented = date(2026, 6, 20)
        with freeze_time("2026-06-29"):
            self.assertFalse(self.env["sale.letter.credit"]._cron_warn_deadlines())
        self.assertFalse(lc.documents_warning_sent)

    def test_late_shipment_recorded_once_when_deliveries_are_validated(self):
        order, lc = self._lc_order(lines=2)
        picking = order.picking_ids
        self.assertEqual(picking.picking_type_code, "outgoing")
        with freeze_time("2026-06-25 10:00:00"):
            self._deliver(picking, picking.move_ids[:1])  # partial shipments: the rest follows
        discrepancy = self._late_shipments(lc)
        self.assertEqual(len(discrepancy), 1)
        self.assertEqual(discrepancy.state, "open")
        self.assertIn("2026-06-20", discrepancy.description)
        warning = lc.activity_ids.filtered(lambda a: "late shipment" in a.summary)
        self.assertEqual(warning.user_id, self.salesperson)
        self.assertIn(picking.name, lc.message_ids[0].body)
        backorder = self.env["stock.picking"].search([("backorder_id", "=", picking.id)])
        self.assertEqual(backorder.state, "assigned")
        with freeze_time("2026-06-27 10:00:00"):
            self._deliver(backorder)
        self.assertEqual(self._late_shipments(lc), discrepancy, "one discrepancy for the L/C")

    def test_warehouse_user_without_sales_rights_ships_late(self):
        order, lc = self._lc_order()
        storekeeper = new_test_user(self.env, "ft_ex_store", groups="stock.group_stock_user")
        self.assertFalse(self.env["sale.letter.credit"].with_user(storekeeper).has_access("read"))
        with freeze_time("2026-06-22 10:00:00"):
            self._deliver(order.picking_ids.with_user(storekeeper))
        self.assertEqual(len(self._late_shipments(lc)), 1)

    def test_shipment_on_time_records_no_discrepancy(self):
        order, lc = self._lc_order()
        with freeze_time("2026-06-20 10:00:00"):
            self._deliver(order.picking_ids)
        self.assertFalse(lc.discrepancy_ids)
        self.assertFalse(lc.activity_ids.filtered(lambda a: "late shipment" in a.summary))

    def test_clerk_records_discrepancies_other_salespeople_cannot_read_them(self):
        _order, lc = self._lc_order()
        discrepancy = (
            self.env["sale.letter.credit.discrepancy"]
            .with_user(self.clerk)
            .create(
                {
                    "letter_credit_id": lc.id,
                    "category": "goods_description",
                    "description": "Invoice says 'power cords', L/C says 'VDE power supply cords'",
                    "fee": 80.0,
                }
            )
        )
        discrepancy.with_user(self.salesperson).state = "accepted"
        self.assertEqual(discrepancy.state, "accepted")
        self.assertTrue(discrepancy.with_user(self.accountant).read(["fee"]))
        with self.assertRaises(AccessError):
            discrepancy.with_user(self.accountant).write({"fee": 0.0})
        with self.assertRaises(AccessError):
            discrepancy.with_user(self.colleague).read(["description"])
        with self.assertRaises(AccessError):
            self.env["sale.letter.credit.discrepancy"].with_user(self.colleague).create(
                {"letter_credit_id": lc.id, "description": "Not my order"}
            )
