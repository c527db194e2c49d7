# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductPackaging(models.Model):
    _inherit = "product.packaging"

    # the packing list's gross weight is the goods' weight plus the weight of their cartons
    export_tare_weight = fields.Float(
        string="Tare Weight (kg)",
        digits="Stock Weight",
        help="Weight of one empty package (carton, pallet), added to the net weight on the packing list.",
    )
