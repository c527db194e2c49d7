# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models


class CrmCustomerScoreRecompute(models.TransientModel):
    """Recompute a year's ranking of the current company, at once or in the background with its progress."""

    _name = "crm.customer.score.recompute"
    _description = "Recompute the Customer Ranking"

    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, readonly=True)
    ranking_last_computed = fields.Datetime(related="company_id.ranking_last_computed")
    ranking_pending_count = fields.Integer(related="company_id.ranking_pending_count")

    def action_recompute_now(self):
        self.ensure_one()
        self.env["crm.customer.score"].compute_year(self.year)
        return self._open_ranking()

    def action_recompute_background(self):
        self.ensure_one()
        pending = self.env["crm.customer.score"]._start_recompute(self.year)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": _("%(count)s customers will be ranked in the background.", count=pending),
                "next": self._open_ranking(),
            },
        }

    def _open_ranking(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_customer_scoring.action_crm_customer_score")
        action["context"] = {"search_default_year": self.year}
        return action
