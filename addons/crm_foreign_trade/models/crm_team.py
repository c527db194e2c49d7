# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    @api.model
    def _action_update_to_pipeline(self, action):
        """A team leader's pipeline is her team's: she opens on its opportunities, not only her own."""
        action = super()._action_update_to_pipeline(action)
        team = self.env.user.sale_team_id
        if team and team.user_id == self.env.user:
            context = dict(action["context"])
            context.pop("search_default_assigned_to_me", None)
            context.update(search_default_team_id=team.id, default_team_id=team.id)
            action["context"] = context
        return action

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
