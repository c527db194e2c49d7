# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .crm_competitor_price import PRICE_SOURCES


class CrmCompetitorOrder(models.Model):
    """An order a competitor won or holds at a customer (竞争订单, seed 004 §3.4)."""

    _name = "crm.competitor.order"
    _description = "Competitor Order"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, tracking=True)
    competitor_id = fields.Many2one("crm.competitor", required=True, index=True, tracking=True)
    product_ids = fields.Many2many("product.product", string="Products")
    description = fields.Char()
    quantity = fields.Float(digits="Product Unit of Measure")
    amount = fields.Monetary(currency_field="currency_id", tracking=True)
    currency_id = fields.Many2one("res.currency", required=True, default=lambda self: self.env.company.currency_id)
    amount_company = fields.Monetary(
        string="Amount (Company Currency)",
        compute="_compute_amount_company",
        store=True,
        currency_field="company_currency_id",
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    source = fields.Selection(PRICE_SOURCES, required=True, default="customer")
    lead_id = fields.Many2one("crm.lead", string="Lost Opportunity", index=True)
    lost_reason_id = fields.Many2one("crm.lost.reason", string="Why We Lost")
    visit_report_id = fields.Many2one("crm.visit.report")
    user_id = fields.Many2one("res.users", string="Salesperson", default=lambda self: self.env.user, index=True)
    notes = fields.Text()
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)

    @api.depends("competitor_id", "partner_id", "date")
    def _compute_name(self):
        for order in self:
            order.name = f"{order.competitor_id.name or ''} @ {order.partner_id.name or ''} ({order.date or ''})"

    @api.depends("amount", "currency_id", "date")
    def _compute_amount_company(self):
        for order in self:
            company = order.company_id or self.env.company
            order.amount_company = order.currency_id._convert(
                order.amount, company.currency_id, company, order.date or fields.Date.today()
            )
