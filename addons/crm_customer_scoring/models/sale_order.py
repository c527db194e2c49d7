# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError

from .res_partner import CREDIT_GROUPS

CREDIT_FIELDS = (
    "credit_check_state",
    "credit_block_reason",
    "credit_block_detail",
    "credit_approved_amount",
    "credit_approval_reason",
    "credit_approved_by_id",
    "credit_approval_date",
)
CREDIT_STATES = [
    ("none", "Not Checked"),
    ("ok", "Within Credit"),
    ("awaiting", "Awaiting Credit Approval"),
    ("approved", "Credit Approved"),
    ("refused", "Credit Refused"),
]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    credit_check_state = fields.Selection(
        CREDIT_STATES, string="Credit", default="none", required=True, copy=False, index=True, tracking=True
    )
    credit_block_reason = fields.Text(copy=False, readonly=True)
    credit_block_detail = fields.Text(string="Credit Block Details", copy=False, readonly=True, groups=CREDIT_GROUPS)
    credit_approved_amount = fields.Monetary(copy=False, readonly=True, groups="sales_team.group_sale_manager")
    credit_approval_reason = fields.Text(copy=False, readonly=True)
    credit_approved_by_id = fields.Many2one("res.users", copy=False, readonly=True)
    credit_approval_date = fields.Datetime(copy=False, readonly=True)
    credit_term_warning = fields.Char(compute="_compute_credit_term_warning")
    credit_approval_shortfall = fields.Char(
        compute="_compute_credit_approval_shortfall",
        help="The general manager approved less than the order's total: the order waits until it is brought down.",
    )
    # stored with the order: the check at confirmation reads no payment term
    payment_term_credit_days = fields.Integer(related="payment_term_id.credit_days", store=True)
    signing_authority = fields.Selection(
        [("branch_manager", "Branch Manager"), ("sales_manager", "Sales Manager")],
        compute="_compute_signing_authority",
        help="Who signs the order: the sales manager above the signing amount or over credit, "
        "the branch manager (the sales team leader) otherwise.",
    )
    # who signs, as the sales organisation names them for the salesperson
    branch_manager_id = fields.Many2one("res.users", compute="_compute_signers")
    sales_manager_id = fields.Many2one("res.users", compute="_compute_signers")

    @api.depends("user_id", "team_id", "company_id")
    def _compute_signers(self):
        for order in self:
            salesperson, company, team = order.user_id, order.company_id, order.team_id
            order.branch_manager_id = salesperson._sales_manager_of("branch_manager", company, team)
            order.sales_manager_id = salesperson._sales_manager_of("sales_manager", company, team)

    @api.model
    def _get_under_validation_exceptions(self):
        # the credit check runs while the order waits for its signature
        return super()._get_under_validation_exceptions() + list(CREDIT_FIELDS)

    # ------------------------------------------------------------------
    # Terms by class: the default on quotations, and an early warning
    # ------------------------------------------------------------------
    @api.depends("partner_id")
    def _compute_payment_term_id(self):
        res = super()._compute_payment_term_id()
        for order in self:
            partner = order.partner_id.commercial_partner_id.with_company(order.company_id)
            if not partner or not partner._credit_policy_applies():
                continue
            allowed, _rule = partner._credit_allowed()
            if order.payment_term_id and order.payment_term_id.credit_days <= allowed:
                continue
            order.payment_term_id = partner._credit_default_term()
        return res

    @api.depends("partner_id", "payment_term_id")
    def _compute_credit_term_warning(self):
        for order in self:
            order.credit_term_warning = order._credit_term_problem()

    @api.depends("credit_check_state", "amount_total")
    def _compute_credit_approval_shortfall(self):
        for order in self:
            approved = order.sudo().credit_approved_amount
            if order.credit_check_state != "approved" or order._credit_approval_covers():
                order.credit_approval_shortfall = False
                continue
            order.credit_approval_shortfall = _(
                "Credit approved up to %(amount)s: bring the order down to that amount to confirm it.",
                amount=order.currency_id.format(approved),
            )

    def _credit_term_problem(self):
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id.with_company(self.company_id)
        allowed, rule = partner._credit_allowed() if partner else (None, None)
        days = self.payment_term_credit_days
        if allowed is None or days <= allowed:
            return False
        return _(
            "Payment term %(term)s gives %(days)s days to pay; %(rule)s allows at most %(allowed)s.",
            term=self.payment_term_id.display_name,
            days=days,
            rule=rule,
            allowed=allowed,
        )

    # ------------------------------------------------------------------
    # Signing authority (seed 001 §4.3.3: above RMB 500,000 or over credit, the sales manager signs)
    # ------------------------------------------------------------------
    @api.depends_context("company")
    @api.depends("amount_total", "currency_id", "date_order", "credit_check_state")
    def _compute_signing_authority(self):
        for order in self:
            company = (order.company_id or self.env.company).sudo()
            threshold = company.signing_amount
            signing_currency = company.signing_currency_id or self.env.ref("base.CNY")
            amount = order.currency_id._convert(
                order.amount_total,
                signing_currency,
                order.company_id or self.env.company,
                fields.Date.to_date(order.date_order) or fields.Date.context_today(order),
            )
            over = signing_currency.compare_amounts(amount, threshold) > 0
            over_credit = order.credit_check_state in ("awaiting", "approved", "refused")
            order.signing_authority = "sales_manager" if over or over_credit else "branch_manager"

    # ------------------------------------------------------------------
    # Blocking
    # ------------------------------------------------------------------
    def _credit_controlled(self):
        return self.filtered(
            lambda o: o.company_id.sudo().credit_policy and o.partner_id.commercial_partner_id.customer_class
        )

    def evaluate_risk_message(self, partner):
        # for a customer without any limit OCA's message is empty: skip computing its risk amounts
        # (five queries on each confirmation)
        if not partner._risk_limited():
            return ""
        return super().evaluate_risk_message(partner)

    def action_confirm(self):
        controlled = self._credit_controlled()
        if not controlled:
            return super().action_confirm()
        blocked = controlled._credit_check()
        # our check replaces the financial-risk wizard for the customers our policy covers
        res = True
        if controlled - blocked:
            # "within credit" goes with the confirmation's own write (one write, one set of write checks)
            res = super(
                SaleOrder, (controlled - blocked).with_context(bypass_risk=True, credit_checked=True)
            ).action_confirm()
            # a batch mixing approved orders could not take the value above
            (controlled - blocked).filtered(
                lambda o: o.state == "sale" and o.credit_check_state == "none"
            ).credit_check_state = "ok"
        if self - controlled:
            res = super(SaleOrder, self - controlled).action_confirm()
        if blocked:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "sticky": True,
                    "title": _("Awaiting credit approval"),
                    "message": "\n".join(f"{o.name}: {o._credit_reason_for_user()}" for o in blocked),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return res

    def _prepare_confirmation_values(self):
        values = super()._prepare_confirmation_values()
        if self.env.context.get("credit_checked") and all(o.credit_check_state != "approved" for o in self):
            values["credit_check_state"] = "ok"
        return values

    def _credit_check(self):
        """Check the orders under a lock per customer; mark the refused ones awaiting approval.

        Returns the blocked orders; the others may be confirmed in the same transaction.
        """
        if len(self.partner_id.commercial_partner_id) > 1:
            self.partner_id._credit_lock()
        blocked = self.browse()
        accepted_amount = {}
        for order in self.sorted("id"):
            partner = order.partner_id.commercial_partner_id
            approved = order._credit_approval_covers()
            problems = []
            term_problem = order._credit_term_problem()
            if term_problem:
                problems.append((term_problem, term_problem))
            amount = 0.0
            if order.state in ("draft", "sent"):
                amount = order.amount_total
                if order.currency_id != order.company_id.currency_id:
                    amount = order.currency_id._convert(
                        order.amount_total,
                        order.company_id.currency_id,
                        order.company_id,
                        fields.Date.to_date(order.date_order) or fields.Date.context_today(order),
                    )
            if order.company_id != self.env.company:
                partner = partner.with_company(order.company_id)
            problems += partner._credit_account_problems(accepted_amount.get(partner, 0.0) + amount)
            if not problems or approved:
                accepted_amount[partner] = accepted_amount.get(partner, 0.0) + amount
                continue
            blocked |= order
            order._credit_block(problems)
        (self - blocked).partner_id._credit_mark_checked()
        return blocked

    def _credit_block(self, problems):
        self.ensure_one()
        reason, detail = "\n".join(p[0] for p in problems), "\n".join(p[1] for p in problems)
        # a customer signing in the portal is not the author of the company's credit notes
        order = self.sudo() if not self.env.user.share else self.with_user(SUPERUSER_ID)
        order.write({"credit_check_state": "awaiting", "credit_block_reason": reason, "credit_block_detail": detail})
        order.activity_schedule(
            "crm_customer_scoring.mail_activity_credit_approval",
            user_id=self._credit_approver().id,
            note=detail,
        )
        order.message_post(body=_("Awaiting credit approval: %(reason)s", reason=reason), subtype_xmlid="mail.mt_note")

    def _credit_approver(self):
        """The general manager of the order's company decides (the sales organisation's answer)."""
        self.ensure_one()
        return self.user_id._sales_manager_of("general_manager", self.company_id) or self.env.user

    def _credit_approval_covers(self):
        """The general manager approved this order's credit for at least its current amount."""
        self.ensure_one()
        return self.credit_check_state == "approved" and (
            self.currency_id.compare_amounts(self.sudo().credit_approved_amount, self.amount_total) >= 0
        )

    def _credit_reason_for_user(self):
        """Salespeople see why, without the numbers, unless Settings allow them."""
        self.ensure_one()
        if self.env["res.partner"]._credit_numbers_visible():
            return self.sudo().credit_block_detail or ""
        return self.credit_block_reason or ""

    def _credit_recheck_after_change(self):
        """A confirmed order grew: check again, and refuse the change when credit does not allow it."""
        orders = self._credit_controlled().filtered(lambda o: o.state == "sale")
        if not orders:
            return
        if len(orders.partner_id.commercial_partner_id) > 1:
            orders.partner_id._credit_lock()
        for order in orders:
            if order._credit_approval_covers():
                continue
            partner = order.partner_id.commercial_partner_id.with_company(order.company_id)
            problems = partner._credit_account_problems(0.0)
            if problems:
                raise UserError(
                    _(
                        "%(order)s cannot grow: %(reasons)s Ask the general manager to approve the credit.",
                        order=order.name,
                        reasons=" ".join(self.env["res.partner"]._credit_visible_reasons(problems)),
                    )
                )
        orders.partner_id._credit_mark_checked()

    def action_open_credit_approval(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_scoring.action_sale_credit_approval_wizard"
        )
        action["context"] = {"default_order_id": self.id}
        return action
