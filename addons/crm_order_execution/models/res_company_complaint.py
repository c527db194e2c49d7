# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The complaint response policy of each company (branch), shown in Settings."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    # seed 001 §3.4.3 c: a small complaint took a week between departments; the answer is due within this
    complaint_response_days = fields.Integer(
        string="Complaint Response (Days)",
        default=7,
        help="Days from receiving a customer complaint to its response due date; 0: due the same day. "
        "Unsolved complaints past it go to the owner's branch manager.",
    )

    @api.constrains("complaint_response_days")
    def _check_complaint_response_days(self):
        if any(company.complaint_response_days < 0 for company in self):
            raise ValidationError(_("Complaint response days cannot be negative."))
