# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Settings show the company's execution policies (models/res_company.py)."""

    _inherit = "res.config.settings"

    execution_checklists = fields.Boolean(related="company_id.execution_checklists", readonly=False)
    execution_default_clerk_id = fields.Many2one(related="company_id.execution_default_clerk_id", readonly=False)
    execution_confirmation_target_days = fields.Float(
        related="company_id.execution_confirmation_target_days", readonly=False
    )
    execution_lc_warning_days = fields.Integer(related="company_id.execution_lc_warning_days", readonly=False)
    export_documents_bilingual = fields.Boolean(related="company_id.export_documents_bilingual", readonly=False)
