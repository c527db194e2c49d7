# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import UserError


class CrmLeadLost(models.TransientModel):
    """Odoo's loss wizard asks, when competition was the reason, who won and at what price."""

    _inherit = "crm.lead.lost"

    is_competition = fields.Boolean(related="lost_reason_id.is_competition")
    competitor_id = fields.Many2one("crm.competitor", string="Won By")
    competitor_amount = fields.Monetary(string="Their Price", currency_field="competitor_currency_id")
    competitor_currency_id = fields.Many2one(
        "res.currency", string="Currency", default=lambda self: self.env.company.currency_id
    )
    competitor_why = fields.Char(string="Why They Won")

    def action_lost_reason_apply(self):
        self.ensure_one()
        if self.is_competition and not self.competitor_id:
            raise UserError(_("Which competitor won this deal?"))
        # read before they are archived: the wizard's lead_ids no longer lists archived leads
        leads = self.lead_ids
        res = super().action_lost_reason_apply()
        if self.is_competition:
            leads.write({"won_by_competitor_id": self.competitor_id.id})
            self.env["crm.competitor.order"].create(
                [
                    {
                        "partner_id": (lead.partner_id.commercial_partner_id or lead.partner_id).id,
                        "competitor_id": self.competitor_id.id,
                        "amount": self.competitor_amount or lead.expected_revenue,
                        "currency_id": self.competitor_currency_id.id,
                        "source": "lost_deal",
                        "lead_id": lead.id,
                        "lost_reason_id": self.lost_reason_id.id,
                        "user_id": lead.user_id.id,
                        "notes": self.competitor_why,
                        "description": lead.name,
                    }
                    for lead in leads
                    if lead.partner_id
                ]
            )
        return res
