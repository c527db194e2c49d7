# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    execution_block_reason = fields.Char(
        string="Blocked By Execution Steps",
        compute="_compute_execution_block_reason",
        help="The export order's open steps that validating this delivery waits for.",
    )

    @api.depends("sale_id.execution_step_ids.state", "picking_type_code")
    def _compute_execution_block_reason(self):
        for picking in self:
            outgoing = picking.picking_type_code == "outgoing" and picking.sale_id
            picking.execution_block_reason = outgoing and picking.sale_id._execution_block_reason("delivery")

    def _action_done(self):
        # every way of validating a picking passes here (button, backorder and immediate transfer wizards): the
        # one override, a method per concern
        self._check_execution_delivery_blocks()
        res = super()._action_done()
        self._sync_execution_loading_steps()
        self._record_late_shipment_discrepancies()
        return res

    def _check_execution_delivery_blocks(self):
        for order in self.filtered(lambda p: p.picking_type_code == "outgoing").sale_id:
            order._check_execution_blocks("delivery")

    def _sync_execution_loading_steps(self):
        # returns too: goods back from the customer re-open the loading step
        (self.sale_id | self.move_ids.sale_line_id.order_id)._sync_execution_events("delivery_done")

    def action_cancel(self):
        res = super().action_cancel()
        self.sale_id._sync_execution_events("delivery_done")
        return res
