# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Customer satisfaction per customer company and period (seed 001 §4.3.3b).

A row is rebuilt from the completed answers of the satisfaction surveys: its score (0-100) is the average of
the period's answer scores, its band follows the company's thresholds (>= 90 very satisfied, 60-90 satisfied,
< 60 dissatisfied), its items are the average score (0-100) of each question, the lowest ones being the
customer's weakest points. Rows are written by the system only (sudo); users read them under record rules.
"""

from collections import defaultdict

from odoo import api, fields, models

WEAKEST_ITEMS = 3
BANDS = [
    ("very_satisfied", "Very Satisfied"),
    ("satisfied", "Satisfied"),
    ("dissatisfied", "Dissatisfied"),
]


def _period_start(day, period):
    if period == "year":
        return day.replace(month=1, day=1)
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


def _period_name(start, period):
    return str(start.year) if period == "year" else f"{start.year} Q{(start.month - 1) // 3 + 1}"


class CrmCustomerSatisfaction(models.Model):
    _name = "crm.customer.satisfaction"
    _description = "Customer Satisfaction"
    _order = "date_start desc, score"
    _rec_name = "period"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True, ondelete="cascade")
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson", store=True, index=True)
    customer_class = fields.Selection(related="partner_id.customer_class", store=True)
    period_type = fields.Selection([("quarter", "Quarter"), ("year", "Year")], required=True, readonly=True)
    date_start = fields.Date(string="Period Start", required=True, readonly=True)
    period = fields.Char(required=True, readonly=True)
    answer_count = fields.Integer(string="Answers", readonly=True)
    score = fields.Float(
        string="Satisfaction", digits=(5, 1), readonly=True, aggregator="avg",
        help="Average score (0-100) of the period's completed answers.",
    )  # fmt: skip
    score_change = fields.Float(
        string="Change", digits=(5, 1), readonly=True, aggregator="avg",
        help="Score minus the score of the customer's previous period with answers.",
    )  # fmt: skip
    band = fields.Selection(BANDS, compute="_compute_band", store=True)
    item_ids = fields.One2many("crm.customer.satisfaction.item", "satisfaction_id", string="Items", readonly=True)
    weakest_items = fields.Char(
        compute="_compute_weakest_items",
        help="The items with the lowest average score, up to three, when they score below the best item.",
    )
    activity_id = fields.Many2one("mail.activity", string="Follow-up", readonly=True, ondelete="set null")

    _sql_constraints = [
        (
            "customer_period_unique",
            "UNIQUE(partner_id, company_id, period_type, date_start)",
            "One satisfaction row per customer, company and period.",
        )
    ]

    @api.depends("score", "company_id.satisfaction_satisfied_min", "company_id.satisfaction_very_satisfied_min")
    def _compute_band(self):
        for row in self:
            row.band = row.company_id._satisfaction_band(row.score)

    @api.depends("item_ids.weak_rank", "item_ids.name")
    def _compute_weakest_items(self):
        for row in self:
            weakest = row.item_ids.filtered("weak_rank").sorted("weak_rank")
            row.weakest_items = ", ".join(weakest.mapped("name"))

    def _key(self):
        self.ensure_one()
        return (self.partner_id.id, self.company_id.id, self.period_type, self.date_start)

    @api.model
    def _key_of_answer(self, answer):
        period = answer.customer_company_id.satisfaction_period
        # the period of an answer is the UTC date it was completed
        start = _period_start((answer.end_datetime or answer.create_date).date(), period)
        return (answer.customer_id.id, answer.customer_company_id.id, period, start)

    @api.model
    def _rebuild_companies(self, companies):
        answers_sudo = self.env["survey.user_input"].sudo()
        answers = answers_sudo.search([("customer_company_id", "in", companies.ids), ("customer_id", "!=", False)])
        stale = self.search([("company_id", "in", companies.ids)])
        rows = self._rebuild(answers.customer_id, companies)
        (stale - rows).exists().unlink()
        return rows

    @api.model
    def _rebuild(self, customers, companies):
        """Rebuild every period of these customers in these companies from their completed answers."""
        answers_sudo = self.env["survey.user_input"].sudo()
        answers = answers_sudo.search(
            [
                ("customer_id", "in", customers.ids),
                ("customer_company_id", "in", companies.ids),
                ("survey_id.is_customer_satisfaction", "=", True),
                ("state", "=", "done"),
                ("test_entry", "=", False),
            ]
        )
        item_points = self._item_points(answers)
        periods = defaultdict(lambda: answers_sudo)
        for answer in answers:
            periods[self._key_of_answer(answer)] |= answer

        values = {}
        for key, period_answers in periods.items():
            items = defaultdict(list)
            for answer in period_answers:
                for question, score in item_points.get(answer.id, {}).items():
                    items[question].append(score)
            values[key] = {
                "answer_count": len(period_answers),
                "score": sum(period_answers.mapped("scoring_percentage")) / len(period_answers),
                "items": {question: sum(scores) / len(scores) for question, scores in items.items()},
            }
        # trend: each period against the customer's previous period with answers
        previous = {}
        for key in sorted(values):  # by customer, company, period type, then period start
            customer_key = key[:3]
            values[key]["score_change"] = (
                values[key]["score"] - previous[customer_key] if customer_key in previous else 0.0
            )
            previous[customer_key] = values[key]["score"]

        existing = self.search([("partner_id", "in", customers.ids), ("company_id", "in", companies.ids)])
        by_key = {row._key(): row for row in existing}
        (existing - self.browse(row.id for key, row in by_key.items() if key in values)).unlink()
        to_create = []
        rows = self.browse()
        for key, vals in values.items():
            row_vals = {k: vals[k] for k in ("answer_count", "score", "score_change")}
            if key in by_key:
                by_key[key].write(row_vals)
                rows |= by_key[key]
            else:
                partner_id, company_id, period_type, start = key
                to_create.append(
                    dict(row_vals, partner_id=partner_id, company_id=company_id, period_type=period_type,
                         date_start=start, period=_period_name(start, period_type))
                )  # fmt: skip
        rows |= self.create(to_create)
        rows.item_ids.unlink()
        item_vals = []
        for row in rows:
            items = values[row._key()]["items"]
            best = max(items.values(), default=0.0)
            ranked = sorted(items.items(), key=lambda qs: (qs[1], qs[0].sequence, qs[0].id))
            # an item is weak when it scores below the customer's best one: equal items have no weakest
            item_vals += [
                {"satisfaction_id": row.id, "question_id": question.id, "score": score,
                 "weak_rank": rank if rank <= WEAKEST_ITEMS and score < best else 0}
                for rank, (question, score) in enumerate(ranked, start=1)
            ]  # fmt: skip
        self.env["crm.customer.satisfaction.item"].create(item_vals)
        return rows

    @api.model
    def _item_points(self, answers):
        """{answer id: {question: item score 0-100}} of the scored choice questions, in one grouped read."""
        lines_sudo = self.env["survey.user_input.line"].sudo()
        groups = lines_sudo._read_group(
            [
                ("user_input_id", "in", answers.ids),
                ("skipped", "=", False),
                ("question_id.question_type", "in", ("simple_choice", "multiple_choice")),
            ],
            ["user_input_id", "question_id"],
            ["answer_score:sum"],
        )
        result = defaultdict(dict)
        for answer, question, points in groups:
            maximum = question._satisfaction_max_points()
            if maximum > 0:
                result[answer.id][question] = max(points, 0.0) / maximum * 100
        return result

    def _follow_up_dissatisfied(self):
        """The owner of a dissatisfied customer gets one open follow-up activity per period, in their language."""
        for row in self.sudo().filtered(lambda r: r.band == "dissatisfied"):
            if row.activity_id.active:
                continue
            # without a salesperson, the company's sales manager, as the organisation answers it
            owner = row.partner_id.user_id or self.env["res.users"]._sales_manager_of(
                "sales_manager", company=row.company_id
            )
            if not owner:
                continue
            in_lang = row.with_context(lang=owner.lang)
            activity = row.partner_id.activity_schedule(
                act_type_xmlid="mail.mail_activity_data_todo",
                summary=in_lang.env._("Dissatisfied customer: follow up"),
                note=in_lang.env._(
                    "Customer satisfaction %(score)s / 100 in %(period)s, below %(limit)s. Weakest items: %(items)s.",
                    score=round(row.score, 1),
                    period=row.period,
                    limit=row.company_id.satisfaction_satisfied_min,
                    items=in_lang.weakest_items or "-",
                ),
                user_id=owner.id,
            )
            row.activity_id = activity

    def action_open_answers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("survey.action_survey_user_input")
        action["domain"] = [
            ("customer_id", "=", self.partner_id.id),
            ("customer_company_id", "=", self.company_id.id),
            ("survey_id.is_customer_satisfaction", "=", True),
            ("state", "=", "done"),
        ]
        action["context"] = {"create": False}
        return action


class CrmCustomerSatisfactionItem(models.Model):
    _name = "crm.customer.satisfaction.item"
    _description = "Customer Satisfaction Item"
    _order = "satisfaction_id, score, id"

    satisfaction_id = fields.Many2one(
        "crm.customer.satisfaction", required=True, readonly=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="satisfaction_id.partner_id", store=True, string="Customer")
    company_id = fields.Many2one(related="satisfaction_id.company_id", store=True)
    user_id = fields.Many2one(related="satisfaction_id.user_id", store=True, string="Salesperson")
    date_start = fields.Date(related="satisfaction_id.date_start", store=True, string="Period Start")
    question_id = fields.Many2one("survey.question", required=True, readonly=True, ondelete="cascade")
    # read as superuser: salespeople see item names without the survey rights
    name = fields.Char(related="question_id.title", string="Item")
    score = fields.Float(digits=(5, 1), readonly=True, aggregator="avg", help="Average score (0-100) of this item.")
    weak_rank = fields.Integer(
        string="Weakness Rank", readonly=True, aggregator=False,
        help="1 for the customer's weakest item in the period, then 2, 3; 0 for the others and when all items "
        "score the same.",
    )  # fmt: skip
