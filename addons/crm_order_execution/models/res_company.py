# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The policies of order execution: one value per company (branch), shown in Settings."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    execution_checklists = fields.Boolean(
        string="Export Order Checklists",
        help="Confirming an order of a customer with a trade channel creates its execution checklist.",
    )
    execution_default_clerk_id = fields.Many2one(
        "res.users", string="Default Execution Clerk", domain=[("share", "=", False)]
    )
    # seed 001 §4.4: an order received is confirmed within one working day
    execution_confirmation_target_days = fields.Float(string="Confirmation Target (Working Days)", default=1.0)
    execution_lc_warning_days = fields.Integer(
        string="L/C Warning (Days Before)",
        default=7,
        help="Days before an L/C's latest shipment date and expiry date the salesperson and clerk are warned.",
    )
    export_documents_bilingual = fields.Boolean(
        string="Bilingual Export Documents",
        default=True,
        help="Proforma invoices, commercial invoices and packing lists print each label in English "
        "followed by Simplified Chinese; users and customers reading Chinese always get them.",
    )

    @api.constrains("execution_confirmation_target_days", "execution_lc_warning_days")
    def _check_execution_policies(self):
        for company in self:
            if company.execution_confirmation_target_days < 0 or company.execution_lc_warning_days < 0:
                raise ValidationError(_("Days of the execution policies cannot be negative."))
