# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    def write(self, vals):
        res = super().write(vals)
        if "user_id" in vals:
            # the managers' customer visibility rule reads team leaders
            self.env.registry.clear_cache()
        return res


class CrmTeamMember(models.Model):
    _inherit = "crm.team.member"

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        self.env.registry.clear_cache()
        return members

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
