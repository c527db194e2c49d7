# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class PurchaseOrder(models.Model):
    """The domestic purchase contract of an export order (seed 000 §4: 审核国内采购合同)."""

    _inherit = "purchase.order"

    export_order_id = fields.Many2one(
        "sale.order",
        index="btree_not_null",
        copy=False,
        domain="[('state', '=', 'sale'), ('company_id', '=', company_id)]",
        help="The sales order this purchase contract supplies: confirming it ticks the order's purchase contract step.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders.filtered(lambda po: po.export_order_id and po.state in ("purchase", "done"))._sync_export_orders()
        return orders

    def write(self, vals):
        before = self.export_order_id if "export_order_id" in vals else self.env["sale.order"]
        res = super().write(vals)
        if "state" in vals or "export_order_id" in vals:
            (before | self.export_order_id)._sync_execution_events("purchase_confirmed")
        return res

    def _sync_export_orders(self):
        self.export_order_id._sync_execution_events("purchase_confirmed")
