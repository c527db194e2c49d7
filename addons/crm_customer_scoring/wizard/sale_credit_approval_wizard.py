# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.res_partner import AGEING_BUCKETS


class SaleCreditApprovalWizard(models.TransientModel):
    """The general manager's decision on an order awaiting credit approval (seed: 总经理签名同意).

    The dialog shows what the decision rests on: the customer's class, limit, exposure, overdue
    invoices by age and how the customer paid in the last twelve months. The general manager may
    approve a lower amount than the order: the approval then covers the order up to that amount, and
    the order stays a quotation until the salesperson brings it down to it (it is then confirmed
    without a new decision); the customer's credit limit does not change.
    """

    _name = "sale.credit.approval.wizard"
    _description = "Credit Approval of an Order"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    order_currency_id = fields.Many2one(related="order_id.currency_id", string="Order Currency")
    order_amount = fields.Monetary(related="order_id.amount_total", currency_field="order_currency_id")
    partner_id = fields.Many2one("res.partner", string="Customer", compute="_compute_credit_numbers")
    customer_class = fields.Selection(related="partner_id.customer_class")
    block_reason = fields.Text(related="order_id.credit_block_reason")
    block_detail = fields.Text(related="order_id.credit_block_detail")
    currency_id = fields.Many2one("res.currency", compute="_compute_credit_numbers")
    credit_limit = fields.Monetary(compute="_compute_credit_numbers")
    credit_exposure = fields.Monetary(compute="_compute_credit_numbers")
    exposure_with_order = fields.Monetary(string="Exposure with This Order", compute="_compute_credit_numbers")
    credit_overdue = fields.Monetary(string="Overdue", compute="_compute_credit_numbers")
    credit_overdue_1_30 = fields.Monetary(string="Overdue 1-30 Days", compute="_compute_credit_numbers")
    credit_overdue_31_60 = fields.Monetary(string="Overdue 31-60 Days", compute="_compute_credit_numbers")
    credit_overdue_61_90 = fields.Monetary(string="Overdue 61-90 Days", compute="_compute_credit_numbers")
    credit_overdue_90_plus = fields.Monetary(string="Overdue More Than 90 Days", compute="_compute_credit_numbers")
    invoices_paid_on_time = fields.Integer(string="Invoices Paid on Time", compute="_compute_payment_history")
    invoices_paid_late = fields.Integer(compute="_compute_payment_history")
    average_days_late = fields.Float(
        digits=(16, 1),
        compute="_compute_payment_history",
        help="Over the invoices paid late in the last 12 months.",
    )
    approved_amount = fields.Monetary(
        currency_field="order_currency_id",
        compute="_compute_approved_amount",
        store=True,
        readonly=False,
        help="The order's total by default. A lower amount keeps the order a quotation until the salesperson "
        "brings it down to that amount; it is then confirmed without a new decision.",
    )
    reason = fields.Text(required=True, help="Why the company takes this credit risk (or refuses it).")

    @api.depends("order_id")
    def _compute_approved_amount(self):
        for wizard in self:
            wizard.approved_amount = wizard.order_id.amount_total

    @api.depends("order_id")
    def _compute_credit_numbers(self):
        for wizard in self:
            order = wizard.order_id.sudo()
            company = order.company_id or self.env.company
            partner = order.partner_id.commercial_partner_id.with_company(company).sudo()
            numbers = partner._credit_numbers().get(partner.id, {})
            amount = order.currency_id._convert(
                order.amount_total,
                company.currency_id,
                company,
                fields.Date.to_date(order.date_order) or fields.Date.context_today(wizard),
            )
            wizard.partner_id = partner
            wizard.currency_id = company.currency_id
            wizard.credit_limit = partner.credit_limit
            wizard.credit_exposure = numbers.get("exposure", 0.0)
            in_exposure = order.state == "sale"  # a confirmed order that grew is already counted
            wizard.exposure_with_order = wizard.credit_exposure + (0.0 if in_exposure else amount)
            wizard.credit_overdue = numbers.get("overdue", 0.0)
            for name, _first, _last in AGEING_BUCKETS:
                wizard[name] = numbers.get(name, 0.0)

    @api.depends("order_id")
    def _compute_payment_history(self):
        for wizard in self:
            company = wizard.order_id.company_id or self.env.company
            partner = wizard.order_id.partner_id.commercial_partner_id.with_company(company)
            if not partner:
                wizard.invoices_paid_on_time = wizard.invoices_paid_late = wizard.average_days_late = 0
                continue
            on_time, late, days_late = partner._credit_payment_history()
            wizard.invoices_paid_on_time = on_time
            wizard.invoices_paid_late = late
            wizard.average_days_late = days_late

    def _check_general_manager(self):
        if not self.env.user.has_group("crm_foreign_trade.group_general_manager"):
            raise AccessError(_("Only a general manager decides on credit beyond the rules."))
        # the decision is written as superuser: only on an order the manager may change (their branches)
        self.order_id.check_access("write")

    def _tell_salesperson(self, body):
        order = self.order_id
        order.message_post(
            body=body,
            partner_ids=order.user_id.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        order.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("crm_customer_scoring.mail_activity_credit_approval")
        ).action_feedback(feedback=self.reason)

    def action_approve(self):
        self._check_general_manager()
        order = self.order_id.sudo()
        currency = order.currency_id
        if currency.compare_amounts(self.approved_amount, 0.0) <= 0:
            raise UserError(_("Approve a positive amount, or refuse the credit."))
        if currency.compare_amounts(self.approved_amount, order.amount_total) > 0:
            raise UserError(
                _(
                    "The approved amount cannot exceed the order's total of %(total)s.",
                    total=currency.format(order.amount_total),
                )
            )
        order.write(
            {
                "credit_check_state": "approved",
                "credit_approved_amount": self.approved_amount,
                "credit_approval_reason": self.reason,
                "credit_approved_by_id": self.env.user.id,
                "credit_approval_date": fields.Datetime.now(),
            }
        )
        if currency.compare_amounts(self.approved_amount, order.amount_total) < 0:
            self._tell_salesperson(
                _(
                    "Credit approved by %(user)s up to %(amount)s, less than the order's %(total)s: "
                    "bring the order down to that amount to confirm it. %(reason)s",
                    user=self.env.user.name,
                    amount=currency.format(self.approved_amount),
                    total=currency.format(order.amount_total),
                    reason=self.reason,
                )
            )
            return True
        self._tell_salesperson(
            _("Credit approved by %(user)s: %(reason)s", user=self.env.user.name, reason=self.reason)
        )
        if order.state in ("draft", "sent"):
            return self.order_id.action_confirm()
        return True

    def action_refuse(self):
        self._check_general_manager()
        self.order_id.sudo().write({"credit_check_state": "refused", "credit_approval_reason": self.reason})
        self._tell_salesperson(_("Credit refused by %(user)s: %(reason)s", user=self.env.user.name, reason=self.reason))
        return True
