# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Settings show the company's satisfaction policy (models/res_company_satisfaction.py)."""

    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    satisfaction_period = fields.Selection(related="company_id.satisfaction_period", readonly=False)
    satisfaction_very_satisfied_min = fields.Float(related="company_id.satisfaction_very_satisfied_min", readonly=False)
    satisfaction_satisfied_min = fields.Float(related="company_id.satisfaction_satisfied_min", readonly=False)
    satisfaction_survey_id = fields.Many2one(related="company_id.satisfaction_survey_id", readonly=False)
