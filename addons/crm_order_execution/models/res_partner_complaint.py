# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""How many complaints a customer filed, on the customer."""

from odoo import _, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    complaint_count = fields.Integer(compute="_compute_complaint_count", groups="sales_team.group_sale_salesman")

    def _compute_complaint_count(self):
        # complaints name the customer company: one grouped count for all partners shown
        counts = dict(
            self.env["crm.customer.complaint"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.complaint_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_order_execution.action_crm_customer_complaint")
        action.update(
            {
                "name": _("Complaints of %s", self.commercial_partner_id.display_name),
                "domain": [("partner_id", "=", self.commercial_partner_id.id)],
            }
        )
        return action
