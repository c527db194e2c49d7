# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SalePriceConflict(models.Model):
    """A price confirmed against a colleague's recent quote to the same customer."""

    _name = "sale.price.conflict"
    _description = "Quotation Price Conflict"
    _order = "create_date desc, id desc"

    order_id = fields.Many2one("sale.order", required=True, index=True, ondelete="cascade")
    order_line_id = fields.Many2one("sale.order.line", ondelete="set null")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True)
    product_id = fields.Many2one("product.product", required=True, index=True)
    user_id = fields.Many2one("res.users", string="Salesperson")
    currency_id = fields.Many2one("res.currency")
    price_unit = fields.Monetary(string="Price", currency_field="currency_id")
    earlier_order_id = fields.Many2one("sale.order", string="Earlier Document")
    earlier_price_unit = fields.Monetary(string="Earlier Price", currency_field="earlier_currency_id")
    earlier_currency_id = fields.Many2one("res.currency")
    earlier_user_id = fields.Many2one("res.users", string="Earlier Salesperson")
    gap_percent = fields.Float(string="Gap (%)", digits=(16, 1))
    reason = fields.Char(required=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True)
