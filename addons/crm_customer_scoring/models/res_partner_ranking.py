# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResPartner(models.Model):
    """The customer's yearly ranking rows (crm_customer_score.py), from its form."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    customer_score_count = fields.Integer(string="Rankings", compute="_compute_customer_score_count")

    def _compute_customer_score_count(self):
        counts = dict(
            self.env["crm.customer.score"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.customer_score_count = counts.get(partner.commercial_partner_id, 0)

    def action_open_customer_scores(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_customer_scoring.action_crm_customer_score")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"create": False}
        return action

    def action_recompute_ranking(self):
        """Recompute the customer's rows of the current year and of the years it is already ranked in."""
        self.ensure_one()
        Score = self.env["crm.customer.score"]
        Score.check_access("read")
        customer = self.commercial_partner_id
        years = set(Score.search([("partner_id", "=", customer.id)]).mapped("year"))
        years.add(fields.Date.context_today(self).year)
        for year in sorted(years):
            Score.sudo()._recompute_partners(customer, year)
        return self.action_open_customer_scores()
