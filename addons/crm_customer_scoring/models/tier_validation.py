# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class TierValidation(models.AbstractModel):
    """Cheaper checks of OCA's tier validation on every write, with the same outcome.

    Confirming an order goes through these checks; without them, installing the tier modules
    costs four queries on each confirmation even where no tier is defined.
    """

    _inherit = "tier.validation"

    def _compute_need_validation(self):
        if self._name not in self.env["tier.definition"]._models_with_active_tiers():
            # no active definition for this model: OCA's compute finds no tier either
            self.need_validation = False
            return
        return super()._compute_need_validation()

    def _tier_validation_check_write_allowed(self, vals):
        # both of OCA's checks (writes under and after validation) concern records with reviews:
        # skip their look-ups of the user's groups and of the validation exceptions for the others
        with_reviews = self.filtered("review_ids")
        if with_reviews:
            return super(TierValidation, with_reviews)._tier_validation_check_write_allowed(vals)
        return None
