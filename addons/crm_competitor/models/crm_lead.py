# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class CrmLeadCompetitor(models.Model):
    """A competitor contesting one of our opportunities, with what they quoted."""

    _name = "crm.lead.competitor"
    _description = "Competitor on Opportunity"
    _order = "is_main desc, id"

    lead_id = fields.Many2one("crm.lead", required=True, index=True, ondelete="cascade")
    competitor_id = fields.Many2one("crm.competitor", required=True, index=True)
    is_main = fields.Boolean(string="Main Competitor")
    quoted_price = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id)
    notes = fields.Char()

    outcome = fields.Selection(
        [("open", "Open"), ("won", "Won"), ("lost", "Lost")], compute="_compute_outcome", store=True, index=True
    )
    won_count = fields.Integer(string="Won", compute="_compute_outcome", store=True, aggregator="sum")
    lost_count = fields.Integer(string="Lost", compute="_compute_outcome", store=True, aggregator="sum")
    user_id = fields.Many2one(related="lead_id.user_id", store=True, string="Salesperson")
    partner_id = fields.Many2one(related="lead_id.partner_id", store=True, string="Customer")
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    date_closed = fields.Datetime(related="lead_id.date_closed", store=True, string="Closed On")

    _sql_constraints = [
        ("competitor_unique", "unique(lead_id, competitor_id)", "A competitor appears once on an opportunity."),
    ]

    @api.depends("lead_id.active", "lead_id.stage_id.is_won")
    def _compute_outcome(self):
        for line in self:
            lead = line.lead_id
            outcome = "won" if lead.stage_id.is_won else "lost" if not lead.active else "open"
            line.outcome = outcome
            line.won_count = int(outcome == "won")
            line.lost_count = int(outcome == "lost")


class CrmLead(models.Model):
    _inherit = "crm.lead"

    competitor_line_ids = fields.One2many("crm.lead.competitor", "lead_id", string="Competitors")
    main_competitor_id = fields.Many2one(
        "crm.competitor", compute="_compute_main_competitor", store=True, index="btree_not_null"
    )
    won_by_competitor_id = fields.Many2one("crm.competitor", string="Lost To", readonly=True, copy=False)

    @api.depends("competitor_line_ids.is_main", "competitor_line_ids.competitor_id", "won_by_competitor_id")
    def _compute_main_competitor(self):
        for lead in self:
            lines = lead.competitor_line_ids
            lead.main_competitor_id = (
                lead.won_by_competitor_id or lines.filtered("is_main")[:1].competitor_id or lines[:1].competitor_id
            )
