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
