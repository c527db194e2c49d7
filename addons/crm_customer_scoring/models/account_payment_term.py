# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import api, fields, models

# The first day of a 31-day month is the worst case of "end of month" terms.
REFERENCE_DATE = date(2026, 1, 1)


class AccountPaymentTerm(models.Model):
    _inherit = "account.payment.term"

    credit_days = fields.Integer(
        compute="_compute_credit_days",
        store=True,
        help="The longest time this term gives the customer to pay, in days (0: payment before delivery).",
    )

    # stored, and with the order (models/sale_order_collection.py): confirming reads no term line
    instalment_count = fields.Integer(
        compute="_compute_instalment_count",
        store=True,
        help="The lines of this term: an order on a term of several lines is collected by instalment (Settings).",
    )

    @api.depends("line_ids")
    def _compute_instalment_count(self):
        for term in self:
            term.instalment_count = len(term.line_ids)

    @api.depends("line_ids.nb_days", "line_ids.delay_type", "line_ids.days_next_month")
    def _compute_credit_days(self):
        for term in self:
            term.credit_days = max(
                [(line._get_due_date(REFERENCE_DATE) - REFERENCE_DATE).days for line in term.line_ids] or [0]
            )
