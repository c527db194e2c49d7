# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The credit policy moves from system parameters to each company (models/res_company.py)."""

from odoo import SUPERUSER_ID, api

FIELDS_BY_PARAMETER = {
    "crm_customer_scoring.credit_policy": "credit_policy",
    "crm_customer_scoring.term_days_a": "credit_term_days_a",
    "crm_customer_scoring.term_days_b": "credit_term_days_b",
    "crm_customer_scoring.term_days_c": "credit_term_days_c",
    "crm_customer_scoring.term_days_new": "credit_term_days_new",
    "crm_customer_scoring.term_a_id": "credit_term_a_id",
    "crm_customer_scoring.term_b_id": "credit_term_b_id",
    "crm_customer_scoring.term_c_id": "credit_term_c_id",
    "crm_customer_scoring.term_new_id": "credit_term_new_id",
    "crm_customer_scoring.term_foreign_id": "credit_term_foreign_id",
    "crm_customer_scoring.credit_numbers_to_salespeople": "credit_numbers_to_salespeople",
    "crm_customer_scoring.signing_amount": "signing_amount",
    "crm_customer_scoring.signing_currency_id": "signing_currency_id",
    # the general manager was configured twice (credit approver, visiting general manager): now once
    "crm_customer_scoring.credit_approver_id": "general_manager_user_id",
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.company"]._migrate_policy_parameters(FIELDS_BY_PARAMETER)
    env["res.company"]._credit_fill_default_terms()
