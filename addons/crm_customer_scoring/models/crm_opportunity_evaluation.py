# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An opportunity's evaluation: one chosen answer per question of its questionnaire and their weighted score.

Re-evaluating keeps history: each evaluation is its own record and the opportunity's current evaluation is the
latest one (crm.lead.evaluation_id); a new evaluation starts from the current one's answers. Only the current
evaluation moves the probability, and only in teams whose policy says so.

The score follows the questionnaire: a sales manager tuning weights or answer scores rescored past evaluations,
so the calibration report shows at once how the tuned questionnaire would have ranked the closed opportunities
(probabilities already set stay as they are).
"""

from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date


class CrmOpportunityEvaluation(models.Model):
    _name = "crm.opportunity.evaluation"
    _description = "Opportunity Evaluation"
    _order = "date desc, id desc"
    _check_company_auto = True

    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('type', '=', 'opportunity')]",
    )
    template_id = fields.Many2one(
        "crm.opportunity.evaluation.template",
        string="Questionnaire",
        required=True,
        check_company=True,
        compute="_compute_template_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    line_ids = fields.One2many(
        "crm.opportunity.evaluation.line",
        "evaluation_id",
        string="Answers",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
        precompute=True,
    )
    score = fields.Float(
        compute="_compute_score",
        store=True,
        digits=(16, 2),
        aggregator="avg",
        help="Average of the chosen answers' scores weighted by their questions' weights, from 0 to 100.",
    )
    unanswered_count = fields.Integer(string="Unanswered Questions", compute="_compute_unanswered_count")
    is_current = fields.Boolean(
        string="Current",
        compute="_compute_is_current",
        help="The opportunity's latest evaluation: the one whose score counts.",
    )
    user_id = fields.Many2one("res.users", string="Evaluated By", default=lambda self: self.env.user, required=True)
    date = fields.Date(string="Evaluation Date", default=fields.Date.context_today, required=True)
    note = fields.Text(string="Notes")
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)
    team_id = fields.Many2one(related="lead_id.team_id", string="Sales Team", store=True)
    salesperson_id = fields.Many2one(related="lead_id.user_id", string="Salesperson", store=True)

    @api.depends("lead_id")
    def _compute_template_id(self):
        for evaluation in self:
            if evaluation.lead_id and not evaluation.template_id:
                evaluation.template_id = self.env["crm.opportunity.evaluation.template"]._for_lead(evaluation.lead_id)

    @api.depends("template_id")
    def _compute_line_ids(self):
        """One line per question; a re-evaluation starts from the current evaluation's answers."""
        for evaluation in self:
            previous = evaluation.lead_id.evaluation_id
            if previous == evaluation or previous.template_id != evaluation.template_id:
                previous = self.browse()
            previous_answers = {line.question_id: line.answer_id for line in previous.line_ids}
            evaluation.line_ids = [Command.clear()] + [
                Command.create({"question_id": question.id, "answer_id": previous_answers.get(question, False)})
                for question in evaluation.template_id.question_ids
            ]

    @api.depends("line_ids.answer_id.score", "line_ids.question_id.weight")
    def _compute_score(self):
        for evaluation in self:
            lines = evaluation.line_ids
            total_weight = sum(line.question_id.weight for line in lines)
            weighted = sum(line.question_id.weight * line.answer_id.score for line in lines)
            evaluation.score = weighted / total_weight if total_weight else 0.0

    @api.depends("line_ids.answer_id")
    def _compute_unanswered_count(self):
        for evaluation in self:
            evaluation.unanswered_count = len(evaluation.line_ids.filtered(lambda line: not line.answer_id))

    @api.depends("lead_id.evaluation_id")
    def _compute_is_current(self):
        for evaluation in self:
            evaluation.is_current = evaluation.lead_id.evaluation_id == evaluation

    @api.depends("lead_id", "date")
    def _compute_display_name(self):
        for evaluation in self:
            evaluation.display_name = _(
                "%(opportunity)s: evaluation of %(date)s",
                opportunity=evaluation.lead_id.name or "",
                date=format_date(self.env, evaluation.date) if evaluation.date else "",
            )

    # ------------------------------------------------------------------
    # Validation: a score counts only when every question is answered
    # ------------------------------------------------------------------
    @api.constrains("line_ids", "template_id")
    def _check_answered(self):
        for evaluation in self:
            evaluation._check_all_answered(evaluation.line_ids.filtered(lambda line: not line.answer_id).question_id)
            if not any(line.question_id.weight > 0 for line in evaluation.line_ids):
                raise ValidationError(
                    _(
                        "The questionnaire %(questionnaire)s has no question with a weight above 0: "
                        "it cannot score an opportunity.",
                        questionnaire=evaluation.template_id.name,
                    )
                )

    def _check_all_answered(self, unanswered_questions):
        if unanswered_questions:
            raise ValidationError(
                _(
                    "Answer every question before saving the evaluation of %(opportunity)s. Unanswered: %(questions)s",
                    opportunity=self.lead_id.name,
                    questions=", ".join(unanswered_questions.mapped("name")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        evaluations = super().create(vals_list)
        for evaluation in evaluations:
            if evaluation.lead_id.type != "opportunity":
                raise UserError(
                    _("Only opportunities are evaluated; convert the lead %s first.", evaluation.lead_id.name)
                )
            if evaluation.lead_id.probability >= 100 or not evaluation.lead_id.active:
                raise UserError(
                    _(
                        "%(opportunity)s is already won or lost: an evaluation made now would not predict its "
                        "outcome. Restore it first.",
                        opportunity=evaluation.lead_id.name,
                    )
                )
            # the questionnaire as it is now; questions added later do not reopen past evaluations
            evaluation._check_all_answered(evaluation.template_id.question_ids - evaluation.line_ids.question_id)
        evaluations._apply_probability_policy()
        return evaluations

    def write(self, vals):
        res = super().write(vals)
        if {"line_ids", "template_id", "lead_id", "date"} & set(vals):
            self._apply_probability_policy()
        return res

    def _apply_probability_policy(self):
        """In teams whose policy says so, the current evaluation's score becomes the open opportunity's
        probability. Odoo's automated probability is left as it is and stays visible beside it."""
        leads_by_score = defaultdict(lambda: self.env["crm.lead"])
        for evaluation in self:
            lead = evaluation.lead_id
            if (
                evaluation.is_current
                and lead.team_id.evaluation_sets_probability
                and lead.active
                and lead.probability < 100
            ):
                leads_by_score[round(evaluation.score, 2)] |= lead
        for score, leads in leads_by_score.items():
            leads.write({"probability": score})

    def action_open_form(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }


class CrmOpportunityEvaluationLine(models.Model):
    _name = "crm.opportunity.evaluation.line"
    _description = "Opportunity Evaluation Answer Line"
    _order = "evaluation_id, sequence, id"

    evaluation_id = fields.Many2one("crm.opportunity.evaluation", required=True, index=True, ondelete="cascade")
    # restrict: a question answered in past evaluations is kept (set its weight to 0 to stop counting it)
    question_id = fields.Many2one("crm.opportunity.evaluation.question", required=True, ondelete="restrict")
    sequence = fields.Integer(related="question_id.sequence", store=True)
    answer_id = fields.Many2one(
        "crm.opportunity.evaluation.answer",
        ondelete="restrict",
        domain="[('question_id', '=', question_id)]",
    )
    weight = fields.Float(related="question_id.weight")
    score = fields.Float(related="answer_id.score")
    company_id = fields.Many2one(related="evaluation_id.company_id", store=True)

    _sql_constraints = [
        ("question_unique", "unique(evaluation_id, question_id)", "An evaluation answers each question once."),
    ]

    @api.constrains("question_id", "answer_id")
    def _check_answer_of_question(self):
        for line in self:
            if line.question_id.template_id != line.evaluation_id.template_id:
                raise ValidationError(
                    _(
                        "The question %(question)s is not part of the questionnaire %(questionnaire)s.",
                        question=line.question_id.name,
                        questionnaire=line.evaluation_id.template_id.name,
                    )
                )
            if line.answer_id and line.answer_id.question_id != line.question_id:
                raise ValidationError(
                    _(
                        "%(answer)s is not an answer to the question %(question)s.",
                        answer=line.answer_id.name,
                        question=line.question_id.name,
                    )
                )

    def write(self, vals):
        res = super().write(vals)
        if "answer_id" in vals:
            for evaluation in self.evaluation_id:
                evaluation._check_all_answered(
                    evaluation.line_ids.filtered(lambda line: not line.answer_id).question_id
                )
            self.evaluation_id._apply_probability_policy()
        return res
