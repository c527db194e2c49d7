# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_foreign_trade.tests.multi_company_common import MultiCompanyCommon

from .common import CreditCommon

SURVEY = "crm_customer_scoring.survey_customer_satisfaction"
# the shipped questionnaire's items, in their order
ITEMS = ("quality", "price", "lead_time", "on_time", "confirmation", "enquiries", "complaints", "technical",
         "certification", "service")  # fmt: skip
# a rating 1-5 gives 0, 2.5, 5, 7.5 or 10 points of the item's 10
RATING_POINTS = {1: 0.0, 2: 2.5, 3: 5.0, 4: 7.5, 5: 10.0}


class SatisfactionCase:
    """Answers simulated as Odoo's survey stores them: a user input, its lines, then completed."""

    @classmethod
    def _survey(cls):
        return cls.env.ref(SURVEY)

    @classmethod
    def _answer(cls, contact, ratings, when="2026-02-10 09:00:00", survey=None, **item_ratings):
        """Complete the shipped survey as ``contact``: ``ratings`` for every item or per item by name."""
        survey = survey or cls._survey()
        with freeze_time(when):
            answer = cls.env["survey.user_input"].create({"survey_id": survey.id, "partner_id": contact.id})
            answer._mark_in_progress()
            lines = []
            for question in survey.question_ids.filtered(lambda q: q.question_type == "simple_choice"):
                rating = item_ratings.get(cls._item_code(question), ratings)
                choice = question.suggested_answer_ids.sorted("sequence")[rating - 1]
                lines.append({"user_input_id": answer.id, "question_id": question.id, "answer_type": "suggestion",
                              "suggested_answer_id": choice.id, "skipped": False})  # fmt: skip
            cls.env["survey.user_input.line"].create(lines)
            answer._mark_done()
        return answer

    @classmethod
    def _item_code(cls, question):
        xmlid = question.get_external_id().get(question.id, "")
        return xmlid.rsplit("_q_", 1)[-1] if "_q_" in xmlid else None

    @classmethod
    def _contact(cls, customer, name, email=None):
        return cls.env["res.partner"].create(
            {"name": name, "parent_id": customer.id, "type": "contact",
             "email": email if email is not None else f"{name.split()[0].lower()}@example.com"}
        )  # fmt: skip

    def _rows(self, customer):
        return self.env["crm.customer.satisfaction"].search([("partner_id", "=", customer.id)], order="date_start")

    def _follow_ups(self, customer):
        return self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", customer.id),
             ("summary", "=", "Dissatisfied customer: follow up")]
        )  # fmt: skip


