# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One answer to "who is this salesperson's branch manager / sales manager / general manager".

Every rule that needs a manager asks `res.users._sales_manager_of(role)`: sample
fee waivers, visit plans, credit approvals and signing, late-step escalation, and
the customers a manager sees (the inverse, `managed_team_user_ids`).

- branch manager (分部经理): the leader of the document's or the salesperson's
  sales team (none if the team has no leader); a salesperson without a team,
  and the leader for her own documents, report to the sales manager;
- sales manager (销售部经理): the company's sales manager (Settings); without one,
  the salesperson's team leader, then the first sales manager of the company;
- general manager (总经理): the company's general manager (Settings); without one,
  the first user of the General Manager group in the company.
"""

from odoo import api, fields, models

MANAGER_ROLES = ("branch_manager", "sales_manager", "general_manager")


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    sales_manager_user_id = fields.Many2one(
        "res.users",
        string="Sales Manager",
        domain=[("share", "=", False)],
        help="Head of the sales department: signs large orders, visits customers as the sales manager. "
        "Empty: the salesperson's team leader.",
    )
    general_manager_user_id = fields.Many2one(
        "res.users",
        string="General Manager",
        domain=[("share", "=", False)],
        help="Decides on credit beyond the rules and visits key customers. "
        "Empty: the first user of the General Manager group in the company.",
    )


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

    def _sales_manager_of(self, role, company=None, team=None):
        """The user who holds `role` above this salesperson in `company` (default: the current one).

        `team`: the sales team of the document (an order's, an application's), when it names one; else
        the salesperson's own team. Its leader is the branch manager.

        Returns an empty recordset when nobody does (no team leader, nobody configured, nobody in the
        group); callers decide what then (usually: the salesperson keeps the task).
        """
        assert role in MANAGER_ROLES, role
        company = company or self.env.company
        if role == "general_manager":
            return company.sudo().general_manager_user_id or self._first_user_of(
                "crm_foreign_trade.group_general_manager", company
            )
        team = (team or self[:1].sudo().sale_team_id).sudo()
        leader = team.user_id
        if role == "branch_manager" and team and leader not in self[:1]:
            return leader  # a team without a leader has no branch manager: that step does not apply
        # the sales manager; also the branch manager above a team leader's own documents (she leads the team
        # she works in and must not approve herself)
        return (
            company.sudo().sales_manager_user_id
            or leader
            or self._first_user_of("sales_team.group_sale_manager", company)
        )

    @api.model
    def _first_user_of(self, group_xmlid, company):
        """The oldest active internal user of a group who works for the company (not OdooBot)."""
        group = self.env.ref(group_xmlid, raise_if_not_found=False)
        if not group:
            return self.browse()
        root = self.env.ref("base.user_root")
        users = group.sudo().users.filtered(
            lambda u: u.active and not u.share and u != root and company in u.company_ids
        )
        return users.sorted("id")[:1]
