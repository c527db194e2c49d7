# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import float_round


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # Packing data of the packing list; packages, weights and volume default from the product and its
    # packaging, the clerk corrects them.
    export_packages = fields.Integer(
        string="Packages",
        compute="_compute_export_packages",
        store=True,
        readonly=False,
        help="Number of packages (cartons) of the line: the quantity divided by the contained quantity of the "
        "line's packaging, else of the product's first sales packaging, rounded up.",
    )
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
        help="Defaults to the net weight plus the tare weight of the packages.",
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

    def _export_packaging(self):
        """The line's packaging (Odoo's sales packaging suggestion), else the product's first sales packaging."""
        self.ensure_one()
        return self.product_packaging_id or self.product_id.packaging_ids.filtered(lambda p: p.sales and p.qty > 0)[:1]

    def _export_origin(self):
        """Where the goods come from: the product's origin, else the seller's country."""
        self.ensure_one()
        return self.product_id.country_of_origin or self.order_id.company_id.country_id

    @api.depends("product_id", "product_uom_qty", "product_uom", "product_packaging_id")
    def _compute_export_packages(self):
        for line in self:
            packaging = line.product_id and line._export_packaging()
            if not packaging:
                line.export_packages = line.export_packages or 0
                continue
            cartons = packaging._compute_qty(line.product_uom_qty, line.product_uom)
            # a part-filled carton is still a carton
            line.export_packages = int(float_round(cartons, precision_rounding=1, rounding_method="UP"))

    @api.depends("product_id", "product_uom_qty", "product_uom")
    def _compute_export_weight_and_measurement(self):
        for line in self:
            qty = line._export_product_qty() if line.product_id else 0.0
            line.export_net_weight = line.product_id.weight * qty
            line.export_measurement = line.product_id.volume * qty

    @api.depends("export_net_weight", "export_packages")
    def _compute_export_gross_weight(self):
        for line in self:
            tare = line.product_id and line._export_packaging().export_tare_weight or 0.0
            line.export_gross_weight = line.export_net_weight + line.export_packages * tare
