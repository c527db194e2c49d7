# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer side of the churn warning: its signals, the decline stage, and the retention outcome.

Open churn signals put the customer in the decline stage of its lifecycle with the
reasons shown. Retention (seed 001 §4.3.4b) ends in "kept" or "let go"; a customer
is let go only after settling its balance, and then ends its lifecycle until it
orders again.
"""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount

from .crm_customer_signal import OPEN_STATES

RETENTION_OUTCOMES = [("kept", "Kept"), ("let_go", "Let Go")]


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    churn_signal_ids = fields.One2many("crm.customer.signal", "partner_id", string="Churn Signals")
    # stored: the lifecycle, recomputed on each order confirmation, reads it instead of the customer's signals
    churn_signal_open = fields.Boolean(
        string="Churn Warning",
        compute="_compute_churn_signal_open",
        store=True,
        help="The customer has open churn signals.",
    )
    churn_open_signal_count = fields.Integer(string="Open Churn Signals", compute="_compute_churn_reasons")
    churn_reasons = fields.Char(
        string="Churn Signs",
        compute="_compute_churn_reasons",
        help="The warning signs of the open churn signals: why the customer is in decline.",
    )
    churn_evaluated_on = fields.Date(
        string="Churn Signs Checked On", readonly=True, copy=False, help="Last evaluation of the churn rules."
    )
    retention_outcome = fields.Selection(RETENTION_OUTCOMES, readonly=True, copy=False, tracking=True)
    retention_date = fields.Date(readonly=True, copy=False)
    retention_note = fields.Text(copy=False, help="Why the customer was kept or let go, and what it cost.")

    @api.depends("churn_signal_ids.state", "churn_signal_ids.rule")
    def _compute_churn_reasons(self):
        labels = dict(self.env["crm.customer.signal"]._fields["rule"]._description_selection(self.env))
        for partner in self:
            signals = partner.commercial_partner_id.sudo().churn_signal_ids.filtered(lambda s: s.state in OPEN_STATES)
            partner.churn_open_signal_count = len(signals)
            partner.churn_reasons = ", ".join(dict.fromkeys(labels[rule] for rule in signals.mapped("rule")))

    @api.depends("churn_signal_ids.state")
    def _compute_churn_signal_open(self):
        for partner in self:
            partner.churn_signal_open = any(s.state in OPEN_STATES for s in partner.sudo().churn_signal_ids)

    @api.depends("churn_signal_open", "retention_outcome", "retention_date")
    def _compute_lifecycle_stage(self):
        res = super()._compute_lifecycle_stage()
        for partner in self.filtered(lambda p: not p.lifecycle_stage_override and p.lifecycle_stage != "ended"):
            if partner._churn_let_go():
                partner.lifecycle_stage = "ended"
            elif partner.churn_signal_open:
                partner.lifecycle_stage = "decline"
        return res

    def _churn_let_go(self):
        """Let go and no order since: the customer has left, no more warnings."""
        self.ensure_one()
        return self.retention_outcome == "let_go" and not (
            self.last_order_date and self.last_order_date.date() > self.retention_date
        )

    def _churn_owner_lang(self, company):
        """The language the salesperson reads the warning in (the company's without one)."""
        self.ensure_one()
        return self.user_id.lang or company.partner_id.lang or self.env.lang or "en_US"

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_evaluate_churn_signals(self):
        """Check the churn rules for this customer now (the cron does it daily)."""
        self.env["crm.customer.signal"].sudo()._evaluate(self.commercial_partner_id)
        self.commercial_partner_id.sudo().write({"churn_evaluated_on": fields.Date.context_today(self)})
        return True

    def action_view_churn_signals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_customer_scoring.action_crm_customer_signal")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"search_default_open": 1, "create": False}
        return action

    def action_retention_kept(self):
        """The customer stays: its open signals are resolved as kept."""
        self._churn_set_retention("kept")

    def action_retention_let_go(self):
        """The customer goes, after settling its balance (seed: "在结清余款后就让她们走")."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(_("Only sales managers decide to let a customer go."))
        for partner in self.commercial_partner_id:
            owed = partner._churn_balance_owed()
            if owed:
                raise UserError(
                    _(
                        "%(customer)s still owes %(amounts)s: let the customer go only after the balance is settled.",
                        customer=partner.name,
                        amounts=", ".join(owed),
                    )
                )
        self._churn_set_retention("let_go")

    def _churn_set_retention(self, outcome):
        partners = self.commercial_partner_id
        partners.write({"retention_outcome": outcome, "retention_date": fields.Date.context_today(self)})
        signals = partners.sudo().churn_signal_ids.filtered(lambda s: s.state in OPEN_STATES)
        signals._resolve(outcome)

    def _churn_balance_owed(self):
        """What the customer still owes, per company and in its currency, as text ([] when nothing)."""
        self.ensure_one()
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "child_of", self.id),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                ],
                ["company_id"],
                ["amount_residual:sum"],
            )
        )
        return [
            format_amount(self.env, residual, company.currency_id)
            for company, residual in groups
            if company.currency_id.compare_amounts(residual, 0) > 0
        ]
