# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    """Customs data of the export documents.

    Same fields as Odoo's stock_delivery, which is too heavy to depend on (stock and carriers): the two
    definitions merge when both modules are installed.
    """

    _inherit = "product.template"

    hs_code = fields.Char(
        string="HS Code",
        help="Standardized code for international shipping and goods declaration.",
    )
    country_of_origin = fields.Many2one(
        "res.country",
        string="Origin of Goods",
        help="Where the goods are produced; the export documents print the company's country when empty.",
    )
