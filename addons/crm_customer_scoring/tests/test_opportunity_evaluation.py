# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common_evaluation import EvaluationCommon

# (3 × 100 + 1 × 0 + 2 × 20) / 6
SCORE_LARGE_NONE_SEVERAL = 340.0 / 6
# (3 × 50 + 1 × 100 + 2 × 80) / 6
SCORE_MEDIUM_APPROVED_SOLE = 410.0 / 6
LARGE_NONE_SEVERAL = {"Expected amount": "Large", "Funding": "None", "Competition": "Several"}
MEDIUM_APPROVED_SOLE = {"Expected amount": "Medium", "Funding": "Approved", "Competition": "Sole supplier"}


@tagged("post_install", "-at_install")
class TestOpportunityEvaluation(EvaluationCommon):
    # ------------------------------------------------------------------
    # Scoring
    # ------------------------------------------------------------------
    def test_score_is_the_answers_scores_averaged_by_their_questions_weights(self):
        evaluation = self._evaluate(self.lead, LARGE_NONE_SEVERAL)
        self.assertAlmostEqual(evaluation.score, 56.67, places=2)
        self.assertEqual(self.lead.evaluation_id, evaluation)
        self.assertAlmostEqual(self.lead.evaluation_score, 56.67, places=2)

    def test_tuning_a_weight_rescores_past_evaluations(self):
        evaluation = self._evaluate(self.lead, LARGE_NONE_SEVERAL)
        self.questions["Competition"].weight = 0.0
        # (3 × 100 + 1 × 0) / 4
        self.assertAlmostEqual(evaluation.score, 75.0, places=2)
        self.assertAlmostEqual(self.lead.evaluation_score, 75.0, places=2)
        self._answer("Expected amount", "Large").score = 60.0
        # (3 × 60 + 1 × 0) / 4
        self.assertAlmostEqual(evaluation.score, 45.0, places=2)

    def test_a_new_evaluation_starts_from_the_current_answers(self):
        self._evaluate(self.lead, LARGE_NONE_SEVERAL)
        form = Form(self.env["crm.opportunity.evaluation"].with_context(default_lead_id=self.lead.id))
        self.assertEqual(form.template_id, self.template, "the team's questionnaire")
        self.assertEqual(len(form.line_ids), 3)
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.answer_id.name, "Large")
            line.answer_id = self._answer("Expected amount", "Small")
        second = form.save()
        # (3 × 0 + 1 × 0 + 2 × 20) / 6
        self.assertAlmostEqual(second.score, 40.0 / 6, places=2)

    def test_reevaluating_keeps_history_and_the_latest_evaluation_counts(self):
        first = self._evaluate(self.lead, LARGE_NONE_SEVERAL)
        second = self._evaluate(self.lead, MEDIUM_APPROVED_SOLE)
        self.assertEqual(self.lead.evaluation_ids, first | second)
        self.assertEqual(self.lead.evaluation_id, second)
        self.assertFalse(first.is_current)
        self.assertTrue(second.is_current)
        self.assertAlmostEqual(self.lead.evaluation_score, 68.33, places=2)
        self.assertEqual(self.lead.evaluation_count, 2)
        action = self.lead.action_open_evaluations()
        self.assertEqual(self.env[action["res_model"]].search(action["domain"]), first | second)

    def test_the_team_without_questionnaire_uses_the_company_s_first_one(self):
        self.team.evaluation_template_id = False
        first = self.env["crm.opportunity.evaluation.template"].search(
            [("company_id", "in", [self.company.id, False])], limit=1
        )
        form = Form(self.env["crm.opportunity.evaluation"].with_context(default_lead_id=self.lead.id))
        self.assertEqual(form.template_id, first)
        self.assertEqual(len(form.line_ids), len(first.question_ids))

    # ------------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------------
    def test_an_unanswered_question_is_refused(self):
        with self.assertRefused(ValidationError, r"Answer every question .*Unanswered: Funding"):
            self._evaluate(self.lead, dict(LARGE_NONE_SEVERAL, Funding=None))
        self.assertFalse(self.lead.evaluation_ids, "nothing half written")

    def test_a_question_left_out_is_refused(self):
        answers = dict(LARGE_NONE_SEVERAL)
        del answers["Competition"]
        with self.assertRefused(ValidationError, r"Unanswered: Competition"):
            self._evaluate(self.lead, answers)

    def test_clearing_an_answer_is_refused(self):
        evaluation = self._evaluate(self.lead, LARGE_NONE_SEVERAL)
        with self.assertRefused(ValidationError, r"Unanswered: Expected amount"):
            evaluation.line_ids[0].answer_id = False

    def test_an_answer_of_another_question_is_refused(self):
        evaluation = self._evaluate(self.lead, LARGE_NONE_SEVERAL)
        with self.assertRefused(ValidationError, r"Approved is not an answer to the question Expected amount"):
            evaluation.line_ids.filtered(
                lambda line: line.question_id.name == "Expected amount"
            ).answer_id = self._answer("Funding", "Approved")

    def test_a_negative_weight_or_a_score_above_100_is_refused(self):
        with self.assertRefused(ValidationError, r"weight of the question Funding cannot be negative"):
            self.questions["Funding"].weight = -1.0
        with self.assertRefused(ValidationError, r"score of the answer Large must be between 0 and 100"):
            self._answer("Expected amount", "Large").score = 120.0

    def test_a_questionnaire_without_weight_cannot_score(self):
        self.template.question_ids.weight = 0.0
        with self.assertRefused(ValidationError, r"no question with a weight above 0"):
            self._evaluate(self.lead, LARGE_NONE_SEVERAL)

    def test_a_won_opportunity_is_not_evaluated(self):
        self.lead.action_set_won()
        with self.assertRefused(UserError, r"already won or lost"):
            self._evaluate(self.lead, LARGE_NONE_SEVERAL)

    # ------------------------------------------------------------------
    # The team's probability policy
    # ------------------------------------------------------------------
    def test_policy_off_leaves_the_probability_unchanged(self):
        self.assertFalse(self.team.evaluation_sets_probability, "installing changes nothing")
        probability, automated = self.lead.probability, self.lead.automated_probability
        self._evaluate(self.lead, LARGE_NONE_SEVERAL, user=self.salesperson)
        self.assertEqual(self.lead.probability, probability)
        self.assertEqual(self.lead.automated_probability, automated)

    def test_policy_on_sets_the_probability_to_the_score_beside_odoo_s(self):
        self.team.evaluation_sets_probability = True
        automated = self.lead.automated_probability
        self._evaluate(self.lead, LARGE_NONE_SEVERAL, user=self.salesperson)
        self.assertAlmostEqual(self.lead.probability, 56.67, places=2)
        self.assertEqual(self.lead.automated_probability, automated, "Odoo's automated probability stays")
        self.assertFalse(self.lead.is_automated_probability)
        # re-evaluating and correcting an answer move it again
        evaluation = self._evaluate(self.lead, MEDIUM_APPROVED_SOLE, user=self.salesperson)
        self.assertAlmostEqual(self.lead.probability, 68.33, places=2)
        evaluation.with_user(self.salesperson).write(
            {
                "line_ids": [
                    Command.update(
                        evaluation.line_ids.filtered(lambda line: line.question_id.name == "Funding").id,
                        {"answer_id": self._answer("Funding", "None").id},
                    )
                ]
            }
        )
        # (3 × 50 + 1 × 0 + 2 × 80) / 6
        self.assertAlmostEqual(self.lead.probability, 51.67, places=2)

    def test_policy_on_an_old_evaluation_does_not_move_the_probability(self):
        self.team.evaluation_sets_probability = True
        first = self._evaluate(self.lead, LARGE_NONE_SEVERAL)
        self._evaluate(self.lead, MEDIUM_APPROVED_SOLE)
        first.line_ids.filtered(lambda line: line.question_id.name == "Funding").answer_id = self._answer(
            "Funding", "Approved"
        )
        self.assertAlmostEqual(self.lead.probability, 68.33, places=2, msg="the current evaluation counts")

    # ------------------------------------------------------------------
    # Calibration: win rate per score band over closed opportunities
    # ------------------------------------------------------------------
    def test_calibration_counts_won_and_lost_per_score_band(self):
        single = self.env["crm.opportunity.evaluation.template"].create(
            {
                "name": "One Question",
                "question_ids": [
                    self._question("Fit", 1.0, [(f"{score:g}", score) for score in (0.0, 20.0, 50.0, 90.0, 100.0)])
                ],
            }
        )
        cases = [("100", "won"), ("90", "won"), ("90", "lost"), ("50", "lost"), ("50", "lost"), ("20", "won"),
                 ("0", "lost"), ("90", "open")]  # fmt: skip
        for index, (answer, outcome) in enumerate(cases):
            lead = self._opportunity(f"Calibration {index}", self.salesperson)
            self._evaluate(lead, {"Fit": answer}, template=single)
            if outcome == "won":
                lead.action_set_won()
            elif outcome == "lost":
                lead.action_set_lost()
        unevaluated = self._opportunity("Won without evaluation", self.salesperson)
        unevaluated.action_set_won()
        Calibration = self.env["crm.opportunity.evaluation.calibration"]
        rows = {
            band: (count, won, lost, win_rate)
            for band, count, won, lost, win_rate in Calibration._read_group(
                [("template_id", "=", single.id)],
                ["score_band"],
                ["__count", "won_count:sum", "lost_count:sum", "win_rate:avg"],
            )
        }
        self.assertEqual(set(rows), {"0_20", "20_40", "40_60", "80_100"}, "a score of 20 belongs to 20-40")
        self.assertEqual(rows["80_100"][:3], (3, 2, 1), "the open opportunity is not counted")
        self.assertAlmostEqual(rows["80_100"][3], 66.67, places=2)
        self.assertEqual(rows["40_60"], (2, 0, 2, 0.0))
        self.assertEqual(rows["20_40"], (1, 1, 0, 100.0))
        self.assertEqual(rows["0_20"], (1, 0, 1, 0.0))
        self.assertFalse(Calibration.search([("lead_id", "=", unevaluated.id)]))

    # ------------------------------------------------------------------
    # Access per role
    # ------------------------------------------------------------------
    def test_salesperson_evaluates_own_opportunities_and_reads_questionnaires(self):
        evaluation = self._evaluate(self.lead, LARGE_NONE_SEVERAL, user=self.salesperson)
        self.assertEqual(evaluation.user_id, self.salesperson)
        self.assertEqual(
            self.template.with_user(self.salesperson).question_ids.mapped("name"),
            ["Expected amount", "Funding", "Competition"],
        )
        with self.assertRaises(AccessError):
            self.template.with_user(self.salesperson).name = "Renamed"
        with self.assertRaises(AccessError):
            self.questions["Funding"].with_user(self.salesperson).weight = 10.0

    def test_salesperson_neither_evaluates_nor_reads_another_salesperson_s_opportunity(self):
        other_evaluation = self._evaluate(self.other_lead, LARGE_NONE_SEVERAL)
        with self.assertRaises(AccessError):
            self._evaluate(self.other_lead, MEDIUM_APPROVED_SOLE, user=self.salesperson)
        with self.assertRaises(AccessError):
            other_evaluation.with_user(self.salesperson).read(["score"])
        self.assertFalse(
            self.env["crm.opportunity.evaluation"]
            .with_user(self.salesperson)
            .search([("id", "=", other_evaluation.id)])
        )

    def test_manager_reads_all_evaluations_and_edits_questionnaires(self):
        own = self._evaluate(self.lead, LARGE_NONE_SEVERAL, user=self.salesperson)
        other = self._evaluate(self.other_lead, LARGE_NONE_SEVERAL, user=self.other_salesperson)
        evaluations = self.env["crm.opportunity.evaluation"].with_user(self.manager)
        self.assertEqual(evaluations.search([("id", "in", (own | other).ids)]), own | other)
        self.template.with_user(self.manager).question_ids.filtered(lambda q: q.name == "Funding").weight = 2.0
        self.assertAlmostEqual(own.score, 340.0 / 7, places=2)

    def test_portal_user_sees_nothing(self):
        evaluation = self._evaluate(self.lead, LARGE_NONE_SEVERAL)
        for records in (evaluation, self.template, self.env["crm.opportunity.evaluation.calibration"]):
            with self.assertRaises(AccessError):
                records.with_user(self.portal_user).search_read([], ["id"])

    def test_another_company_s_user_is_denied(self):
        evaluation = self._evaluate(self.lead, LARGE_NONE_SEVERAL)
        other = self.other_company_manager
        self.assertFalse(self.env["crm.opportunity.evaluation"].with_user(other).search([("id", "=", evaluation.id)]))
        with self.assertRaises(AccessError):
            evaluation.with_user(other).read(["score"])
        with self.assertRaises(AccessError):
            self.template.with_user(other).read(["name"])

    def test_calibration_rows_follow_the_opportunity_s_visibility(self):
        for lead in (self.lead, self.other_lead):
            self._evaluate(lead, LARGE_NONE_SEVERAL)
            lead.action_set_won()
        closed = [("lead_id", "in", (self.lead | self.other_lead).ids)]
        Calibration = self.env["crm.opportunity.evaluation.calibration"]
        self.assertEqual(Calibration.with_user(self.salesperson).search(closed).lead_id, self.lead)
        self.assertEqual(Calibration.with_user(self.manager).search(closed).lead_id, self.lead | self.other_lead)
        self.assertFalse(Calibration.with_user(self.other_company_manager).search(closed))
