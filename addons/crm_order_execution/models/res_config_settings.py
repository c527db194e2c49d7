# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    execution_checklists = fields.Boolean(
        string="Export Order Checklists",
        config_parameter="crm_order_execution.checklists",
        help="Confirming an order of a customer with a trade channel creates its execution checklist.",
    )
    execution_default_clerk_id = fields.Many2one(
        "res.users",
        string="Default Execution Clerk",
        config_parameter="crm_order_execution.default_clerk_id",
    )
    # seed 001 §4.4: an order received is confirmed within one working day
    execution_confirmation_target_days = fields.Float(
        string="Confirmation Target (Working Days)",
        config_parameter="crm_order_execution.confirmation_target_days",
        default=1.0,
    )
    execution_lc_warning_days = fields.Integer(
        string="L/C Warning (Days Before)",
        config_parameter="crm_order_execution.lc_warning_days",
        default=7,
        help="Days before an L/C's latest shipment date and expiry date the salesperson and clerk are warned.",
    )
    export_documents_bilingual = fields.Boolean(
        related="company_id.export_documents_bilingual",
        readonly=False,
    )
