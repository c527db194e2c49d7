# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The satisfaction policy of seed 001 §4.3.3b: one value per company (branch), shown in Settings.

Scores of 90 and more are very satisfied, 60 to 90 satisfied, below 60 dissatisfied; 0 is a value.
"""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

SURVEY_XMLID = "crm_customer_scoring.survey_customer_satisfaction"


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    satisfaction_period = fields.Selection(
        [("quarter", "Quarter"), ("year", "Year")],
        default="quarter",
        required=True,
        help="Customer satisfaction is averaged over the completed answers of each period.",
    )
    satisfaction_very_satisfied_min = fields.Float(
        string="Very Satisfied From", default=90.0, help="Scores from this value up (0-100) are very satisfied."
    )
    satisfaction_satisfied_min = fields.Float(
        string="Satisfied From",
        default=60.0,
        help="Scores from this value up to the very satisfied one are satisfied; below it, dissatisfied: "
        "the customer's salesperson gets a follow-up activity.",
    )
    satisfaction_survey_id = fields.Many2one(
        "survey.survey",
        domain=[("is_customer_satisfaction", "=", True)],
        default=lambda self: self.env.ref(SURVEY_XMLID, raise_if_not_found=False),
        help="The questionnaire sent by Send Satisfaction Survey.",
    )

    @api.constrains("satisfaction_very_satisfied_min", "satisfaction_satisfied_min")
    def _check_satisfaction_bands(self):
        for company in self:
            if not 0 <= company.satisfaction_satisfied_min <= company.satisfaction_very_satisfied_min <= 100:
                raise ValidationError(_("Satisfaction bands need 0 <= satisfied <= very satisfied <= 100."))

    def write(self, vals):
        changed = self.filtered(
            lambda c: "satisfaction_period" in vals and c.satisfaction_period != vals["satisfaction_period"]
        )
        res = super().write(vals)
        if changed:
            # other periods: every row of these companies is rebuilt from the answers
            self.env["crm.customer.satisfaction"].sudo()._rebuild_companies(changed)
        return res

    @api.model
    def _satisfaction_fill_default_survey(self):
        """Companies without a satisfaction survey get the shipped questionnaire."""
        survey = self.env.ref(SURVEY_XMLID, raise_if_not_found=False)
        if survey:
            self.sudo().search([("satisfaction_survey_id", "=", False)]).satisfaction_survey_id = survey

    def _satisfaction_band(self, score):
        """The band of a score (0-100) under this company's thresholds."""
        self.ensure_one()
        if score >= self.satisfaction_very_satisfied_min:
            return "very_satisfied"
        if score >= self.satisfaction_satisfied_min:
            return "satisfied"
        return "dissatisfied"
