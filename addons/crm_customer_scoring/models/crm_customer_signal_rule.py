# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The six churn warning signs of seed 001 §4.3.4a, one switchable rule per company.

Each company (branch) has one record per rule with its thresholds; all are off after
installation and a consultant switches on those the company trusts. The thresholds
are the seed's words made countable: "after reminders" is a number of reminders,
"repeatedly" a number of requests within a period, "sharply" the sales dynamics'
drop flag.
"""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

SIGNAL_RULES = [
    ("overdue", "Overdue After Reminders"),
    ("volume_drop", "Order Volume Drop"),
    ("no_response", "Communication Refused or Unanswered"),
    ("complaint", "Complaints or Public Criticism"),
    ("price_cut", "Repeated Large Price-Cut Requests"),
    ("tighter_terms", "Much Tighter Quality or Lead Times"),
]

# the seed's numbers where it gives some, otherwise a cautious start a consultant tunes
RULE_DEFAULTS = {
    "overdue": {"sequence": 1, "min_count": 2, "period_days": 0, "decay_days": 30},
    "volume_drop": {"sequence": 2, "min_count": 1, "period_days": 90, "decay_days": 60},
    "no_response": {"sequence": 3, "min_count": 3, "period_days": 60, "decay_days": 30},
    "complaint": {"sequence": 4, "min_count": 1, "period_days": 90, "decay_days": 60},
    "price_cut": {"sequence": 5, "min_count": 2, "period_days": 180, "min_percent": 5.0, "decay_days": 60},
    "tighter_terms": {"sequence": 6, "min_count": 1, "period_days": 90, "decay_days": 60},
}


class CrmCustomerSignalRule(models.Model):
    _name = "crm.customer.signal.rule"
    _description = "Churn Warning Rule"
    _order = "company_id, sequence, id"

    rule = fields.Selection(SIGNAL_RULES, required=True, readonly=True)
    name = fields.Char(compute="_compute_name")
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    enabled = fields.Boolean(
        string="Switched On",
        help="Off: the rule raises no signal; its open signals decay after their decay time.",
    )
    min_count = fields.Integer(
        string="Minimum Count",
        default=1,
        help="Reminders sent on one unpaid overdue invoice, drop months, refused or unanswered contacts, "
        "complaints, price-cut requests or demands needed to raise the signal.",
    )
    period_days = fields.Integer(
        string="Within Days",
        default=90,
        help="Only evidence of the last days counts (not used by the overdue rule, which looks at every "
        "invoice still unpaid).",
    )
    min_percent = fields.Float(
        string="Minimum Price Cut (%)",
        help="Only price-cut requests of at least this percentage count.",
    )
    decay_days = fields.Integer(
        string="Decays After (Days)",
        default=60,
        help="A signal whose evidence no longer holds is resolved automatically this many days after it was last seen.",
    )
    explanation = fields.Text(compute="_compute_explanation", string="What the Rule Looks At")

    _sql_constraints = [
        ("rule_company_unique", "UNIQUE(rule, company_id)", "Each company has one record per churn rule."),
    ]

    @api.depends("rule")
    def _compute_name(self):
        labels = dict(self._fields["rule"]._description_selection(self.env))
        for rule in self:
            rule.name = labels.get(rule.rule, "")

    @api.depends("rule", "min_count", "period_days", "min_percent")
    def _compute_explanation(self):
        for rule in self:
            values = {"count": rule.min_count, "days": rule.period_days, "percent": rule.min_percent}
            texts = {
                "overdue": _("An invoice past its due date is still unpaid after %(count)s reminders.", **values),
                "volume_drop": _(
                    "The sales dynamics flagged at least %(count)s month(s) of the last %(days)s days as a drop "
                    "outside the customer's seasonal pattern.",
                    **values,
                ),
                "no_response": _(
                    "At least %(count)s activities of the last %(days)s days were marked done with the customer "
                    "refusing or not answering.",
                    **values,
                ),
                "complaint": _(
                    "At least %(count)s complaints or public criticisms logged in the last %(days)s days.", **values
                ),
                "price_cut": _(
                    "At least %(count)s price-cut requests of %(percent)s %% or more logged in the last %(days)s days.",
                    **values,
                ),
                "tighter_terms": _(
                    "At least %(count)s demands of much tighter quality or lead times logged in the last "
                    "%(days)s days.",
                    **values,
                ),
            }
            rule.explanation = texts.get(rule.rule, "")

    @api.constrains("min_count", "period_days", "min_percent", "decay_days")
    def _check_thresholds(self):
        for rule in self:
            if rule.min_count < 1:
                raise ValidationError(_("A churn rule needs a minimum count of at least 1."))
            if min(rule.period_days, rule.decay_days, rule.min_percent) < 0:
                raise ValidationError(_("Days and percentages of a churn rule cannot be negative."))

    @api.model
    def _ensure_company_rules(self, companies=None):
        """One record per rule for every company, switched off (installation, new companies)."""
        companies = companies or self.env["res.company"].sudo().search([])
        existing = {(r.company_id.id, r.rule) for r in self.sudo().search([("company_id", "in", companies.ids)])}
        self.sudo().create(
            [
                dict(RULE_DEFAULTS[code], rule=code, company_id=company.id)
                for company in companies
                for code, _label in SIGNAL_RULES
                if (company.id, code) not in existing
            ]
        )

    def write(self, vals):
        # the rule and its company identify the record: the thresholds are what a consultant tunes
        if {"rule", "company_id"} & set(vals):
            raise ValidationError(_("A churn rule's kind and company cannot change; switch it off instead."))
        return super().write(vals)
