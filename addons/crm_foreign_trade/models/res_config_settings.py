# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Settings show the company's policies (models/res_company.py); the company holds them."""

    _inherit = "res.config.settings"

    new_customer_months = fields.Integer(related="company_id.new_customer_months", readonly=False)
    new_customer_max_orders = fields.Integer(related="company_id.new_customer_max_orders", readonly=False)
    lifecycle_decline_days = fields.Integer(related="company_id.lifecycle_decline_days", readonly=False)
    lifecycle_ended_days = fields.Integer(related="company_id.lifecycle_ended_days", readonly=False)
    collision_check = fields.Boolean(related="company_id.collision_check", readonly=False)
    pool_enabled = fields.Boolean(related="company_id.pool_enabled", readonly=False)
    pool_days_a = fields.Integer(related="company_id.pool_days_a", readonly=False)
    pool_days_b = fields.Integer(related="company_id.pool_days_b", readonly=False)
    pool_days_c = fields.Integer(related="company_id.pool_days_c", readonly=False)
    pool_days_unclassified = fields.Integer(related="company_id.pool_days_unclassified", readonly=False)
    pool_warning_days = fields.Integer(related="company_id.pool_warning_days", readonly=False)
    pool_claim_limit = fields.Integer(related="company_id.pool_claim_limit", readonly=False)
    pool_reclaim_cooldown_days = fields.Integer(related="company_id.pool_reclaim_cooldown_days", readonly=False)
    decision_warning_stage_id = fields.Many2one(related="company_id.decision_warning_stage_id", readonly=False)
    quotation_consistency = fields.Boolean(related="company_id.quotation_consistency", readonly=False)
    quotation_price_tolerance = fields.Float(related="company_id.quotation_price_tolerance", readonly=False)
    quotation_price_days = fields.Integer(related="company_id.quotation_price_days", readonly=False)
    sample_free_value = fields.Float(related="company_id.sample_free_value", readonly=False)
    sample_full_fee_value = fields.Float(related="company_id.sample_full_fee_value", readonly=False)
    sample_class_b_free = fields.Boolean(related="company_id.sample_class_b_free", readonly=False)
    sample_conversion_days = fields.Integer(related="company_id.sample_conversion_days", readonly=False)
    sample_fee_billing = fields.Selection(related="company_id.sample_fee_billing", readonly=False)
    visit_planning = fields.Boolean(related="company_id.visit_planning", readonly=False)
    # the organisation (models/sales_organisation.py)
    sales_manager_user_id = fields.Many2one(related="company_id.sales_manager_user_id", readonly=False)
    general_manager_user_id = fields.Many2one(related="company_id.general_manager_user_id", readonly=False)
