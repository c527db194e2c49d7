# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    managed_team_user_ids = fields.Many2many(
        "res.users",
        compute="_compute_managed_team_user_ids",
        help="Members of the sales teams this user leads: the customers a sales manager sees.",
    )

    def _compute_managed_team_user_ids(self):
        teams = self.env["crm.team"].sudo().search([("user_id", "in", self.ids)])
        for user in self:
            led = teams.filtered(lambda t, u=user: t.user_id == u)
            user.managed_team_user_ids = led.member_ids | led.user_id
