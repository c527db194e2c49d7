# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models


class ResPartner(models.Model):
    """The customer's sales dynamics (models/crm_customer_sales_month.py) from its form."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    sales_month_flag_count = fields.Integer(
        string="Flagged Months", compute="_compute_sales_month_flag_count", groups="sales_team.group_sale_salesman"
    )

    def _compute_sales_month_flag_count(self):
        counts = dict(
            self.env["crm.customer.sales.month"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids), ("flag", "!=", False)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.sales_month_flag_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_sales_dynamics(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_scoring.action_crm_customer_sales_month_partner"
        )
        customer = self.commercial_partner_id
        action["display_name"] = _("Sales Dynamics: %(customer)s", customer=customer.display_name)
        action["domain"] = [("partner_id", "=", customer.id)]
        action["context"] = {"default_partner_id": customer.id}
        return action

    def action_compute_sales_dynamics(self):
        """Recompute this customer's months now (the nightly cron does every customer)."""
        self.check_access("read")
        self.env["crm.customer.sales.month"].compute_months(partners=self.commercial_partner_id)
        return self.action_view_sales_dynamics() if len(self) == 1 else True
