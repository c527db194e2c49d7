# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import _, api, fields, models

from ..models.res_partner import CUSTOMER_CLASSES


class CrmCustomerClassChange(models.TransientModel):
    _name = "crm.customer.class.change"
    _description = "Change Customer Class"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    customer_class = fields.Selection(CUSTOMER_CLASSES, string="New Class", required=True)
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner" and "partner_ids" in fields_list:
            values["partner_ids"] = [fields.Command.set(self.env.context.get("active_ids", []))]
        return values

    def action_apply(self):
        self.ensure_one()
        partners = self.partner_ids.with_context(customer_class_change_reason=self.reason)
        partners.write({"customer_class": self.customer_class})
        label = dict(CUSTOMER_CLASSES)[self.customer_class]
        body = Markup("<p>%s</p><p>%s</p>") % (
            _("Customer class changed to %(class)s.", **{"class": label}),
            self.reason,
        )
        for partner in partners:
            partner.message_post(body=body, subtype_xmlid="mail.mt_note")
        return {"type": "ir.actions.act_window_close"}
