# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .res_partner import CREDIT_GROUPS

RATINGS = [("strong", "Strong"), ("adequate", "Adequate"), ("weak", "Weak"), ("unknown", "Unknown")]
APPLICATION_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("refused", "Refused"),
    ("cancelled", "Cancelled"),
]
# seed 001 §4.3.3a: the three groups of evidence a salesperson gives with the proposal
EVIDENCE = {
    "own": ["own_impression", "own_organisation", "own_products_market", "own_competitiveness",
            "own_operations", "own_prospects"],
    "priority": ["priority_profitability", "priority_requirements", "priority_market_attraction",
                 "priority_competitive_impact"],
    "financial": ["financial_payment_record", "financial_bank_credit", "financial_profitability",
                  "financial_balance_sheet", "financial_solvency"],
}  # fmt: skip
# the approval chain shipped as tier definitions, in order (each can be switched off or changed)
CHAIN_TIERS = (
    "crm_customer_scoring.tier_credit_branch_manager",
    "crm_customer_scoring.tier_credit_sales_manager",
    "crm_customer_scoring.tier_credit_general_manager",
)


class CrmCreditApplication(models.Model):
    """A salesperson's proposal of a credit limit, with its evidence, through the approval chain."""

    _name = "crm.credit.application"
    _description = "Credit Limit Application"
    _inherit = ["mail.thread", "mail.activity.mixin", "tier.validation"]
    _order = "id desc"
    _state_from = ["draft", "to_approve"]
    _state_to = ["approved"]
    _cancel_state = "cancelled"
    _tier_validation_manual_config = False

    name = fields.Char(string="Reference", readonly=True, copy=False, default=lambda self: _("New"))
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, default=lambda self: self.env.user, tracking=True
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        default=lambda self: self.env["crm.team"]._get_default_team_id(),
    )
    # the approvers of the chain, as the sales organisation names them for the salesperson
    branch_manager_id = fields.Many2one("res.users", compute="_compute_approvers")
    sales_manager_id = fields.Many2one("res.users", compute="_compute_approvers")
    general_manager_id = fields.Many2one("res.users", compute="_compute_approvers")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id, tracking=True
    )
    requested_limit = fields.Monetary(required=True, tracking=True)
    approved_limit = fields.Monetary(
        tracking=True, groups=CREDIT_GROUPS, help="What the approvers grant; the requested limit if empty."
    )
    current_limit = fields.Float(compute="_compute_current_limit", groups=CREDIT_GROUPS)
    state = fields.Selection(APPLICATION_STATES, default="draft", required=True, tracking=True, copy=False)
    reason = fields.Text(string="Why This Limit", required=True)
    # 1) the customer's own characteristics
    own_impression = fields.Selection(RATINGS, string="Impression")
    own_organisation = fields.Selection(RATINGS, string="Organisation and Management")
    own_products_market = fields.Selection(RATINGS, string="Products and Market")
    own_competitiveness = fields.Selection(RATINGS, string="Competitiveness")
    own_operations = fields.Selection(RATINGS, string="Operations")
    own_prospects = fields.Selection(RATINGS, string="Prospects")
    own_notes = fields.Text(string="Customer Characteristics Notes")
    # 2) priority characteristics
    priority_profitability = fields.Selection(RATINGS, string="Deal Profitability")
    priority_requirements = fields.Selection(RATINGS, string="Product Requirements")
    priority_market_attraction = fields.Selection(RATINGS, string="Effect on Market Attractiveness")
    priority_competitive_impact = fields.Selection(RATINGS, string="Effect on Our Competitiveness")
    priority_notes = fields.Text()
    # 3) credit and financial characteristics
    financial_payment_record = fields.Selection(RATINGS, string="Payment Record")
    financial_bank_credit = fields.Selection(RATINGS, string="Bank Credit")
    financial_profitability = fields.Selection(RATINGS, string="Profitability")
    financial_balance_sheet = fields.Selection(RATINGS, string="Assets and Liabilities")
    financial_solvency = fields.Selection(RATINGS, string="Solvency")
    registered_capital = fields.Monetary()
    financial_notes = fields.Text()
    attachment_ids = fields.Many2many("ir.attachment", string="Evidence Documents")
    date_approved = fields.Date(readonly=True, copy=False)

    @api.depends("user_id", "team_id", "company_id")
    def _compute_approvers(self):
        for application in self:
            salesperson, company, team = application.user_id, application.company_id, application.team_id
            application.branch_manager_id = salesperson._sales_manager_of("branch_manager", company, team)
            application.sales_manager_id = salesperson._sales_manager_of("sales_manager", company, team)
            application.general_manager_id = salesperson._sales_manager_of("general_manager", company, team)

    @api.depends("partner_id", "company_id")
    def _compute_current_limit(self):
        for application in self:
            partner = application.partner_id.commercial_partner_id.with_company(application.company_id).sudo()
            application.current_limit = partner.credit_limit

    @api.constrains("requested_limit", "approved_limit")
    def _check_limits(self):
        for application in self:
            if application.requested_limit <= 0 or application.approved_limit < 0:
                raise ValidationError(_("A credit limit must be positive."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("crm.credit.application") or _("New")
        return super().create(vals_list)

    def _get_under_validation_exceptions(self):
        # approvers may lower the limit while they review it
        return super()._get_under_validation_exceptions() + ["approved_limit", "attachment_ids"]

    def action_submit(self):
        for application in self:
            missing = [group for group, names in EVIDENCE.items() if not any(application[n] for n in names)]
            labels = {
                "own": _("the customer's own characteristics"),
                "priority": _("the priority characteristics"),
                "financial": _("the credit and financial characteristics"),
            }
            if missing:
                raise UserError(
                    _(
                        "Rate the evidence before submitting: %(groups)s.",
                        groups=", ".join(labels[g] for g in missing),
                    )
                )
        self.write({"state": "to_approve"})
        for application in self:
            reviews = application.request_validation()
            application._log_skipped_steps(reviews)
            if not application.review_ids:
                application.action_approve()  # every step switched off: the limit applies at once
        return True

    def _log_skipped_steps(self, reviews):
        chain = self.env["tier.definition"].sudo().with_context(active_test=False).browse()
        for xmlid in CHAIN_TIERS:
            chain |= self.env.ref(xmlid, raise_if_not_found=False) or chain.browse()
        skipped = chain - reviews.definition_id
        if skipped:
            reasons = []
            for tier in skipped:
                why = _("switched off") if not tier.active else _("not applicable")
                reasons.append(f"{tier.name} ({why})")
            self.message_post(body=_("Approval steps skipped: %(steps)s", steps=", ".join(reasons)))

    def _validate_tier(self, tiers=False):
        res = super()._validate_tier(tiers)
        if self.state == "to_approve" and self.validation_status == "validated":
            self.action_approve()
        return res

    def _rejected_tier(self, tiers=False):
        res = super()._rejected_tier(tiers)
        if self.state == "to_approve" and self.validation_status == "rejected":
            self.with_context(skip_validation_check=True).write({"state": "refused"})
        return res

    def action_approve(self):
        """The chain approved: the limit becomes the customer's credit limit (the one Odoo and the
        financial-risk modules use), converted into the customer's credit currency."""
        for application in self:
            application.write({"state": "approved", "date_approved": fields.Date.context_today(application)})
            partner = application.partner_id.commercial_partner_id.with_company(application.company_id).sudo()
            limit = application.approved_limit or application.requested_limit
            amount = application.currency_id._convert(
                limit, partner.risk_currency_id, application.company_id, fields.Date.context_today(application)
            )
            partner.write({"credit_limit": amount})
            partner.message_post(
                body=_(
                    "Credit limit set to %(limit)s by application %(name)s.",
                    limit=partner.risk_currency_id.format(amount),
                    name=application.name,
                )
            )
        return True

    def action_cancel(self):
        approved = self.filtered(lambda a: a.state == "approved")
        if approved:
            # its limit is the customer's credit limit now: a cancelled application would hide where it came from
            raise UserError(
                _(
                    "Application %(name)s is approved and its limit applies: submit a new application to change "
                    "the credit limit.",
                    name=approved[0].name,
                )
            )
        self.write({"state": "cancelled"})
        return True

    def action_draft(self):
        self.filtered(lambda a: a.state in ("refused", "cancelled")).write({"state": "draft"})
        return True
