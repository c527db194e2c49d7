# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    export_documents_bilingual = fields.Boolean(
        string="Bilingual Export Documents",
        help="Proforma invoices, commercial invoices and packing lists print each label in English "
        "followed by Simplified Chinese.",
    )
