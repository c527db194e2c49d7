# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The complaint policies of each company (branch): response and satisfaction follow-up, shown in Settings."""

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

    # seed 001 §4.4: the complaint is closed with the customer, not only in-house (crm_customer_complaint_followup.py)
    complaint_followup_days = fields.Integer(
        string="Complaint Satisfaction Follow-up (Days)",
        default=14,
        help="Days after a complaint is solved when its owner asks the customer whether the solution satisfied "
        "them; 0: the same day.",
    )

    @api.constrains("complaint_response_days", "complaint_followup_days")
    def _check_complaint_policies(self):
        if any(company.complaint_response_days < 0 or company.complaint_followup_days < 0 for company in self):
            raise ValidationError(_("Days of the complaint policies cannot be negative."))
