# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The credit policy of seed 001 §4.3.3a: one value per company (branch), shown in Settings.

Latest payment in days after delivery by customer class (A 60, B 30, C 0; new
customers pay before delivery), the default payment term each rule offers, and
the signing authority (orders above RMB 500,000 are signed by the sales manager).
The company holds each value: 0 days is a value.
"""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# the default payment term of each rule, shipped by Odoo or by these add-ons
DEFAULT_TERMS = {
    "credit_term_a_id": "crm_customer_scoring.payment_term_60_days",
    "credit_term_b_id": "account.account_payment_term_30days",
    "credit_term_c_id": "account.account_payment_term_immediate",
    "credit_term_new_id": "account.account_payment_term_immediate",
    "credit_term_foreign_id": "crm_foreign_trade.payment_term_lc_sight",
}


def _default_term(fname):
    def default(self):
        return self.env.ref(DEFAULT_TERMS[fname], raise_if_not_found=False)

    return default


class ResCompany(models.Model):
    _inherit = "res.company"

    credit_policy = fields.Boolean(
        string="Credit Control by Class",
        help="Orders of customers with a class follow the payment terms of their class and their credit limit.",
    )
    credit_term_days_a = fields.Integer(string="Class A: Days After Delivery", default=60)
    credit_term_days_b = fields.Integer(string="Class B: Days After Delivery", default=30)
    credit_term_days_c = fields.Integer(string="Class C: Days After Delivery", default=0)
    credit_term_days_new = fields.Integer(string="New Customers: Days After Delivery", default=0)
    credit_term_a_id = fields.Many2one(
        "account.payment.term", string="Class A Default Term", default=_default_term("credit_term_a_id")
    )
    credit_term_b_id = fields.Many2one(
        "account.payment.term", string="Class B Default Term", default=_default_term("credit_term_b_id")
    )
    credit_term_c_id = fields.Many2one(
        "account.payment.term", string="Class C Default Term", default=_default_term("credit_term_c_id")
    )
    credit_term_new_id = fields.Many2one(
        "account.payment.term", string="New Customers Default Term", default=_default_term("credit_term_new_id")
    )
    credit_term_foreign_id = fields.Many2one(
        "account.payment.term",
        string="Foreign Customers Default Term",
        default=_default_term("credit_term_foreign_id"),
        help="Foreign customers pay by letter of credit unless the general manager agrees otherwise.",
    )
    credit_numbers_to_salespeople = fields.Boolean(string="Salespeople See Credit Numbers")
    signing_amount = fields.Float(
        default=500000.0, help="Orders above this amount (in the signing currency) are signed by the sales manager."
    )
    signing_currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.ref("base.CNY", raise_if_not_found=False)
    )

    @api.constrains(
        "credit_term_days_a", "credit_term_days_b", "credit_term_days_c", "credit_term_days_new", "signing_amount"
    )
    def _check_credit_policy(self):
        for company in self:
            days = (company.credit_term_days_a, company.credit_term_days_b, company.credit_term_days_c)
            if min(days + (company.credit_term_days_new, company.signing_amount)) < 0:
                raise ValidationError(_("Payment days and the signing amount cannot be negative."))

    @api.model
    def _credit_fill_default_terms(self):
        """Companies that existed before the terms were loaded get each rule's default term."""
        for company in self.sudo().search([]):
            company.write(
                {fname: self._fields[fname].default(company).id for fname in DEFAULT_TERMS if not company[fname]}
            )

    def _credit_term_days(self, rule):
        """Latest payment, in days after delivery, of a class rule ('a', 'b', 'c') or 'new'."""
        self.ensure_one()
        return self[f"credit_term_days_{rule}"]

    def _credit_default_term(self, rule):
        """The payment term a rule ('a', 'b', 'c', 'new', 'foreign') offers on new quotations."""
        self.ensure_one()
        return self[f"credit_term_{rule}_id"]
