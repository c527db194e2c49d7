# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    """The customer's overdue instalments (models/sale_order_instalment.py), on its form."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    instalment_overdue_amount = fields.Monetary(
        string="Overdue Instalments",
        compute="_compute_instalment_overdue_amount",
        currency_field="instalment_currency_id",
        help="Still due on the customer's overdue order instalments you can see, in the company's currency.",
    )
    instalment_currency_id = fields.Many2one("res.currency", compute="_compute_instalment_overdue_amount")

    @api.depends_context("uid", "company")
    def _compute_instalment_overdue_amount(self):
        company = self.env.company
        if not self.env["sale.order.instalment"].has_access("read"):
            self.instalment_overdue_amount = 0.0
            self.instalment_currency_id = company.currency_id
            return
        # one grouped read for all the customers shown, within the user's record rules
        groups = self.env["sale.order.instalment"]._read_group(
            [("partner_id", "in", self.commercial_partner_id.ids), ("state", "=", "overdue")],
            ["partner_id", "currency_id"],
            ["amount_due:sum"],
        )
        amounts = {}
        for partner, currency, amount in groups:
            amounts[partner.id] = amounts.get(partner.id, 0.0) + currency._convert(
                amount, company.currency_id, company, fields.Date.context_today(self)
            )
        for partner in self:
            partner.instalment_overdue_amount = amounts.get(partner.commercial_partner_id.id, 0.0)
            partner.instalment_currency_id = company.currency_id
