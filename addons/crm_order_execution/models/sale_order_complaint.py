# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The complaints of an export order, reached from the order."""

from odoo import _, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    complaint_ids = fields.One2many("crm.customer.complaint", "order_id", string="Complaints")
    complaint_count = fields.Integer(compute="_compute_complaint_count")

    def _compute_complaint_count(self):
        counts = dict(
            self.env["crm.customer.complaint"]._read_group([("order_id", "in", self.ids)], ["order_id"], ["__count"])
        )
        for order in self:
            order.complaint_count = counts.get(order._origin, 0)

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_order_execution.action_crm_customer_complaint")
        action.update(
            {
                "name": _("Complaints of %s", self.name),
                "domain": [("order_id", "=", self.id)],
                "context": {"default_order_id": self.id},
            }
        )
        if self.complaint_count == 1:
            action.update({"view_mode": "form", "views": [(False, "form")], "res_id": self.complaint_ids.id})
        return action
