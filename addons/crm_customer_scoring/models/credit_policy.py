# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The credit policy numbers of seed 001 §4.3.3a, one place for their defaults."""

PARAM_PREFIX = "crm_customer_scoring."
CREDIT_DEFAULTS = {
    # latest payment, days after delivery, by customer class; new customers pay before delivery
    "term_days_a": 60,
    "term_days_b": 30,
    "term_days_c": 0,
    "term_days_new": 0,
    # orders above this (in the signing currency) are signed by the sales manager (seed: RMB 500,000)
    "signing_amount": 500000.0,
}
# default payment terms offered on quotations, by rule
DEFAULT_TERM_XMLIDS = {
    "term_a_id": "crm_customer_scoring.payment_term_60_days",
    "term_b_id": "account.account_payment_term_30days",
    "term_c_id": "account.account_payment_term_immediate",
    "term_new_id": "account.account_payment_term_immediate",
    "term_foreign_id": "crm_customer_scoring.payment_term_lc_sight",
}


def get_policy(env, key):
    """A number or a switch of the Settings, or the seed's default."""
    value = env["ir.config_parameter"].sudo().get_param(PARAM_PREFIX + key)
    if key in CREDIT_DEFAULTS:
        return type(CREDIT_DEFAULTS[key])(value) if value not in (None, False, "") else CREDIT_DEFAULTS[key]
    return value


def get_policy_term(env, key):
    """The payment term a rule offers by default: the one set in Settings, else the shipped one."""
    value = env["ir.config_parameter"].sudo().get_param(PARAM_PREFIX + key)
    term = env["account.payment.term"].browse(int(value)).exists() if value else None
    return term or env.ref(DEFAULT_TERM_XMLIDS[key], raise_if_not_found=False) or env["account.payment.term"]


def credit_policy_on(env):
    return bool(env["ir.config_parameter"].sudo().get_param(PARAM_PREFIX + "credit_policy"))
