# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Satisfaction answers on Odoo's survey (seed 001 §4.3.3b), linked to the customer like OCA's partner_survey.

Each answer is linked at creation to the customer company of its respondent (the commercial partner) and
to the company that asked; completing an answer rebuilds that customer's satisfaction by period.
"""

from odoo import api, fields, models


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    is_customer_satisfaction = fields.Boolean(
        string="Customer Satisfaction",
        help="Completed answers count in the customer satisfaction of the respondent's company: each scored "
        "question is one item, the answer's score (0-100) is its points over the maximum.",
    )


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    customer_id = fields.Many2one(
        "res.partner",
        readonly=True,
        index="btree_not_null",
        help="The company of the respondent, set when the answer is created.",
    )
    customer_company_id = fields.Many2one(
        "res.company", string="Asked by Company", readonly=True, help="The company whose satisfaction is measured."
    )

    @api.model_create_multi
    def create(self, vals_list):
        partners = self.env["res.partner"].browse([vals["partner_id"] for vals in vals_list if vals.get("partner_id")])
        for vals in vals_list:
            if vals.get("partner_id") and not vals.get("customer_id"):
                customer = partners.browse(vals["partner_id"]).sudo().commercial_partner_id
                vals["customer_id"] = customer.id
                vals.setdefault("customer_company_id", (customer.company_id or self.env.company).id)
        answers = super().create(vals_list)
        answers.filtered(lambda a: a.state == "done")._satisfaction_done()
        return answers

    def write(self, vals):
        res = super().write(vals)
        if self.env.context.get("satisfaction_marking_done"):
            return res  # _mark_done() follows up once it has finished
        if vals.get("state") == "done":
            self._satisfaction_done()
        elif {"end_datetime", "customer_id", "customer_company_id", "test_entry", "state"} & set(vals):
            self._satisfaction_rebuild()
        return res

    def _mark_done(self):
        res = super(SurveyUserInput, self.with_context(satisfaction_marking_done=True))._mark_done()
        # after survey's own completion, which may still drop conditional questions from the score
        self._satisfaction_done()
        return res

    def unlink(self):
        answers = self._satisfaction_answers()
        customers, companies = answers.customer_id, answers.customer_company_id
        res = super().unlink()
        if customers:
            self.env["crm.customer.satisfaction"].sudo()._rebuild(customers, companies)
        return res

    def _satisfaction_answers(self):
        return self.filtered(lambda a: a.customer_id and a.survey_id.is_customer_satisfaction and not a.test_entry)

    def _satisfaction_rebuild(self):
        """Rebuild the satisfaction rows of these answers' customers; return the rows holding the answers."""
        answers = self._satisfaction_answers()
        if not answers:
            return self.env["crm.customer.satisfaction"]
        satisfaction = self.env["crm.customer.satisfaction"].sudo()
        rows = satisfaction._rebuild(answers.customer_id, answers.customer_company_id)
        keys = {satisfaction._key_of_answer(answer) for answer in answers.sudo()}
        return rows.filtered(lambda row: row._key() in keys)

    def _satisfaction_done(self):
        """A completed answer: its customer's period is recomputed and, below the satisfied band, followed up."""
        self._satisfaction_rebuild()._follow_up_dissatisfied()


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    def _satisfaction_max_points(self):
        """The most points an answer can give: the best choice, or all positive choices of a multiple choice."""
        self.ensure_one()
        scores = [score for score in self.suggested_answer_ids.mapped("answer_score") if score > 0]
        if self.question_type == "multiple_choice":
            return sum(scores)
        return max(scores, default=0.0)
