# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The orders whose customer invoices changed: the one place the add-ons hear it from.

A customer invoice or refund of an order is posted, reset to draft, cancelled, paid or unpaid (a partial
reconciliation created or removed): `sale.order._invoices_changed()` is called on its orders, once per
event and in one batch. The execution steps (crm_order_execution) and the instalments
(crm_customer_scoring) follow it, each from the facts it reads again.
"""

from odoo import api, models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _invoiced_orders(self):
        """The sale orders of these customer invoices and refunds (whoever posts or pays them)."""
        invoices = self.filtered(lambda m: m.move_type in ("out_invoice", "out_refund"))
        return invoices.sudo().line_ids.sale_line_ids.order_id

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._invoiced_orders()._invoices_changed()
        return posted

    def button_draft(self):
        orders = self._invoiced_orders()
        res = super().button_draft()
        orders._invoices_changed()
        return res

    def button_cancel(self):
        orders = self._invoiced_orders()
        res = super().button_cancel()
        orders._invoices_changed()
        return res

    def _invoice_paid_hook(self):
        # the invoice's payment state is final here; the partial reconciliations came before it
        res = super()._invoice_paid_hook()
        self._invoiced_orders()._invoices_changed()
        return res


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        partials._reconciled_moves()._invoiced_orders()._invoices_changed()
        return partials

    def unlink(self):
        # a payment unreconciled: the invoice is open again
        orders = self._reconciled_moves()._invoiced_orders()
        res = super().unlink()
        orders._invoices_changed()
        return res

    def _reconciled_moves(self):
        return (self.debit_move_id | self.credit_move_id).move_id


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    def _invoices_changed(self):
        """Hook: a customer invoice or refund of these orders was posted, reset, cancelled, paid or unpaid."""
        return True