@tagged("post_install", "-at_install")
class TestCustomerSatisfaction(SatisfactionCase, CreditCommon):
    """A customer's satisfaction is the period's average answer score, banded, followed up below 60."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write(
            {"satisfaction_period": "quarter", "satisfaction_very_satisfied_min": 90.0,
             "satisfaction_satisfied_min": 60.0, "satisfaction_survey_id": cls._survey().id}
        )  # fmt: skip
        cls.customer = cls.customers["a"]
        cls.alice = cls._contact(cls.customer, "Alice Tanaka")
        cls.bob = cls._contact(cls.customer, "Bob Suzuki")

    def test_shipped_questionnaire_has_ten_scored_items_of_ten_points(self):
        survey = self._survey()
        items = survey.question_ids.filtered(lambda q: q.question_type == "simple_choice")
        self.assertEqual([self._item_code(q) for q in items], list(ITEMS))
        self.assertTrue(survey.is_customer_satisfaction)
        self.assertEqual(survey.access_mode, "token", "only invited contacts answer")
        for question in items:
            self.assertEqual(question._satisfaction_max_points(), 10.0)
            self.assertTrue(question.constr_mandatory)
        self.assertEqual(self.env.company.satisfaction_survey_id, survey)

    def test_complete_answer_scores_its_points_over_the_maximum(self):
        answer = self._answer(self.alice, 4, quality=5, price=2)
        # 8 x 7.5 + 10 + 2.5 = 72.5 points of 100
        self.assertEqual(answer.scoring_percentage, 72.5)
        self.assertEqual(answer.customer_id, self.customer, "the answer is the company's, not the contact's")
        row = self._rows(self.customer)
        self.assertRecordValues(
            row, [{"period": "2026 Q1", "answer_count": 1, "score": 72.5, "band": "satisfied", "score_change": 0.0}]
        )

    def test_zero_is_a_score(self):
        self._answer(self.alice, 1)
        self.assertRecordValues(self._rows(self.customer), [{"score": 0.0, "band": "dissatisfied", "answer_count": 1}])

    def test_period_score_is_the_average_of_its_completed_answers(self):
        self._answer(self.alice, 5, when="2026-01-15 08:00:00")  # 100
        self._answer(self.bob, 3, when="2026-03-20 08:00:00")  # 50
        self._answer(self.alice, 4, when="2026-04-02 08:00:00")  # 75, next quarter
        # an answer started but not completed counts nowhere
        self.env["survey.user_input"].create({"survey_id": self._survey().id, "partner_id": self.bob.id})
        self.assertRecordValues(
            self._rows(self.customer),
            [
                {"period": "2026 Q1", "answer_count": 2, "score": 75.0, "score_change": 0.0},
                {"period": "2026 Q2", "answer_count": 1, "score": 75.0, "score_change": 0.0},
            ],
        )
        self._answer(self.bob, 5, when="2026-05-02 08:00:00")  # Q2: (75 + 100) / 2
        self.assertRecordValues(
            self._rows(self.customer)[1:],
            [{"period": "2026 Q2", "answer_count": 2, "score": 87.5, "score_change": 12.5}],
        )
        # a company measuring by year: the rows are rebuilt from the same answers
        self.env.company.satisfaction_period = "year"
        self.assertRecordValues(
            self._rows(self.customer), [{"period": "2026", "period_type": "year", "answer_count": 4, "score": 81.25}]
        )

    def test_bands_at_the_boundaries(self):
        company = self.env.company
        self.assertEqual(company._satisfaction_band(100.0), "very_satisfied")
        self.assertEqual(company._satisfaction_band(90.0), "very_satisfied")
        self.assertEqual(company._satisfaction_band(89.99), "satisfied")
        self.assertEqual(company._satisfaction_band(60.0), "satisfied")
        self.assertEqual(company._satisfaction_band(59.9), "dissatisfied")
        self.assertEqual(company._satisfaction_band(0.0), "dissatisfied")

    def test_follow_up_only_below_satisfied(self):
        """Scores 90, 60 and 59.9 by a one-item questionnaire: only 59.9 gives the salesperson an activity."""
        survey = self.env["survey.survey"].create(
            {"title": "Short satisfaction check", "survey_type": "survey", "is_customer_satisfaction": True,
             "access_mode": "token", "scoring_type": "no_scoring",
             "question_and_page_ids": [Command.create(
                 {"title": "Overall", "question_type": "simple_choice", "constr_mandatory": True,
                  "suggested_answer_ids": [Command.create({"value": str(points), "answer_score": points})
                                           for points in (90.0, 60.0, 59.9, 100.0)]})]}
        )  # fmt: skip
        customers = self.customers["a"] | self.customers["b"] | self.customers["c"]
        for customer, rating in zip(customers, (1, 2, 3), strict=True):
            self._answer(self._contact(customer, f"Buyer {customer.name}"), rating, survey=survey)
        self.assertEqual(self._rows(customers[0]).mapped("band"), ["very_satisfied"])
        self.assertEqual(self._rows(customers[1]).mapped("band"), ["satisfied"])
        self.assertRecordValues(self._rows(customers[2]), [{"score": 59.9, "band": "dissatisfied"}])
        self.assertFalse(self._follow_ups(customers[0]) | self._follow_ups(customers[1]))
        activity = self._follow_ups(customers[2])
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesperson, "the customer's owner follows up")
        self.assertIn("59.9 / 100 in 2026 Q1, below 60.0", str(activity.note))
        self.assertEqual(self._rows(customers[2]).activity_id, activity)
        # another dissatisfied answer of the same period: still one open follow-up
        self._answer(self._contact(customers[2], "Second Buyer"), 3, survey=survey)
        self.assertEqual(len(self._follow_ups(customers[2])), 1)

    def test_follow_up_reads_in_the_owners_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.salesperson.lang = "zh_CN"
        quality = self.env.ref(f"{SURVEY}_q_quality")
        quality.with_context(lang="zh_CN").title = "产品质量"
        self._answer(self.alice, 3, quality=1)
        # searched without its summary, which reads Chinese once the translations are loaded
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.customer.id)]
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesperson)
        self.assertIn("产品质量", str(activity.note), "the weakest items are named in the salesperson's language")
        self.assertNotIn("Product quality", str(activity.note))

    def test_thresholds_are_company_policy(self):
        self._answer(self.alice, 4)  # 75
        row = self._rows(self.customer)
        self.assertEqual(row.band, "satisfied")
        self.env.company.satisfaction_satisfied_min = 80.0
        self.assertEqual(row.band, "dissatisfied", "the stored band follows the company's thresholds")
        self.env.company.write({"satisfaction_satisfied_min": 0.0, "satisfaction_very_satisfied_min": 75.0})
        self.assertEqual(row.band, "very_satisfied")
        with self.assertRaisesRegex(ValidationError, "0 <= satisfied <= very satisfied <= 100"):
            self.env.company.satisfaction_satisfied_min = 95.0

    def test_weakest_items_are_the_lowest_averages(self):
        self._answer(self.alice, 5, quality=1, price=3, complaints=4)
        self._answer(self.bob, 5, quality=3, price=2, complaints=4)
        row = self._rows(self.customer)
        scores = {item.question_id: item.score for item in row.item_ids}
        quality = self.env.ref(f"{SURVEY}_q_quality")
        price = self.env.ref(f"{SURVEY}_q_price")
        complaints = self.env.ref(f"{SURVEY}_q_complaints")
        self.assertEqual(scores[quality], 25.0)  # (0 + 5) / 2 of 10 points
        self.assertEqual(scores[price], 37.5)
        self.assertEqual(scores[complaints], 75.0)
        weakest = row.item_ids.filtered("weak_rank").sorted("weak_rank")
        self.assertEqual(weakest.question_id, quality | price | complaints)
        self.assertEqual(weakest.mapped("weak_rank"), [1, 2, 3])
        self.assertEqual(row.weakest_items, "Product quality, Price, Complaint handling")
        self.assertEqual(self.customer.satisfaction_weakest_items, row.weakest_items)

    def test_equal_items_have_no_weakest(self):
        self._answer(self.alice, 4, quality=3)
        self.assertEqual(self._rows(self.customer).weakest_items, "Product quality", "only items below the best")
        self._answer(self.bob, 3, quality=4)  # every item averages 62.5 now
        row = self._rows(self.customer)
        self.assertEqual(set(row.item_ids.mapped("score")), {62.5})
        self.assertFalse(row.weakest_items)
        self.assertFalse(row.item_ids.filtered("weak_rank"))

    def test_answers_of_two_contacts_land_on_their_company(self):
        self._answer(self.alice, 5)
        self._answer(self.bob, 4)
        self.assertEqual(self._rows(self.alice) | self._rows(self.bob), self.env["crm.customer.satisfaction"])
        self.assertRecordValues(self._rows(self.customer), [{"answer_count": 2, "score": 87.5}])
        self.assertEqual(self.customer.satisfaction_score, 87.5)
        self.assertEqual(self.customer.satisfaction_band, "satisfied")
        self.assertEqual(self.customer.satisfaction_count, 1)
        self.assertEqual(self.alice.satisfaction_score, 87.5, "a contact's form shows its company's")

    def test_deleting_an_answer_recomputes_its_period(self):
        first = self._answer(self.alice, 5)
        self._answer(self.bob, 3)
        first.unlink()
        self.assertRecordValues(self._rows(self.customer), [{"answer_count": 1, "score": 50.0}])

    def test_send_survey_invites_the_customers_email_contacts(self):
        self.salesperson.groups_id += self.env.ref("survey.group_survey_user")
        self._contact(self.customer, "Carol Nomail", email=False)
        action = self.customer.with_user(self.salesperson).action_send_satisfaction_survey()
        self.assertEqual(action["res_model"], "survey.invite")
        self.assertEqual(action["context"]["default_survey_id"], self._survey().id)
        self.assertEqual(set(action["context"]["default_partner_ids"]), set((self.alice | self.bob).ids))
        invite = self.env["survey.invite"].with_user(self.salesperson).with_context(**action["context"]).create({})
        invite.action_invite()
        answers = self.env["survey.user_input"].search([("survey_id", "=", self._survey().id)])
        self.assertEqual(answers.partner_id, self.alice | self.bob)
        self.assertEqual(answers.customer_id, self.customer, "each answer is the customer's from its creation")
        self.assertEqual(answers.customer_company_id, self.env.company)

    def test_send_survey_needs_an_email_contact(self):
        self.salesperson.groups_id += self.env.ref("survey.group_survey_user")
        customer_b = self.customers["b"]
        self._contact(customer_b, "Dieter Ohnemail", email=False)
        with self.assertRaisesRegex(UserError, "These customers have no contact with an e-mail address: Rheinland"):
            (self.customer | customer_b).with_user(self.salesperson).action_send_satisfaction_survey()
        # a company without people receives it at its own address
        self.customers["c"].email = "info@pampas.example"
        action = self.customers["c"].with_user(self.salesperson).action_send_satisfaction_survey()
        self.assertEqual(action["context"]["default_partner_ids"], self.customers["c"].ids)

    def test_send_survey_without_survey_rights_says_so(self):
        self.salesperson.groups_id -= self.env.ref("survey.group_survey_user")
        with self.assertRaisesRegex(UserError, "Surveys: User access right"):
            self.customer.with_user(self.salesperson).action_send_satisfaction_survey()

    def test_access_per_role(self):
        other_salesperson = new_test_user(self.env, "ft_sat_other_sales", groups="sales_team.group_sale_salesman")
        other_customer = self.env["res.partner"].create(
            {"name": "Other Owner Ltd.", "is_company": True, "user_id": other_salesperson.id}
        )
        self._answer(self.alice, 5)
        self._answer(self._contact(other_customer, "Olga Other"), 2)
        mine, theirs = self._rows(self.customer), self._rows(other_customer)
        Satisfaction = self.env["crm.customer.satisfaction"]
        # salespeople: their customers' results only, read only
        self.assertEqual(Satisfaction.with_user(self.salesperson).search([]), mine)
        self.assertEqual(Satisfaction.with_user(other_salesperson).search([]), theirs)
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesperson).read(["score"])
        with self.assertRaises(AccessError):
            mine.with_user(self.salesperson).write({"score": 100.0})
        self.assertEqual(
            self.env["crm.customer.satisfaction.item"].with_user(self.salesperson).search([]).satisfaction_id, mine
        )
        # managers: every customer of their companies
        self.assertEqual(Satisfaction.with_user(self.manager).search([]), mine | theirs)
        # portal users answer surveys, never read results
        portal = new_test_user(self.env, "ft_sat_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            Satisfaction.with_user(portal).search([])
        with self.assertRaises(AccessError):
            self.env["crm.customer.satisfaction.item"].with_user(portal).search([])
        # accountants do not see the sales organisation's results on the customer either
        self.assertNotIn("satisfaction_score", self.customer.with_user(self.accountant).fields_get())

    def test_portal_respondent_completes_and_the_customer_is_scored(self):
        portal = new_test_user(
            self.env, "ft_sat_portal_buyer", groups="base.group_portal", email="buyer@kansai.example"
        )
        portal.partner_id.parent_id = self.customer
        answer = self.env["survey.user_input"].create(
            {"survey_id": self._survey().id, "partner_id": portal.partner_id.id}
        )
        # the public controller saves and completes as superuser on behalf of the respondent
        survey_sudo = answer.with_user(portal).sudo()
        for question in self._survey().question_ids.filtered(lambda q: q.question_type == "simple_choice"):
            survey_sudo._save_lines(question, str(question.suggested_answer_ids.sorted("sequence")[1].id))
        survey_sudo._mark_done()
        self.assertRecordValues(self._rows(self.customer), [{"score": 25.0, "band": "dissatisfied"}])
        self.assertEqual(self._follow_ups(self.customer).user_id, self.salesperson)


@tagged("post_install", "-at_install")
class TestCustomerSatisfactionMultiCompany(SatisfactionCase, MultiCompanyCommon):
    """Satisfaction rows stay in the company that asked."""

    def test_user_of_company_a_sees_no_satisfaction_of_company_b(self):
        self._answer(self._contact(self.customer_a, "Ana Adriatic"), 5)
        self._answer(self._contact(self.customer_b, "Rita Riga"), 4)
        rows_a, rows_b = self._rows(self.customer_a), self._rows(self.customer_b)
        self.assertEqual(rows_a.company_id, self.company_a)
        self.assertEqual(rows_b.company_id, self.company_b, "the customer's company asked")
        # company B's row names A's salesperson: only the company rule hides it
        self.customer_b.user_id = self.salesperson_a
        self.assertEqual(rows_b.user_id, self.salesperson_a)
        self.assertCompanyIsolation(rows_a, rows_b)
        self.assertCompanyIsolation(rows_a.item_ids, rows_b.item_ids)
