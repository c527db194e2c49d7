# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

INVOICE_EVENTS = ("invoice_posted", "invoice_paid")


class AccountMove(models.Model):
    _inherit = "account.move"

    def _export_orders(self):
        return self.filtered(lambda m: m.move_type == "out_invoice").line_ids.sale_line_ids.order_id

    def _post(self, soft=True):
        # an invoice made by hand from the order's lines is held by its blocking steps as the order's invoicing is
        self._export_orders()._check_execution_blocks("invoicing")
        posted = super()._post(soft=soft)
        posted._export_orders()._sync_execution_events(*INVOICE_EVENTS)
        return posted

    def button_draft(self):
        orders = self._export_orders()
        res = super().button_draft()
        orders._sync_execution_events(*INVOICE_EVENTS)
        return res

    def button_cancel(self):
        orders = self._export_orders()
        res = super().button_cancel()
        orders._sync_execution_events(*INVOICE_EVENTS)
        return res

    def _invoice_paid_hook(self):
        res = super()._invoice_paid_hook()
        self._export_orders()._sync_execution_events("invoice_paid")
        return res


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    def unlink(self):
        # a payment unreconciled: the invoice is open again, and so is the order's collection step
        orders = (self.debit_move_id.move_id | self.credit_move_id.move_id)._export_orders()
        res = super().unlink()
        orders._sync_execution_events("invoice_paid")
        return res
