# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"  # pylint: disable=consider-merging-classes-inherited

    led_team_ids = fields.One2many("crm.team", "user_id", string="Sales Teams Led")

    @api.depends("led_team_ids.active", "led_team_ids.sequence")
    def _compute_sale_team_id(self):
        """A team leader who is no member of a team works in the team she leads.

        Odoo only reads memberships: a branch or sales manager who leads the team would
        otherwise have no team (an empty "My Pipeline", no default team on her quotations).
        """
        res = super()._compute_sale_team_id()
        for user in self.filtered(lambda u: not u.sale_team_id and u.led_team_ids):
            user.sale_team_id = user.led_team_ids.sorted(lambda t: (t.sequence, t.id))[:1]
        return res
