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

    @api.depends(
        "company_sample_request_ids.state",
        "company_sample_request_ids.sent_date",
        "company_sample_request_ids.converted_order_id",
    )
    def _compute_sample_awaiting_order(self):
        awaiting = self.env["crm.sample.request"]._awaiting_order_domain()
        for partner in self:
            partner.sample_awaiting_order = bool(partner.sudo().company_sample_request_ids.filtered_domain(awaiting))
