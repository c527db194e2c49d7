# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Execution policies move from system parameters to each company (models/res_company.py)."""

from odoo import SUPERUSER_ID, api

FIELDS_BY_PARAMETER = {
    "crm_order_execution.checklists": "execution_checklists",
    "crm_order_execution.default_clerk_id": "execution_default_clerk_id",
    "crm_order_execution.confirmation_target_days": "execution_confirmation_target_days",
    "crm_order_execution.lc_warning_days": "execution_lc_warning_days",
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.company"]._migrate_policy_parameters(FIELDS_BY_PARAMETER)
