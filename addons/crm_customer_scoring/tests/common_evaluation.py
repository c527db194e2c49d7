# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


def question_command(name, weight, answers):
    return Command.create(
        {
            "name": name,
            "weight": weight,
            "answer_ids": [Command.create({"name": answer, "score": score}) for answer, score in answers],
        }
    )


def create_export_template(env, company):
    """Weights 3, 1 and 2: a score is (3 × amount + 1 × funding + 2 × competition) / 6."""
    return env["crm.opportunity.evaluation.template"].create(
        {
            "name": "Export Project Evaluation",
            "company_id": company.id,
            "question_ids": [
                question_command("Expected amount", 3.0, [("Large", 100.0), ("Medium", 50.0), ("Small", 0.0)]),
                question_command("Funding", 1.0, [("Approved", 100.0), ("None", 0.0)]),
                question_command("Competition", 2.0, [("Sole supplier", 80.0), ("Several", 20.0)]),
            ],
        }
    )


class EvaluationCommon(BaseCommon):
    """An export team with a three-question questionnaire of known weights, its salespeople and managers, a
    portal user and a user of another company, and one open opportunity per salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # messages are asserted in English although the database speaks Chinese by default
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.company = cls.env.company
        cls.salesperson = new_test_user(cls.env, "ft_ev_sales", groups="sales_team.group_sale_salesman")
        cls.other_salesperson = new_test_user(cls.env, "ft_ev_sales2", groups="sales_team.group_sale_salesman")
        cls.manager = new_test_user(cls.env, "ft_ev_manager", groups="sales_team.group_sale_manager")
        cls.portal_user = new_test_user(cls.env, "ft_ev_portal", groups="base.group_portal")
        cls.other_company = cls.env["res.company"].create({"name": "Foreign Trade Branch Vietnam"})
        cls.other_company_manager = new_test_user(
            cls.env,
            "ft_ev_manager_vn",
            groups="sales_team.group_sale_manager",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.template = create_export_template(cls.env, cls.company)
        cls.questions = {question.name: question for question in cls.template.question_ids}
        cls.team = cls.env["crm.team"].create(
            {"name": "Export Europe", "company_id": cls.company.id, "evaluation_template_id": cls.template.id}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Rheinland Kabel GmbH", "is_company": True, "user_id": cls.salesperson.id}
        )
        cls.lead = cls._opportunity("Cable harnesses for Rheinland", cls.salesperson)
        cls.other_lead = cls._opportunity("Control cables for Pampas", cls.other_salesperson)

    @classmethod
    def _question(cls, name, weight, answers):
        return question_command(name, weight, answers)

    @classmethod
    def _opportunity(cls, name, user, **values):
        return cls.env["crm.lead"].create(
            dict(
                {
                    "name": name,
                    "type": "opportunity",
                    "partner_id": cls.customer.id,
                    "user_id": user.id,
                    "team_id": cls.team.id,
                    "company_id": cls.company.id,
                    "expected_revenue": 100000.0,
                },
                **values,
            )
        )

    def _answer(self, question, answer_name):
        return self.questions[question].answer_ids.filtered(lambda answer: answer.name == answer_name)

    def _evaluate(self, lead, answers, user=None, template=None):
        """Evaluate `lead` with {question name: answer name} (None leaves the question unanswered)."""
        template = template or self.template
        questions = {question.name: question for question in template.question_ids}
        return (
            self.env["crm.opportunity.evaluation"]
            .with_user(user or self.env.user)
            .create(
                {
                    "lead_id": lead.id,
                    "template_id": template.id,
                    "line_ids": [
                        Command.create(
                            {
                                "question_id": questions[question].id,
                                "answer_id": answer
                                and questions[question].answer_ids.filtered(lambda a, n=answer: a.name == n).id,
                            }
                        )
                        for question, answer in answers.items()
                    ],
                }
            )
        )

    @contextmanager
    def assertRefused(self, exception, pattern):
        """Odoo's assertRaises (rolled back to a savepoint: nothing half written) and the message's text."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), pattern)
