# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Settings show the company's ranking policy (res_company_ranking.py); the company holds it."""

    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    ranking_default_cooperation_rate = fields.Float(
        related="company_id.ranking_default_cooperation_rate", readonly=False
    )
    ranking_payment_zero_days = fields.Integer(related="company_id.ranking_payment_zero_days", readonly=False)
    ranking_drop_bottom_count = fields.Integer(related="company_id.ranking_drop_bottom_count", readonly=False)
    ranking_nightly = fields.Boolean(related="company_id.ranking_nightly", readonly=False)
    ranking_last_computed = fields.Datetime(related="company_id.ranking_last_computed")
    ranking_pending_count = fields.Integer(related="company_id.ranking_pending_count")
