# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """The stage history of the opportunities that exist already, from Odoo's stage tracking."""
    env["crm.lead.stage.log"]._backfill_from_tracking()
