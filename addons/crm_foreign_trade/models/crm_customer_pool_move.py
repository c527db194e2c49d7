# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

MOVE_TYPES = [
    ("release_auto", "Returned to Pool (No Activity)"),
    ("release", "Released to Pool"),
    ("claim", "Claimed from Pool"),
    ("handover", "Handover"),
]


class CrmCustomerPoolMove(models.Model):
    """Every change of a customer's owner through the pool or a handover."""

    _name = "crm.customer.pool.move"
    _description = "Customer Ownership Move"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    move_type = fields.Selection(MOVE_TYPES, required=True, index=True)
    from_user_id = fields.Many2one("res.users", string="From", index=True)
    to_user_id = fields.Many2one("res.users", string="To", index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    reason = fields.Char()
    handover_id = fields.Many2one("crm.customer.handover", ondelete="set null", index=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
