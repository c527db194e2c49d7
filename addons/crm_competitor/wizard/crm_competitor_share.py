# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import _, fields, models
from odoo.exceptions import UserError


class CrmCompetitorShare(models.TransientModel):
    """Competitor share at each customer for a period: their orders against ours."""

    _name = "crm.competitor.share"
    _description = "Competitor Share at Customers"

    date_from = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self) - relativedelta(years=1)
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    competitor_ids = fields.Many2many("crm.competitor", string="Competitors", help="Empty: every competitor.")
    line_ids = fields.One2many("crm.competitor.share.line", "share_id")

    def action_compute(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(_("The start date must be before the end date."))
        competitors = self.competitor_ids or self.env["crm.competitor"].search([])
        shares = competitors._share_at_customers(self.date_from, self.date_to)
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create(
                {
                    "partner_id": partner_id,
                    "competitor_amount": theirs,
                    "our_amount": ours,
                    "competitor_share": 100.0 * theirs / (theirs + ours) if theirs + ours else 0.0,
                }
            )
            for partner_id, (theirs, ours) in shares.items()
        ]
        return {
            "type": "ir.actions.act_window",
            "name": _("Competitor Share at Customers"),
            "res_model": "crm.competitor.share.line",
            "view_mode": "list,graph",
            "domain": [("share_id", "=", self.id)],
        }


class CrmCompetitorShareLine(models.TransientModel):
    _name = "crm.competitor.share.line"
    _description = "Competitor Share at a Customer"
    _order = "competitor_share desc"

    share_id = fields.Many2one("crm.competitor.share", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id)
    competitor_amount = fields.Monetary(string="Competitors' Orders", readonly=True)
    our_amount = fields.Monetary(string="Our Sales", readonly=True)
    competitor_share = fields.Float(string="Competitor Share (%)", digits=(16, 1), readonly=True, aggregator="avg")
