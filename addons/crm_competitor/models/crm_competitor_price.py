# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

PRICE_SOURCES = [
    ("visit", "Visit Report"),
    ("customer", "Customer"),
    ("trade_show", "Trade Show"),
    ("lost_deal", "Lost Deal"),
    ("other", "Other"),
]


class CrmCompetitorPrice(models.Model):
    """A competitor's price for a product like ours, as observed on a date."""

    _name = "crm.competitor.price"
    _description = "Competitor Price Observation"
    _order = "date desc, id desc"

    competitor_id = fields.Many2one("crm.competitor", required=True, index=True, ondelete="cascade")
    product_id = fields.Many2one("product.product", string="Our Product", required=True, index=True)
    competitor_model = fields.Char(string="Their Model")
    price = fields.Monetary(required=True, currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", required=True, default=lambda self: self.env.company.currency_id)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    source = fields.Selection(PRICE_SOURCES, required=True, default="customer")
    our_price = fields.Monetary(
        compute="_compute_gap", store=True, currency_field="currency_id", help="Our list price, in this currency."
    )
    gap_percent = fields.Float(
        string="Their Price vs Ours (%)",
        compute="_compute_gap",
        store=True,
        aggregator="avg",
        help="Negative when the competitor is cheaper.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    @api.constrains("price")
    def _check_price(self):
        if any(observation.price < 0 for observation in self):
            raise ValidationError(_("A competitor's price cannot be negative."))

    @api.depends("price", "currency_id", "product_id.lst_price", "date")
    def _compute_gap(self):
        company = self.env.company
        for observation in self:
            ours = company.currency_id._convert(
                observation.product_id.lst_price,
                observation.currency_id,
                company,
                observation.date or fields.Date.today(),
            )
            observation.our_price = ours
            observation.gap_percent = (observation.price - ours) / ours * 100 if ours else 0.0
