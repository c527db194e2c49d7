# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models


class CrmCompetitorCertification(models.Model):
    _name = "crm.competitor.certification"
    _description = "Product Certification"
    _order = "name"

    name = fields.Char(required=True)
    description = fields.Char()

    _sql_constraints = [("name_unique", "unique(name)", "This certification exists already.")]


class CrmCompetitor(models.Model):
    """A company we lose or win deals against (seed 004 §3.4)."""

    _name = "crm.competitor"
    _description = "Competitor"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner", string="Company Address", help="The competitor's company card, for address and contacts."
    )
    country_id = fields.Many2one("res.country", related="partner_id.country_id", store=True, readonly=False)
    website = fields.Char(related="partner_id.website", readonly=False)
    active = fields.Boolean(default=True)
    strengths = fields.Html()
    weaknesses = fields.Html()
    opportunities = fields.Html(string="Opportunities for Us")
    threats = fields.Html()
    certification_ids = fields.Many2many("crm.competitor.certification", string="Certifications")
    price_ids = fields.One2many("crm.competitor.price", "competitor_id", string="Observed Prices")
    order_ids = fields.One2many("crm.competitor.order", "competitor_id", string="Competitor Orders")
    lead_competitor_ids = fields.One2many("crm.lead.competitor", "competitor_id", string="Contested Opportunities")
    order_count = fields.Integer(compute="_compute_counts")
    contested_count = fields.Integer(compute="_compute_counts")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    win_rate = fields.Float(
        string="Our Win Rate (%)", compute="_compute_win_rate", help="Opportunities won among those decided."
    )

    def _compute_win_rate(self):
        rates = self._win_rates()
        for competitor in self:
            competitor.win_rate = rates.get(competitor.id, 0.0)

    def _win_rates(self, date_from=None, date_to=None):
        """{competitor id: % of decided opportunities against it that we won}, one grouped read."""
        domain = [("competitor_id", "in", self.ids), ("outcome", "in", ("won", "lost"))]
        if date_from:
            domain.append(("lead_id.date_closed", ">=", date_from))
        if date_to:
            domain.append(("lead_id.date_closed", "<=", date_to))
        groups = self.env["crm.lead.competitor"]._read_group(
            domain, ["competitor_id"], ["won_count:sum", "lost_count:sum"]
        )
        return {c.id: 100.0 * won / (won + lost) for c, won, lost in groups if won + lost}

    def _share_at_customers(self, date_from, date_to):
        """{customer id: (their order amount, our confirmed sales)} in company currency for the period."""
        theirs = self.env["crm.competitor.order"]._read_group(
            [("competitor_id", "in", self.ids), ("date", ">=", date_from), ("date", "<=", date_to)],
            ["partner_id"],
            ["amount_company:sum"],
        )
        customers = self.env["res.partner"].browse([p.commercial_partner_id.id for p, _a in theirs])
        ours = self.env["sale.order"]._read_group(
            [("partner_id.commercial_partner_id", "in", customers.ids), ("state", "=", "sale"),
             ("date_order", ">=", date_from), ("date_order", "<=", date_to)],
            ["partner_id"],
            ["amount_untaxed:sum"],
        )  # fmt: skip
        result = {customer.id: [0.0, 0.0] for customer in customers}
        for partner, amount in theirs:
            result[partner.commercial_partner_id.id][0] += amount
        for partner, amount in ours:
            result[partner.commercial_partner_id.id][1] += amount
        return {pid: tuple(values) for pid, values in result.items()}

    def _compute_counts(self):
        orders = dict(self.env["crm.competitor.order"]._read_group([("competitor_id", "in", self.ids)],
                                                                    ["competitor_id"], ["__count"]))  # fmt: skip
        contested = dict(
            self.env["crm.lead.competitor"]._read_group(
                [("competitor_id", "in", self.ids)], ["competitor_id"], ["__count"]
            )
        )
        for competitor in self:
            competitor.order_count = orders.get(competitor, 0)
            competitor.contested_count = contested.get(competitor, 0)

    def action_view_orders(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Orders Won by %s", self.name),
            "res_model": "crm.competitor.order",
            "view_mode": "list,form,pivot",
            "domain": [("competitor_id", "=", self.id)],
            "context": {"default_competitor_id": self.id},
        }
