# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError


class ResPartnerTermExceptionWizard(models.TransientModel):
    """A payment-term exception for one customer: only the general manager grants it, with a reason."""

    _name = "res.partner.term.exception.wizard"
    _description = "Payment Term Exception"

    partner_id = fields.Many2one("res.partner", required=True, readonly=True)
    days = fields.Integer(string="Allowed Payment Days", required=True)
    payment_term_id = fields.Many2one("account.payment.term")
    reason = fields.Text(required=True)

    def action_apply(self):
        if not self.env.user.has_group("crm_foreign_trade.group_general_manager"):
            raise AccessError(_("Only a general manager grants payment term exceptions."))
        # the exception is written as superuser: only on a customer the manager may see (their branches)
        self.partner_id.check_access("read")
        if self.days < 0:
            raise UserError(_("Payment days cannot be negative."))
        if self.payment_term_id and self.payment_term_id.credit_days > self.days:
            raise UserError(
                _(
                    "%(term)s gives %(term_days)s days, more than the %(days)s days of the exception.",
                    term=self.payment_term_id.display_name,
                    term_days=self.payment_term_id.credit_days,
                    days=self.days,
                )
            )
        partner = self.partner_id.commercial_partner_id.sudo()
        values = {
            "credit_term_exception_days": self.days,
            "credit_term_exception_reason": self.reason,
            "credit_term_exception_user_id": self.env.user.id,
            "credit_term_exception_date": fields.Date.context_today(self),
        }
        if self.payment_term_id:
            values["property_payment_term_id"] = self.payment_term_id.id
        partner.write(values)
        partner.message_post(
            body=_(
                "Payment term exception: %(days)s days, approved by %(user)s. Reason: %(reason)s",
                days=self.days,
                user=self.env.user.name,
                reason=self.reason,
            )
        )
        return True
