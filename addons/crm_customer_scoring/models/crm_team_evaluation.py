# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A sales team's evaluation policy: its questionnaire, and whether the score sets the probability."""

from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    evaluation_template_id = fields.Many2one(
        "crm.opportunity.evaluation.template",
        string="Evaluation Questionnaire",
        check_company=True,
        help="Questionnaire the team's opportunities are evaluated with. Empty: the company's first active "
        "questionnaire.",
    )
    # off after installation: evaluating changes nothing in Odoo's probabilities until a team chooses so
    evaluation_sets_probability = fields.Boolean(
        help="On: saving an opportunity's evaluation sets its probability to the evaluation score. Odoo's "
        "automated probability stays visible beside it, and one click switches back to it.",
    )
