# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """Merging removes the duplicates: the kept customer is not checked against them while they
        still exist, and does not inherit a duplicate's "Not a Duplicate"."""
        merging = self.with_context(crm_partner_merge=True)
        confirmed = dst_partner.collision_confirmed if dst_partner else False
        if dst_partner:
            dst_partner = dst_partner.with_context(crm_partner_merge=True)
        res = super(BasePartnerMergeAutomaticWizard, merging)._merge(
            partner_ids, dst_partner=dst_partner, extra_checks=extra_checks
        )
        if dst_partner and dst_partner.exists() and dst_partner.collision_confirmed != confirmed:
            dst_partner.collision_confirmed = confirmed
        return res
