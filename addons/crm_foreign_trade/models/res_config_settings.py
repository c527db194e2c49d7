# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .res_partner import DEFAULTS

NUMBER_POLICIES = tuple(DEFAULTS)
PROFILE_POLICIES = ("new_customer_months", "new_customer_max_orders", "lifecycle_decline_days", "lifecycle_ended_days")


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    new_customer_months = fields.Integer(
        string="New Customer: Months Since First Order",
        config_parameter="crm_foreign_trade.new_customer_months",
        default=DEFAULTS["new_customer_months"],
    )
    new_customer_max_orders = fields.Integer(
        string="New Customer: Maximum Confirmed Orders",
        config_parameter="crm_foreign_trade.new_customer_max_orders",
        default=DEFAULTS["new_customer_max_orders"],
    )
    lifecycle_decline_days = fields.Integer(
        string="Decline After Days Without Order",
        config_parameter="crm_foreign_trade.lifecycle_decline_days",
        default=DEFAULTS["lifecycle_decline_days"],
    )
    lifecycle_ended_days = fields.Integer(
        string="Ended After Days Without Order",
        config_parameter="crm_foreign_trade.lifecycle_ended_days",
        default=DEFAULTS["lifecycle_ended_days"],
    )

    collision_check = fields.Boolean(
        string="Duplicate Customer Check",
        config_parameter="crm_foreign_trade.collision_check",
        help="Salespeople cannot create a customer that already exists for a colleague or in the "
        "public pool (same name, tax ID, e-mail, phone or web site, however written).",
    )

    pool_enabled = fields.Boolean(
        string="Public Pool",
        config_parameter="crm_foreign_trade.pool_enabled",
        help="Customers without a logged activity, visit or order for too long return to the public pool, "
        "and salespeople see only their own customers and the pool.",
    )
    pool_days_a = fields.Integer(
        string="Class A: Days Without Activity",
        config_parameter="crm_foreign_trade.pool_days_a",
        default=DEFAULTS["pool_days_a"],
    )
    pool_days_b = fields.Integer(
        string="Class B: Days Without Activity",
        config_parameter="crm_foreign_trade.pool_days_b",
        default=DEFAULTS["pool_days_b"],
    )
    pool_days_c = fields.Integer(
        string="Class C: Days Without Activity",
        config_parameter="crm_foreign_trade.pool_days_c",
        default=DEFAULTS["pool_days_c"],
    )
    pool_days_unclassified = fields.Integer(
        string="Unclassified: Days Without Activity",
        config_parameter="crm_foreign_trade.pool_days_unclassified",
        default=DEFAULTS["pool_days_unclassified"],
    )
    pool_warning_days = fields.Integer(
        string="Warn Owner Days Before",
        config_parameter="crm_foreign_trade.pool_warning_days",
        default=DEFAULTS["pool_warning_days"],
    )
    pool_claim_limit = fields.Integer(
        string="Claims per Salesperson",
        config_parameter="crm_foreign_trade.pool_claim_limit",
        default=DEFAULTS["pool_claim_limit"],
        help="Customers claimed from the pool and not yet won that one salesperson may hold.",
    )
    pool_reclaim_cooldown_days = fields.Integer(
        string="Reclaim Cooldown (Days)",
        config_parameter="crm_foreign_trade.pool_reclaim_cooldown_days",
        default=DEFAULTS["pool_reclaim_cooldown_days"],
        help="A salesperson who lost a customer to the pool cannot claim it back during these days.",
    )

    decision_warning_stage_id = fields.Many2one(
        "crm.stage",
        string="Decision-Tree Warning From Stage",
        config_parameter="crm_foreign_trade.decision_warning_stage_id",
        help="From this stage on, an opportunity without a decider, or whose decider opposes us, is flagged.",
    )

    quotation_consistency = fields.Boolean(
        config_parameter="crm_foreign_trade.quotation_consistency",
        help="Warn when a quotation prices a product for a customer away from a recent quote or order "
        "to the same customer, by anybody; confirming it then needs a reason.",
    )
    quotation_price_tolerance = fields.Float(
        string="Price Tolerance (%)",
        config_parameter="crm_foreign_trade.quotation_price_tolerance",
        default=DEFAULTS["quotation_price_tolerance"],
    )
    quotation_price_days = fields.Integer(
        string="Compare With Quotes of the Last (Days)",
        config_parameter="crm_foreign_trade.quotation_price_days",
        default=DEFAULTS["quotation_price_days"],
    )

    sample_free_value = fields.Float(
        string="Samples Free Up To",
        config_parameter="crm_foreign_trade.sample_free_value",
        default=DEFAULTS["sample_free_value"],
        help="Samples worth at most this (company currency) are free for every customer.",
    )
    sample_full_fee_value = fields.Float(
        string="Full Fee From",
        config_parameter="crm_foreign_trade.sample_full_fee_value",
        default=DEFAULTS["sample_full_fee_value"],
        help="Samples worth this or more are charged in full. In between, likely A customers get them free, "
        "likely C customers pay.",
    )
    sample_class_b_free = fields.Boolean(
        string="Likely B Customers Get Samples Free",
        config_parameter="crm_foreign_trade.sample_class_b_free",
    )
    sample_conversion_days = fields.Integer(
        string="Sample Converted When Ordered Within (Days)",
        config_parameter="crm_foreign_trade.sample_conversion_days",
        default=DEFAULTS["sample_conversion_days"],
    )

    visit_planning = fields.Boolean(
        config_parameter="crm_foreign_trade.visit_planning",
        help="Plan the visits due by the visit frequencies of each customer class as activities.",
    )
    visit_general_manager_id = fields.Many2one(
        "res.users",
        string="General Manager Who Visits",
        config_parameter="crm_foreign_trade.visit_general_manager_id",
    )

    @api.constrains(*NUMBER_POLICIES)
    def _check_number_policies(self):
        for settings in self:
            if any(settings[name] < 0 for name in NUMBER_POLICIES):
                raise ValidationError(_("Days, counts, values and percentages of the policies cannot be negative."))
            if settings.sample_full_fee_value < settings.sample_free_value:
                raise ValidationError(_("The full-fee value of samples cannot be below the free value."))
            if settings.pool_warning_days >= min(
                settings.pool_days_a, settings.pool_days_b, settings.pool_days_c, settings.pool_days_unclassified
            ):
                raise ValidationError(_("The warning must come before the customer returns to the pool."))
            if settings.lifecycle_ended_days <= settings.lifecycle_decline_days:
                raise ValidationError(
                    _(
                        "A customer must decline before the relationship ends: "
                        "days until ended must exceed days until decline."
                    )
                )

    def set_values(self):
        param = self.env["ir.config_parameter"].sudo()
        before = {name: param.get_param(f"crm_foreign_trade.{name}") for name in PROFILE_POLICIES}
        stage_before = param.get_param("crm_foreign_trade.decision_warning_stage_id")
        res = super().set_values()
        if param.get_param("crm_foreign_trade.decision_warning_stage_id") != stage_before:
            self.env["crm.lead"]._recompute_decision_warnings()
        after = {name: param.get_param(f"crm_foreign_trade.{name}") for name in PROFILE_POLICIES}
        if before != after:
            self.env["res.partner"]._recompute_customer_profile_all()
        # the visibility rules follow the pool policy
        rules = self.env.ref("crm_foreign_trade.rule_partner_salesperson_own_and_pool").sudo()
        rules |= self.env.ref("crm_foreign_trade.rule_partner_sales_manager_team").sudo()
        rules |= self.env.ref("crm_foreign_trade.rule_partner_general_manager_all").sudo()
        if rules.filtered(lambda r: r.active != self.pool_enabled):
            rules.write({"active": self.pool_enabled})
        return res
