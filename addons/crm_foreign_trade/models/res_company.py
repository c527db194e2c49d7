# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The policies of crm_foreign_trade: one value per company (branch), shown in Settings.

The company holds the value (0 is a value), Settings only shows it, as Odoo's
`quotation_validity_days` does. New customer (6 months, 6 orders) is seed 001
§4.2.3 c; the seeds give no figures for the others, these are starting points.
Every switch is off after installation: no standard flow changes until a
consultant switches a policy on.
"""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# the number policies that must not be negative (checked on the company)
NUMBER_POLICIES = (
    "new_customer_months",
    "new_customer_max_orders",
    "lifecycle_decline_days",
    "lifecycle_ended_days",
    "pool_days_a",
    "pool_days_b",
    "pool_days_c",
    "pool_days_unclassified",
    "pool_warning_days",
    "pool_claim_limit",
    "pool_reclaim_cooldown_days",
    "quotation_price_tolerance",
    "quotation_price_days",
    "sample_free_value",
    "sample_full_fee_value",
    "sample_conversion_days",
)
# the customer profile depends on these: changing one recomputes every customer
PROFILE_POLICIES = ("new_customer_months", "new_customer_max_orders", "lifecycle_decline_days", "lifecycle_ended_days")
# a consultant's choice of the public pool changes which customers a salesperson may read
POOL_VISIBILITY_RULES = (
    "crm_foreign_trade.rule_partner_salesperson_own_and_pool",
    "crm_foreign_trade.rule_partner_sales_manager_team",
    "crm_foreign_trade.rule_partner_general_manager_all",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    # customer profile
    new_customer_months = fields.Integer(string="New Customer: Months Since First Order", default=6)
    new_customer_max_orders = fields.Integer(string="New Customer: Maximum Confirmed Orders", default=6)
    lifecycle_decline_days = fields.Integer(string="Decline After Days Without Order", default=180)
    lifecycle_ended_days = fields.Integer(string="Ended After Days Without Order", default=365)
    # duplicate customers (撞单)
    collision_check = fields.Boolean(
        string="Duplicate Customer Check",
        help="Salespeople cannot create a customer that already exists for a colleague, in the public pool "
        "or as one of their own (same name, tax ID, e-mail, phone or web site, however written).",
    )
    # public pool (客户公海)
    pool_enabled = fields.Boolean(
        string="Public Pool",
        help="Customers without a logged activity, visit or order for too long return to the public pool, "
        "and salespeople see only their own customers and the pool.",
    )
    pool_days_a = fields.Integer(string="Class A: Days Without Activity", default=90)
    pool_days_b = fields.Integer(string="Class B: Days Without Activity", default=60)
    pool_days_c = fields.Integer(string="Class C: Days Without Activity", default=30)
    pool_days_unclassified = fields.Integer(string="Unclassified: Days Without Activity", default=30)
    pool_warning_days = fields.Integer(string="Warn Owner Days Before", default=7)
    pool_claim_limit = fields.Integer(
        string="Claims per Salesperson",
        default=30,
        help="Customers claimed from the pool and not yet won that one salesperson may hold.",
    )
    pool_reclaim_cooldown_days = fields.Integer(
        string="Reclaim Cooldown (Days)",
        default=30,
        help="A salesperson who lost a customer to the pool cannot claim it back during these days.",
    )
    # decision tree
    decision_warning_stage_id = fields.Many2one(
        "crm.stage",
        string="Decision-Tree Warning From Stage",
        help="From this stage on, an opportunity without a decider, or whose decider opposes us, is flagged.",
    )
    # quotation consistency (一个客户一个价)
    quotation_consistency = fields.Boolean(
        help="Warn when a quotation prices a product for a customer away from a recent quote or order "
        "to the same customer, by anybody; confirming it then needs a reason.",
    )
    quotation_price_tolerance = fields.Float(string="Price Tolerance (%)", default=5.0)
    quotation_price_days = fields.Integer(string="Compare With Quotes of the Last (Days)", default=90)
    # samples (seed 001 §4.3.2)
    sample_free_value = fields.Float(
        string="Samples Free Up To",
        default=500.0,
        help="Samples worth at most this (company currency) are free for every customer.",
    )
    sample_full_fee_value = fields.Float(
        string="Full Fee From",
        default=5000.0,
        help="Samples worth this or more are charged in full. In between, likely A customers get them free, "
        "likely C customers pay.",
    )
    sample_class_b_free = fields.Boolean(string="Likely B Customers Get Samples Free")
    sample_conversion_days = fields.Integer(string="Sample Converted When Ordered Within (Days)", default=90)
    sample_fee_billing = fields.Selection(
        [("none", "Not billed here"), ("invoice", "Customer invoice"), ("quotation", "Quotation line")],
        string="Bill Sample Fees",
        default="none",
        required=True,
        help="When charged samples are approved: a draft customer invoice or a draft quotation with the sample "
        "fee for the customer, or nothing (the fee is billed outside Odoo).",
    )
    # visits
    visit_planning = fields.Boolean(
        help="Plan the visits due by the visit frequencies of each customer class as activities.",
    )

    @api.constrains(*NUMBER_POLICIES)
    def _check_foreign_trade_policies(self):
        for company in self:
            if any(company[name] < 0 for name in NUMBER_POLICIES):
                raise ValidationError(_("Days, counts, values and percentages of the policies cannot be negative."))
            if company.sample_full_fee_value < company.sample_free_value:
                raise ValidationError(_("The full-fee value of samples cannot be below the free value."))
            if company.pool_warning_days >= min(
                company.pool_days_a, company.pool_days_b, company.pool_days_c, company.pool_days_unclassified
            ):
                raise ValidationError(_("The warning must come before the customer returns to the pool."))
            if company.lifecycle_ended_days <= company.lifecycle_decline_days:
                raise ValidationError(
                    _(
                        "A customer must decline before the relationship ends: "
                        "days until ended must exceed days until decline."
                    )
                )

    def write(self, vals):
        profile_changed = any(
            name in vals and any(company[name] != vals[name] for company in self) for name in PROFILE_POLICIES
        )
        stage_changed = "decision_warning_stage_id" in vals
        res = super().write(vals)
        if profile_changed:
            self.env["res.partner"]._recompute_customer_profile_all()
        if stage_changed:
            self.env["crm.lead"]._recompute_decision_warnings()
        if "pool_enabled" in vals:
            self._sync_pool_visibility_rules()
            # the rules' domains read the current company's switch: cached per set of companies
            self.env.registry.clear_cache()
        return res

    @api.model
    def _sync_pool_visibility_rules(self):
        """The visibility rules of the public pool are active while a company has the pool on."""
        active = bool(self.sudo().search_count([("pool_enabled", "=", True)], limit=1))
        rules = self.env["ir.rule"].sudo()
        for xmlid in POOL_VISIBILITY_RULES:
            rules |= self.env.ref(xmlid, raise_if_not_found=False) or rules
        rules.with_context(active_test=False).filtered(lambda r: r.active != active).write({"active": active})

    @api.model
    def _migrate_policy_parameters(self, fields_by_parameter):
        """Move policies kept in `ir.config_parameter` (before 18.0.1.2) to every company, then drop them.

        `fields_by_parameter`: {parameter key: company field}. An empty parameter meant "the default" and
        keeps the company's default; ids of records that no longer exist are left out.
        """
        params = self.env["ir.config_parameter"].sudo()
        companies = self.sudo().with_context(active_test=False).search([])
        values = {}
        for key, fname in fields_by_parameter.items():
            raw = params.get_param(key)
            if raw in (None, False, ""):
                continue
            field = self._fields[fname]
            if field.type == "boolean":
                values[fname] = raw not in ("False", "0")
            elif field.type == "many2one":
                record = self.env[field.comodel_name].sudo().browse(int(raw)).exists()
                if record:
                    values[fname] = record.id
            else:
                values[fname] = int(float(raw)) if field.type == "integer" else float(raw)
        if values:
            companies.write(values)
        params.search([("key", "in", list(fields_by_parameter))]).unlink()
        return values
