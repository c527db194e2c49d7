# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models, tools


class TierDefinition(models.Model):
    _inherit = "tier.definition"

    @api.model
    def _get_tier_validation_model_names(self):
        return super()._get_tier_validation_model_names() + ["crm.credit.application"]

    @api.model
    @tools.ormcache()
    def _models_with_active_tiers(self):
        """Models having at least one active tier definition, in any company.

        Every sales order write asks whether the order needs validation; most companies define no
        tier for their orders, and this answer, kept until a definition changes, spares the search.
        """
        definitions = self.sudo().with_context(active_test=True).search_fetch([], ["model"])
        return frozenset(definitions.mapped("model"))

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
