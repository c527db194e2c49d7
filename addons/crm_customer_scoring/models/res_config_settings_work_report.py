# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Settings show the company's work report policy (models/res_company_work_report.py)."""

    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    work_report_due_days = fields.Integer(related="company_id.work_report_due_days", readonly=False)
