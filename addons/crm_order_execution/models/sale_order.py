# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    execution_step_ids = fields.One2many("sale.execution.step", "order_id", string="Execution Checklist")
    execution_template_id = fields.Many2one("sale.execution.template", readonly=True, copy=False)
    # the same field sale_stock defines: export orders need it without stock installed
    incoterm = fields.Many2one("account.incoterms", help="International Commercial Terms.")
    vessel = fields.Char(string="Vessel / Voyage", copy=False)
    container_number = fields.Char(copy=False)
    port_of_loading = fields.Char()
    port_of_destination = fields.Char()
    date_etd = fields.Date(string="ETD", copy=False)
    date_eta = fields.Date(string="ETA", copy=False)
    bill_of_lading = fields.Char(string="B/L Number", copy=False)

    def action_confirm(self):
        res = super().action_confirm()
        if self.env["ir.config_parameter"].sudo().get_param("crm_order_execution.checklists"):
            self._generate_execution_checklists()
        return res

    def _execution_responsible(self, template_step, clerk):
        if template_step.responsible_role == "salesperson":
            return self.user_id
        if template_step.responsible_role == "user":
            return template_step.user_id
        return clerk or self.user_id

    def _generate_execution_checklists(self):
        """All steps of all confirmed orders in one create, whatever the number of lines."""
        clerk_id = self.env["ir.config_parameter"].sudo().get_param("crm_order_execution.default_clerk_id")
        clerk = self.env["res.users"].browse(int(clerk_id)).exists() if clerk_id else self.env["res.users"]
        Template = self.env["sale.execution.template"].sudo()
        values = []
        for order in self.filtered(lambda o: not o.execution_step_ids):
            template = Template._match(order)
            if not template:
                continue
            order.execution_template_id = template
            confirmed = fields.Date.to_date(order.date_order) or fields.Date.context_today(self)
            for step in template.step_ids:
                base = {"confirmation": confirmed, "etd": order.date_etd, "eta": order.date_eta}.get(step.due_base)
                planned = base + relativedelta(days=step.due_offset_days) if base else False
                values.append(
                    {
                        "order_id": order.id,
                        "template_step_id": step.id,
                        "name": step.name,
                        "sequence": step.sequence,
                        "user_id": order._execution_responsible(step, clerk).id,
                        "due_base": step.due_base,
                        "date_planned": planned,
                        "customer_facing": step.customer_facing,
                    }
                )
        return self.env["sale.execution.step"].sudo().create(values)
