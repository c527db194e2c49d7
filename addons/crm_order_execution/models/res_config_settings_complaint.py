# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Settings show the company's complaint policies (models/res_company_complaint.py)."""

    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    complaint_response_days = fields.Integer(related="company_id.complaint_response_days", readonly=False)
    complaint_followup_days = fields.Integer(related="company_id.complaint_followup_days", readonly=False)
