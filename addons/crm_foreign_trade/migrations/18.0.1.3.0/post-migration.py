# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stored values whose rule changed: a team leader's sales team, a prospect's New Customer tick."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    leaders = env["crm.team"].with_context(active_test=False).search([("user_id", "!=", False)]).user_id
    env.add_to_compute(env["res.users"]._fields["sale_team_id"], leaders)
    prospects = (
        env["res.partner"]
        .with_context(active_test=False)
        .search([("is_new_customer", "=", True), ("first_order_date", "=", False)])
    )
    env.add_to_compute(env["res.partner"]._fields["is_new_customer"], prospects)
    env.flush_all()
