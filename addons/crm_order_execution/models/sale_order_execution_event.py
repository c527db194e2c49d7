# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .sale_execution_step import OPEN_STATES

PAID_STATES = ("paid", "in_payment")
INVOICE_EVENTS = ("invoice_posted", "invoice_paid")


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    date_tax_rebate = fields.Date(
        string="Export Tax Rebate Confirmed On",
        copy=False,
        tracking=True,
        help="When the tax office confirmed the export tax rebate of this order.",
    )
    purchase_order_ids = fields.One2many(
        "purchase.order", "export_order_id", string="Purchase Contracts", groups="purchase.group_purchase_user"
    )

    execution_supply_started = fields.Date(
        string="Purchase or Production Started",
        compute="_compute_execution_supply_started",
        help="When the first purchase contract for this order was confirmed: what the customer ordered is being "
        "made or bought.",
    )

    @api.depends("purchase_order_ids.state", "purchase_order_ids.date_approve")
    def _compute_execution_supply_started(self):
        # the customer and the salesperson read it without purchase rights: the contracts themselves stay hidden
        for order in self:
            confirmed = order.sudo().purchase_order_ids.filtered(lambda po: po.state in ("purchase", "done"))
            dates = [po.date_approve.date() for po in confirmed if po.date_approve]
            order.execution_supply_started = min(dates) if dates else False

    def write(self, vals):
        res = super().write(vals)
        events = [event for fname, event in (("bill_of_lading", "bill_of_lading"), ("date_tax_rebate", "tax_rebate"))
                  if fname in vals]  # fmt: skip
        if events:
            self._sync_execution_events(*events)
        return res

    def _invoices_changed(self):
        # crm_foreign_trade's hook (models/account_move_orders.py): posted, reset, cancelled, paid or unpaid
        res = super()._invoices_changed()
        self._sync_execution_events(*INVOICE_EVENTS)
        return res

    # ------------------------------------------------------------------
    # ERP events: the one place where a document's fact ticks or re-opens a step
    # ------------------------------------------------------------------
    def _sync_execution_events(self, *events):
        """Steps bound to `events` follow the facts: done with their document when it exists, re-opened when the
        document that completed them is gone (cancelled, reset, unpaid)."""
        orders = self.sudo().filtered(lambda o: o.state == "sale" and o.execution_step_ids)
        for order in orders:
            bound = order.execution_step_ids.filtered(lambda s: s.completion_event in events)
            for event, steps in bound.grouped("completion_event").items():
                document = order._execution_event_document(event)
                if document:
                    steps.filtered(lambda s: s.state in OPEN_STATES)._done_by_event(document)
                else:
                    steps._reopen_by_event(order._execution_event_undone_reason(event))

    def _execution_event_document(self, event):
        """The document that proves `event` happened for this order, or an empty recordset."""
        self.ensure_one()
        if event == "purchase_confirmed":
            return self.purchase_order_ids.filtered(lambda po: po.state in ("purchase", "done"))[:1]
        if event == "delivery_done":
            # every delivery out, none waiting: the goods left (backorders and partial shipments included), and
            # none came back that was not sent again
            deliveries = self.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing" and p.state != "cancel")
            if deliveries and all(p.state == "done" for p in deliveries) and not self._execution_goods_returned():
                return deliveries.sorted(lambda p: (p.date_done, p.id))[-1]
            return self.env["stock.picking"]
        if event in ("bill_of_lading", "tax_rebate"):
            fact = self.bill_of_lading if event == "bill_of_lading" else self.date_tax_rebate
            return self if fact else self.browse()
        invoices = self.invoice_ids.filtered(lambda m: m.move_type == "out_invoice" and m.state == "posted")
        if event == "invoice_posted":
            # a deposit's down payment invoice is no commercial invoice: the goods' invoice ticks the step
            return invoices.filtered(
                lambda m: any(not line.is_downpayment for line in m.invoice_line_ids.sale_line_ids)
            )[:1]
        if event == "invoice_paid":
            # the whole order invoiced and every invoice paid: the payment is collected (a partial shipment's
            # invoice paid leaves the rest to collect)
            if invoices and self.invoice_status == "invoiced" and all(m.payment_state in PAID_STATES for m in invoices):
                return invoices.sorted("id")[-1]
            return self.env["account.move"]
        return self.browse()

    def _execution_event_undone_reason(self, event):
        """Why the steps bound to `event` are re-opened, when it is not their document's undoing (else False)."""
        self.ensure_one()
        returns = event == "delivery_done" and self._execution_goods_returned()
        if returns:
            return _("Re-opened: goods of the order came back with %(returns)s.", returns=returns[-1].display_name)
        return False

    def _execution_goods_returned(self):
        """The validated returns (oldest first) of goods that are not at the customer any more: a product's
        quantity at the customer is below the most it reached there, at most the quantity ordered. Sending the
        goods again makes good the return (a replacement may leave before the return comes back); a delivery
        closed short without backorder is no return."""
        self.ensure_one()
        # the order lines' moves, and those of its pickings without a line (a receipt from the customer by hand)
        moves = (self.order_line.move_ids | self.picking_ids.move_ids).filtered(
            lambda m: (
                m.state == "done" and not m.scrapped and "customer" in (m.location_id.usage, m.location_dest_id.usage)
            )
        )
        returns = self.env["stock.move"]
        for product, product_moves in moves.grouped("product_id").items():
            lines = self.order_line.filtered(lambda sol, p=product: sol.product_id == p)
            ordered = sum(sol.product_uom._compute_quantity(sol.product_uom_qty, product.uom_id) for sol in lines)
            at_customer = most = 0.0
            for move in product_moves.sorted(lambda m: (m.date, m.id)):
                quantity = move.product_uom._compute_quantity(move.quantity, product.uom_id)
                at_customer += quantity if move.location_dest_id.usage == "customer" else -quantity
                most = max(most, at_customer)
            if float_compare(at_customer, min(most, ordered), precision_rounding=product.uom_id.rounding) < 0:
                returns |= product_moves.filtered(lambda m: m.location_id.usage == "customer")
        return returns.sorted(lambda m: (m.date, m.id)).picking_id

    # ------------------------------------------------------------------
    # Blocking steps: the one place deliveries and invoices ask
    # ------------------------------------------------------------------
    def _execution_blocking_steps(self, document_kind):
        """The open steps of these orders that block their `document_kind` ("delivery" or "invoicing")."""
        flag = "blocks_delivery" if document_kind == "delivery" else "blocks_invoicing"
        return self.sudo().execution_step_ids.filtered(lambda s: s[flag] and s.state in OPEN_STATES)

    def _execution_block_reason(self, document_kind):
        """What the open blocking steps hold, as the text a document shows (False when nothing blocks)."""
        blocking = self._execution_blocking_steps(document_kind)
        if not blocking:
            return False
        steps = ", ".join(f"{s.order_id.name}: {s.name}" for s in blocking)
        if document_kind == "delivery":
            return _("The delivery waits for these execution steps: %(steps)s.", steps=steps)
        return _("Invoicing waits for these execution steps: %(steps)s.", steps=steps)

    def _check_execution_blocks(self, document_kind):
        """Raise when an open step blocks the order's `document_kind`."""
        reason = self._execution_block_reason(document_kind)
        if reason:
            raise UserError(reason)
