# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Policies move from system parameters to each company (models/res_company.py)."""

from odoo import SUPERUSER_ID, api

POLICY_FIELDS = (
    "new_customer_months",
    "new_customer_max_orders",
    "lifecycle_decline_days",
    "lifecycle_ended_days",
    "collision_check",
    "pool_enabled",
    "pool_days_a",
    "pool_days_b",
    "pool_days_c",
    "pool_days_unclassified",
    "pool_warning_days",
    "pool_claim_limit",
    "pool_reclaim_cooldown_days",
    "decision_warning_stage_id",
    "quotation_consistency",
    "quotation_price_tolerance",
    "quotation_price_days",
    "sample_free_value",
    "sample_full_fee_value",
    "sample_class_b_free",
    "sample_conversion_days",
    "visit_planning",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    mapping = {f"crm_foreign_trade.{name}": name for name in POLICY_FIELDS}
    mapping["crm_foreign_trade.visit_general_manager_id"] = "general_manager_user_id"
    env["res.company"]._migrate_policy_parameters(mapping)
    term = env.ref("crm_foreign_trade.payment_term_lc_sight", raise_if_not_found=False)
    if term:
        term.letter_of_credit = True
