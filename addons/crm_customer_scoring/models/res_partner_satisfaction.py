# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer's satisfaction on its form, and sending the satisfaction survey to its contacts."""

from odoo import _, fields, models
from odoo.exceptions import UserError

from .customer_satisfaction import BANDS

# the results are the sales organisation's: other users (accountants, portal) never read them
SALES = "sales_team.group_sale_salesman"


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    satisfaction_ids = fields.One2many(
        "crm.customer.satisfaction", "partner_id", string="Satisfaction by Period", readonly=True, groups=SALES
    )
    satisfaction_count = fields.Integer(compute="_compute_satisfaction_latest", groups=SALES)
    satisfaction_score = fields.Float(
        string="Latest Satisfaction", digits=(5, 1), compute="_compute_satisfaction_latest", groups=SALES,
        help="Score (0-100) of the latest period with completed answers, in the current company.",
    )  # fmt: skip
    satisfaction_band = fields.Selection(
        BANDS, string="Latest Band", compute="_compute_satisfaction_latest", groups=SALES
    )
    satisfaction_weakest_items = fields.Char(
        string="Weakest Items", compute="_compute_satisfaction_latest", groups=SALES
    )

    def _compute_satisfaction_latest(self):
        rows = self.env["crm.customer.satisfaction"].search(
            [("partner_id", "in", self.commercial_partner_id.ids), ("company_id", "=", self.env.company.id)],
            order="date_start desc",
        )
        latest, counts = {}, {}
        for row in rows:
            latest.setdefault(row.partner_id, row)
            counts[row.partner_id] = counts.get(row.partner_id, 0) + 1
        for partner in self:
            row = latest.get(partner.commercial_partner_id, rows.browse())
            partner.satisfaction_count = counts.get(partner.commercial_partner_id, 0)
            partner.satisfaction_score = row.score
            partner.satisfaction_band = row.band
            partner.satisfaction_weakest_items = row.weakest_items

    def action_view_satisfaction(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_scoring.action_customer_satisfaction_report"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        return action

    def action_send_satisfaction_survey(self):
        """Odoo's survey invitation with the e-mail contacts of these customers prefilled."""
        survey = self.env.company.satisfaction_survey_id
        if not survey:
            raise UserError(
                _("Choose the satisfaction survey in Settings (CRM > Customer Satisfaction) before sending it.")
            )
        if not self.env.user.has_group("survey.group_survey_user"):
            raise UserError(_("Sending surveys needs the Surveys: User access right; ask your administrator."))
        customers = self.commercial_partner_id
        people = self.search(
            [("commercial_partner_id", "in", customers.ids), ("is_company", "=", False), ("email", "!=", False)]
        )
        # the company's own address receives the survey only when none of its people has one
        contacts = people | (customers - people.commercial_partner_id).filtered("email")
        missing = customers - contacts.commercial_partner_id
        if missing:
            raise UserError(
                _(
                    "These customers have no contact with an e-mail address: %(names)s",
                    names=", ".join(missing.mapped("display_name")),
                )
            )
        action = survey.action_send_survey()
        action["context"] = dict(action["context"], default_partner_ids=contacts.ids)
        return action
