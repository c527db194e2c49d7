# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # Packing data of the packing list; weights and volume default from the product, the clerk corrects them.
    export_packages = fields.Integer(string="Packages", help="Number of packages (cartons) of the line.")
    export_net_weight = fields.Float(
        string="Net Weight (kg)",
        digits="Stock Weight",
        compute="_compute_export_weight_and_measurement",
        store=True,
        readonly=False,
        help="Defaults to the product's weight times the quantity.",
    )
    export_gross_weight = fields.Float(
        string="Gross Weight (kg)",
        digits="Stock Weight",
        compute="_compute_export_gross_weight",
        store=True,
        readonly=False,
        help="Defaults to the net weight; raised to the net weight when that gets heavier.",
    )
    export_measurement = fields.Float(
        string="Measurement (m³)",
        digits="Volume",
        compute="_compute_export_weight_and_measurement",
        store=True,
        readonly=False,
        help="Defaults to the product's volume times the quantity.",
    )

    def _export_product_qty(self):
        """The quantity in the product's unit, the unit its weight and volume are given in."""
        self.ensure_one()
        if self.product_uom and self.product_uom != self.product_id.uom_id:
            return self.product_uom._compute_quantity(self.product_uom_qty, self.product_id.uom_id)
        return self.product_uom_qty

    @api.depends("product_id", "product_uom_qty", "product_uom")
    def _compute_export_weight_and_measurement(self):
        for line in self:
            qty = line._export_product_qty() if line.product_id else 0.0
            line.export_net_weight = line.product_id.weight * qty
            line.export_measurement = line.product_id.volume * qty

    @api.depends("export_net_weight")
    def _compute_export_gross_weight(self):
        # keep the weight the user entered, but a gross weight is never below the net weight
        for line in self:
            line.export_gross_weight = max(line.export_gross_weight, line.export_net_weight)
