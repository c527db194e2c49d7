# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Settings show the company's collection policy (models/res_company_collection.py)."""

    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    collection_plans = fields.Boolean(related="company_id.collection_plans", readonly=False)
    collection_dunning_days_1 = fields.Integer(related="company_id.collection_dunning_days_1", readonly=False)
    collection_dunning_days_2 = fields.Integer(related="company_id.collection_dunning_days_2", readonly=False)
    collection_dunning_days_3 = fields.Integer(related="company_id.collection_dunning_days_3", readonly=False)
