# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import ExecutionCommon

PAYMENT = "Payment or letter of credit received"
PURCHASE = "Domestic purchase contract reviewed"
LOADING = "Goods delivered for loading"
BILL_OF_LADING = "Bill of lading issued"
INVOICE = "Commercial invoice issued"
COLLECTION = "Payment collected"
REBATE = "Export tax rebate confirmed"


@tagged("post_install", "-at_install")
class TestExecutionEvents(ExecutionCommon):
    """Steps bound to an ERP event tick themselves with the document, and re-open when it is undone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = cls.env["res.partner"].create({"name": "Ningbo Yongxin Wire Factory", "is_company": True})
        cls.warehouse_user = new_test_user(cls.env, "ft_ev_stock", groups="stock.group_stock_user")
        cls.buyer = new_test_user(cls.env, "ft_ev_buyer", groups="purchase.group_purchase_user")
        cls.accountant.groups_id += cls.env.ref("account.group_account_manager")

    def _confirmed(self, lines=1):
        order = self._order(lines=lines, date_etd=date(2026, 5, 20))
        order.action_confirm()
        return order, self._steps(order)

    def _purchase(self, order):
        return (
            self.env["purchase.order"]
            .with_user(self.buyer)
            .create(
                {
                    "partner_id": self.supplier.id,
                    "export_order_id": order.id,
                    "order_line": [
                        Command.create({"product_id": self.products[0].id, "product_qty": 1, "price_unit": 60})
                    ],
                }
            )
        )

    def _validate(self, picking, quantity=None):
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty if quantity is None else quantity
        return picking.with_user(self.warehouse_user).with_context(skip_backorder=True).button_validate()

    def _invoice(self, order):
        invoice = order._create_invoices()
        invoice.with_user(self.accountant).action_post()
        return invoice

    def _pay(self, invoice):
        return (
            self.env["account.payment.register"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({})
            ._create_payments()
        )

    def test_confirmed_purchase_contract_ticks_its_step_and_cancelling_it_reopens(self):
        order, steps = self._confirmed()
        purchase = self._purchase(order)
        self.assertEqual(steps[PURCHASE].state, "todo", "a request for quotation proves nothing yet")
        purchase.with_user(self.buyer).button_confirm()
        self.assertEqual(steps[PURCHASE].state, "done")
        self.assertEqual(steps[PURCHASE].document_ref, purchase)
        self.assertFalse(order.execution_changeable, "the purchase contract freezes the order for the customer")
        self.assertFalse(steps[PURCHASE].activity_ids, "the clerk's activity is closed")
        purchase.with_user(self.buyer).button_cancel()
        self.assertEqual(steps[PURCHASE].state, "todo")
        self.assertFalse(steps[PURCHASE].document_ref)
        self.assertFalse(steps[PURCHASE].date_done)
        self.assertTrue(order.execution_changeable)
        self.assertEqual(steps[PURCHASE].activity_ids.user_id, self.clerk, "the step is the clerk's to do again")
        self.assertIn("no longer valid", steps[PURCHASE].message_ids[0].body)

    def test_validated_delivery_ticks_the_loading_step_once_nothing_is_left_to_ship(self):
        order, steps = self._confirmed(lines=2)
        picking = order.picking_ids
        picking.move_ids[0].quantity = picking.move_ids[0].product_uom_qty
        picking.move_ids[1].quantity = 0
        wizard = picking.with_user(self.warehouse_user).button_validate()
        Form.from_action(self.env, wizard).save().with_user(self.warehouse_user).process()
        self.assertEqual(picking.state, "done")
        backorder = order.picking_ids - picking
        self.assertEqual(len(backorder), 1, "half the order is still to ship")
        self.assertEqual(steps[LOADING].state, "todo", "a partial shipment does not tick the step")
        self._validate(backorder)
        self.assertEqual(steps[LOADING].state, "done")
        self.assertEqual(steps[LOADING].document_ref, backorder, "the last delivery out")

    def test_cancelled_delivery_leaves_the_loading_step_open(self):
        order, steps = self._confirmed()
        order.picking_ids.action_cancel()
        self.assertEqual(steps[LOADING].state, "todo")

    def test_bill_of_lading_number_ticks_its_step_and_clearing_it_reopens(self):
        order, steps = self._confirmed()
        order.with_user(self.clerk).bill_of_lading = "COSU6123456780"
        self.assertEqual(steps[BILL_OF_LADING].state, "done", "its prerequisites wait no more: the B/L exists")
        self.assertEqual(steps[BILL_OF_LADING].document_ref, order)
        self.assertTrue(order.activity_ids.filtered(lambda a: "Inform the customer" in a.summary))
        order.with_user(self.clerk).bill_of_lading = False
        self.assertEqual(steps[BILL_OF_LADING].state, "todo")

    def test_posted_invoice_ticks_its_step_and_reset_to_draft_reopens(self):
        order, steps = self._confirmed()
        invoice = self._invoice(order)
        self.assertEqual(steps[INVOICE].state, "done")
        self.assertEqual(steps[INVOICE].document_ref, invoice)
        invoice.with_user(self.accountant).button_draft()
        self.assertEqual(steps[INVOICE].state, "todo")
        invoice.with_user(self.accountant).action_post()
        self.assertEqual(steps[INVOICE].state, "done")
        invoice.with_user(self.accountant).button_draft()
        invoice.with_user(self.accountant).button_cancel()
        self.assertEqual(steps[INVOICE].state, "todo")

    def test_deposit_invoice_does_not_tick_the_commercial_invoice(self):
        order, steps = self._confirmed()
        deposit = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "percentage", "amount": 30})
            ._create_invoices(order)
        )
        deposit.with_user(self.accountant).action_post()
        self._pay(deposit)
        self.assertEqual((steps[INVOICE].state, steps[COLLECTION].state), ("todo", "todo"), "30% is not the invoice")
        invoice = self._invoice(order)
        self.assertEqual(steps[INVOICE].state, "done")
        self.assertEqual(steps[INVOICE].document_ref, invoice)

    def test_paid_invoices_tick_collection_and_an_unreconciled_payment_reopens_it(self):
        order, steps = self._confirmed()
        invoice = self._invoice(order)
        self.assertEqual(steps[COLLECTION].state, "todo", "posted is not paid")
        payment = self._pay(invoice)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(steps[COLLECTION].state, "done")
        self.assertEqual(steps[COLLECTION].document_ref, invoice)
        payment.move_id.line_ids.remove_move_reconcile()
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertEqual(steps[COLLECTION].state, "todo")

    def test_collection_waits_for_the_whole_order_to_be_invoiced(self):
        self.products[1].invoice_policy = "delivery"
        order, steps = self._confirmed(lines=2)
        self._pay(self._invoice(order))
        self.assertEqual(steps[COLLECTION].state, "todo", "the second line is still to deliver and invoice")
        self._validate(order.picking_ids)
        self._pay(self._invoice(order))
        self.assertEqual(order.invoice_status, "invoiced")
        self.assertEqual(steps[COLLECTION].state, "done")

    def test_tax_rebate_date_ticks_the_rebate_step(self):
        order, steps = self._confirmed()
        order.with_user(self.accountant).sudo().date_tax_rebate = date(2026, 9, 1)
        self.assertEqual(steps[REBATE].state, "done")
        order.sudo().date_tax_rebate = False
        self.assertEqual(steps[REBATE].state, "todo")

    def test_manual_steps_stay_manual(self):
        order, steps = self._confirmed()
        steps[PURCHASE].with_user(self.clerk).action_done()
        self.assertEqual(steps[PURCHASE].state, "done")
        self.assertFalse(steps[PURCHASE].document_ref, "done by hand, without a document")
        self._purchase(order).button_cancel()
        self.assertEqual(steps[PURCHASE].state, "done", "no document of its own was cancelled")

    def test_events_leave_orders_without_checklists_alone(self):
        self.env.company.execution_checklists = False
        order = self._order()
        order.action_confirm()
        order.bill_of_lading = "COSU0000001"
        self._validate(order.picking_ids)
        self.assertFalse(order.execution_step_ids)
        self.assertEqual(order.picking_ids.state, "done")


@tagged("post_install", "-at_install")
class TestExecutionBlocks(ExecutionCommon):
    """Steps flagged "blocks delivery" / "blocks invoicing" hold the documents until they are done."""

    def test_open_blocking_step_stops_validating_the_delivery_with_its_reason(self):
        order = self._order()
        order.action_confirm()
        steps = self._steps(order)
        steps[PAYMENT].blocks_delivery = True
        picking = order.picking_ids
        self.assertIn(PAYMENT, picking.execution_block_reason)
        picking.move_ids.quantity = 1
        with self.assertRaisesRegex(UserError, "The delivery waits for these execution steps: .*" + PAYMENT):
            picking.button_validate()
        self.assertEqual(picking.state, "assigned", "nothing half done")
        steps[PAYMENT].with_user(self.salesperson).action_done()
        picking.invalidate_recordset(["execution_block_reason"])
        self.assertFalse(picking.execution_block_reason)
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_skipped_blocking_step_lets_the_delivery_go(self):
        order = self._order()
        order.action_confirm()
        payment = self._steps(order)[PAYMENT]
        payment.blocks_delivery = True
        payment.skip_reason = "Paid with the previous order's credit note"
        payment.action_skip()
        order.picking_ids.move_ids.quantity = 1
        order.picking_ids.button_validate()
        self.assertEqual(order.picking_ids.state, "done")

    def test_open_blocking_step_stops_posting_the_order_invoice(self):
        order = self._order()
        order.action_confirm()
        invoice = order._create_invoices()
        self._steps(order)["Packing list and shipping instruction"].blocks_invoicing = True
        with self.assertRaisesRegex(UserError, "Invoicing waits for these execution steps"):
            invoice.with_user(self.accountant).action_post()
        self.assertEqual(invoice.state, "draft")
        with self.assertRaisesRegex(UserError, "Invoicing waits"):
            order._create_invoices()

    def test_receipts_and_other_companies_deliveries_are_not_held(self):
        order = self._order()
        order.action_confirm()
        returned = (
            self.env["stock.return.picking"]
            .with_context(active_id=order.picking_ids.id, active_model="stock.picking")
            .create({})
        )
        self.assertTrue(returned, "returns go through their own picking type")
        self.assertFalse(
            self.env["stock.picking"]
            .create(
                {
                    "picking_type_id": self.env.ref("stock.picking_type_in").id,
                    "location_id": self.env.ref("stock.stock_location_suppliers").id,
                    "location_dest_id": self.env.ref("stock.stock_location_stock").id,
                }
            )
            .execution_block_reason
        )
