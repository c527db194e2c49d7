# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Settings show the company's sales dynamics policy (models/res_company_dynamics.py)."""

    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    dynamics_recent_months = fields.Integer(related="company_id.dynamics_recent_months", readonly=False)
    dynamics_drop_threshold = fields.Float(related="company_id.dynamics_drop_threshold", readonly=False)
    dynamics_rise_threshold = fields.Float(related="company_id.dynamics_rise_threshold", readonly=False)
    dynamics_min_volume = fields.Float(related="company_id.dynamics_min_volume", readonly=False)
    dynamics_pattern_years = fields.Integer(related="company_id.dynamics_pattern_years", readonly=False)
