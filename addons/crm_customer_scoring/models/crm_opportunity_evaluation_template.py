# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Opportunity evaluation questionnaires (seed 004 §3.2.1: "expected amount, urgency, funding, competition,
customer basis …", each answer scored by rules defined beforehand).

A questionnaire holds weighted questions; each question offers answers scored 0-100. An opportunity's score is
the weighted average of its chosen answers' scores, so it reads on the same 0-100 scale as Odoo's probability.
A sales team chooses its questionnaire (crm.team.evaluation_template_id); teams without one use the company's
first active questionnaire.
"""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

MAX_ANSWER_SCORE = 100.0


class CrmOpportunityEvaluationTemplate(models.Model):
    _name = "crm.opportunity.evaluation.template"
    _description = "Opportunity Evaluation Questionnaire"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    # empty: shared by all companies, like the shipped questionnaire
    company_id = fields.Many2one("res.company", index=True, default=lambda self: self.env.company)
    description = fields.Text(translate=True, help="What the questionnaire is for, shown above the questions.")
    question_ids = fields.One2many("crm.opportunity.evaluation.question", "template_id", string="Questions", copy=True)
    team_ids = fields.One2many(
        "crm.team",
        "evaluation_template_id",
        string="Sales Teams",
        help="Teams whose opportunities are evaluated with this questionnaire. Teams without a questionnaire "
        "use the first active questionnaire of their company.",
    )
    total_weight = fields.Float(compute="_compute_total_weight")

    @api.depends("question_ids.weight")
    def _compute_total_weight(self):
        for template in self:
            template.total_weight = sum(template.question_ids.mapped("weight"))

    @api.model
    def _for_lead(self, lead):
        """The questionnaire an opportunity is evaluated with: its team's, else its company's first."""
        template = lead.team_id.evaluation_template_id
        if template.active:
            return template
        company = lead.company_id or self.env.company
        return self.search([("company_id", "in", [company.id, False])], limit=1)


class CrmOpportunityEvaluationQuestion(models.Model):
    _name = "crm.opportunity.evaluation.question"
    _description = "Opportunity Evaluation Question"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "crm.opportunity.evaluation.template", string="Questionnaire", required=True, index=True, ondelete="cascade"
    )
    name = fields.Char(string="Question", required=True, translate=True)
    sequence = fields.Integer(default=10)
    weight = fields.Float(
        default=1.0,
        help="Share of this question in the score: the score is the average of the chosen answers' scores "
        "weighted by their questions' weights. 0: asked but not counted.",
    )
    answer_ids = fields.One2many("crm.opportunity.evaluation.answer", "question_id", string="Answers", copy=True)
    company_id = fields.Many2one(related="template_id.company_id", store=True)

    @api.constrains("weight")
    def _check_weight(self):
        for question in self:
            if question.weight < 0:
                raise ValidationError(
                    _("The weight of the question %(question)s cannot be negative.", question=question.name)
                )


class CrmOpportunityEvaluationAnswer(models.Model):
    _name = "crm.opportunity.evaluation.answer"
    _description = "Opportunity Evaluation Answer"
    _order = "question_id, sequence, id"

    question_id = fields.Many2one("crm.opportunity.evaluation.question", required=True, index=True, ondelete="cascade")
    name = fields.Char(string="Answer", required=True, translate=True)
    sequence = fields.Integer(default=10)
    score = fields.Float(help="Points this answer earns, from 0 (worst) to 100 (best).")
    company_id = fields.Many2one(related="question_id.company_id", store=True)

    @api.constrains("score")
    def _check_score(self):
        for answer in self:
            if not 0 <= answer.score <= MAX_ANSWER_SCORE:
                raise ValidationError(
                    _("The score of the answer %(answer)s must be between 0 and 100.", answer=answer.name)
                )
