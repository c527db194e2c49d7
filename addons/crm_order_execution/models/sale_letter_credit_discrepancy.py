# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

DISCREPANCY_CATEGORIES = [
    ("late_presentation", "Late presentation"),
    ("late_shipment", "Late shipment"),
    ("amount", "Amount"),
    ("goods_description", "Description of goods"),
    ("documents_inconsistent", "Documents inconsistent"),
    ("other", "Other"),
]


class SaleLetterCreditDiscrepancy(models.Model):
    """A discrepancy (不符点) between the documents presented and the terms of a letter of credit.

    The bank pays a discrepant presentation only if the applicant accepts it, usually for a fee.
    """

    _name = "sale.letter.credit.discrepancy"
    _description = "Letter of Credit Discrepancy"
    _order = "date desc, id desc"
    _rec_name = "description"

    letter_credit_id = fields.Many2one(
        "sale.letter.credit", string="Letter of Credit", required=True, ondelete="cascade", index=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    description = fields.Char(required=True)
    category = fields.Selection(DISCREPANCY_CATEGORIES, required=True, default="other")
    state = fields.Selection(
        [
            ("open", "Open"),
            ("accepted", "Accepted by applicant"),
            ("corrected", "Corrected"),
            ("refused", "Refused"),
        ],
        string="Status",
        required=True,
        default="open",
    )
    currency_id = fields.Many2one(related="letter_credit_id.currency_id")
    fee = fields.Monetary(help="Discrepancy fee the bank deducts when the applicant accepts the documents.")

    @api.constrains("fee")
    def _check_fee(self):
        if any(discrepancy.fee < 0 for discrepancy in self):
            raise ValidationError(_("The fee of a discrepancy cannot be negative."))
