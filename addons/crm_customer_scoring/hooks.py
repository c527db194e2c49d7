# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.crm_foreign_trade.hooks import keep_payment_terms


def post_init_hook(env):
    """The stage history of the opportunities that exist already, from Odoo's stage tracking."""
    env["crm.lead.stage.log"]._backfill_from_tracking()


def uninstall_hook(env):
    """60 Days stays, with the orders, invoices and customers on it."""
    keep_payment_terms(env, "crm_customer_scoring")
