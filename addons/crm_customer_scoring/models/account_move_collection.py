# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What was received on an order's instalments follows its invoices' reconciliation.

Every payment, refund or unreconciliation of a customer invoice creates or removes a partial
reconciliation: the instalments of the invoices' orders are refreshed then, in one batch.
"""

from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        partials._refresh_order_instalments()
        return partials

    def unlink(self):
        moves = (self.debit_move_id | self.credit_move_id).move_id
        res = super().unlink()
        moves._refresh_order_instalments()
        return res

    def _refresh_order_instalments(self):
        (self.debit_move_id | self.credit_move_id).move_id._refresh_order_instalments()


class AccountMove(models.Model):
    _inherit = "account.move"

    def _refresh_order_instalments(self):
        invoices = self.filtered(lambda m: m.move_type in ("out_invoice", "out_refund"))
        if not invoices:
            return
        orders = invoices.sudo().line_ids.sale_line_ids.order_id
        if orders:
            orders.instalment_ids._refresh_received()

    def button_draft(self):
        # a posted invoice set back to draft no longer counts as received
        res = super().button_draft()
        self._refresh_order_instalments()
        return res
