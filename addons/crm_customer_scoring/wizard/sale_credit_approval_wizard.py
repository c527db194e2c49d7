# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models
from odoo.exceptions import AccessError


class SaleCreditApprovalWizard(models.TransientModel):
    """The general manager's decision on an order awaiting credit approval (seed: 总经理签名同意)."""

    _name = "sale.credit.approval.wizard"
    _description = "Credit Approval of an Order"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    block_reason = fields.Text(related="order_id.credit_block_reason")
    reason = fields.Text(required=True, help="Why the company takes this credit risk (or refuses it).")

    def _check_general_manager(self):
        if not self.env.user.has_group("crm_foreign_trade.group_general_manager"):
            raise AccessError(_("Only a general manager decides on credit beyond the rules."))

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
        order.write(
            {
                "credit_check_state": "approved",
                "credit_approved_amount": order.amount_total,
                "credit_approval_reason": self.reason,
                "credit_approved_by_id": self.env.user.id,
                "credit_approval_date": fields.Datetime.now(),
            }
        )
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
