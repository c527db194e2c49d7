# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    """Samples sent to the customer company and whether an order has followed."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    sample_request_ids = fields.One2many("crm.sample.request", "partner_id", string="Sample Requests")
    company_sample_request_ids = fields.One2many(
        "crm.sample.request",
        "commercial_partner_id",
        string="Sample Requests of the Company",
        groups="sales_team.group_sale_salesman",
    )
    sample_awaiting_order = fields.Boolean(
        compute="_compute_sample_awaiting_order",
        store=True,
        help="Samples were sent to this customer company and no order has followed yet.",
    )
    # the customer company's samples in the current company: what they cost and what was billed for them
    sample_request_count = fields.Integer(compute="_compute_sample_totals", groups="sales_team.group_sale_salesman")
    sample_cost_total = fields.Monetary(
        compute="_compute_sample_totals",
        currency_field="sample_currency_id",
        groups="sales_team.group_sale_salesman",
        string="Sample Cost",
        help="Cost of the samples requested for this customer company, cancelled requests left out.",
    )
    sample_fee_billed_total = fields.Monetary(
        compute="_compute_sample_totals",
        currency_field="sample_currency_id",
        groups="sales_team.group_sale_salesman",
        string="Sample Fees Billed",
        help="Sample fees put on invoices or quotations for this customer company.",
    )
    sample_currency_id = fields.Many2one(
        "res.currency", compute="_compute_sample_totals", groups="sales_team.group_sale_salesman"
    )

    @api.depends(
        "company_sample_request_ids.state",
        "company_sample_request_ids.sent_date",
        "company_sample_request_ids.converted_order_id",
    )
    def _compute_sample_awaiting_order(self):
        awaiting = self.env["crm.sample.request"]._awaiting_order_domain()
        for partner in self:
            partner.sample_awaiting_order = bool(partner.sudo().company_sample_request_ids.filtered_domain(awaiting))

    @api.depends_context("company", "uid")
    def _compute_sample_totals(self):
        # one grouped query for all the partners shown, with the reader's rights (a salesperson sums what he sees)
        commercial = self.commercial_partner_id
        totals = {}
        if commercial.ids:
            groups = self.env["crm.sample.request"]._read_group(
                [
                    ("commercial_partner_id", "in", commercial.ids),
                    ("company_id", "=", self.env.company.id),
                    ("state", "!=", "cancel"),
                ],
                ["commercial_partner_id"],
                ["__count", "value:sum", "fee_billed_amount:sum"],
            )
            totals = {partner.id: (count, value, billed) for partner, count, value, billed in groups}
        for partner in self:
            count, value, billed = totals.get(partner.commercial_partner_id.id, (0, 0.0, 0.0))
            partner.sample_request_count = count
            partner.sample_cost_total = value
            partner.sample_fee_billed_total = billed
            partner.sample_currency_id = self.env.company.currency_id

    def action_view_sample_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_foreign_trade.action_crm_sample_request")
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
