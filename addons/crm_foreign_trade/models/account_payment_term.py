# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AccountPaymentTerm(models.Model):
    _inherit = "account.payment.term"

    # here, not in order execution: the credit rules offer the L/C term, execution checks the L/C
    letter_of_credit = fields.Boolean(
        string="Letter of Credit",
        help="Orders with this term are paid by letter of credit: their payment step needs a valid L/C.",
    )
