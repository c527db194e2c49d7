# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Work plans and reports of seed 001 §4.5: daily, weekly and monthly reports of the salespeople.

The salesperson writes the seed's sections (sales data, market dynamics, competitor moves, company news) and
the plan for the next period, on top of the period's facts the system fills in (crm_work_report_facts.py);
his manager (the organisation model's branch manager, or a sales manager) reviews it with a comment. A report
not submitted by its due date (period end + the company's policy days) is overdue; a daily job gives its
salesperson an activity.
"""

import threading

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

WORK_REPORT_PERIODS = [("daily", "Daily"), ("weekly", "Weekly"), ("monthly", "Monthly")]
WORK_REPORT_STATES = [("draft", "Draft"), ("submitted", "Submitted"), ("reviewed", "Reviewed")]
# the sections the salesperson writes; one of them at least before submitting
WORK_REPORT_SECTIONS = ("sales_data", "market_dynamics", "competitor_moves", "company_news", "next_period_plan")
REVIEW_ACTIVITY = "crm_customer_scoring.mail_activity_type_work_report_review"
OVERDUE_ACTIVITY = "crm_customer_scoring.mail_activity_type_work_report_overdue"


def period_start(day, period):
    """The first day of the daily/weekly (Monday)/monthly period holding `day`."""
    if period == "weekly":
        return day - relativedelta(days=day.weekday())
    if period == "monthly":
        return day.replace(day=1)
    return day


def period_end(date_from, period):
    """The last day of the period starting on `date_from`."""
    if period == "weekly":
        return date_from + relativedelta(days=6)
    if period == "monthly":
        return date_from + relativedelta(months=1, days=-1)
    return date_from


class CrmWorkReport(models.Model):
    _name = "crm.work.report"
    _description = "Work Report"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, id desc"
    # a salesperson may answer the review of a report he can no longer change
    _mail_post_access = "read"

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    period = fields.Selection(WORK_REPORT_PERIODS, required=True, default="weekly", tracking=True)
    date_from = fields.Date(
        string="From",
        compute="_compute_date_from",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
    )
    date_to = fields.Date(string="To", compute="_compute_date_to", store=True, precompute=True, index=True)
    state = fields.Selection(
        WORK_REPORT_STATES,
        string="Status",
        default="draft",
        required=True,
        tracking=True,
        index=True,
        group_expand=True,
        copy=False,
    )
    sales_data = fields.Html(help="Sales of the period: orders, amounts, quantities, and what lies behind them.")
    market_dynamics = fields.Html(help="What moves in the market: demand, prices of materials, customers' projects.")
    competitor_moves = fields.Html(help="What the competitors did: prices, new products, customers they won or lost.")
    company_news = fields.Html(help="News of our company the customers and colleagues should know.")
    next_period_plan = fields.Html(help="The work planned for the next period: visits, quotations, follow-ups.")
    submitted_date = fields.Date(readonly=True, copy=False)
    submitted_late = fields.Boolean(
        readonly=True, copy=False, help="Submitted after its due date.", aggregator="bool_or"
    )
    review_comment = fields.Text(string="Manager Comment", tracking=True, copy=False)
    reviewer_id = fields.Many2one("res.users", string="Reviewed By", readonly=True, copy=False)
    review_date = fields.Date(readonly=True, copy=False)
    due_date = fields.Date(
        compute="_compute_due_date",
        store=True,
        index=True,
        help="The last day of the period plus the days the company's policy gives (Settings).",
    )
    overdue = fields.Boolean(
        compute="_compute_overdue",
        search="_search_overdue",
        help="Not submitted and its due date has passed.",
    )
    can_review = fields.Boolean(
        compute="_compute_can_review", help="The current user is this report's branch manager or a sales manager."
    )
    # the daily job gave the salesperson his overdue activity once: a rerun gives no second one
    overdue_notified = fields.Boolean(readonly=True, copy=False)

    _sql_constraints = [
        (
            "one_report_per_period",
            "unique(user_id, company_id, period, date_from)",
            "A salesperson writes one report per period.",
        ),
    ]

    @api.depends("user_id")
    def _compute_team_id(self):
        for report in self:
            report.team_id = report.user_id.sudo().sale_team_id

    @api.depends("period")
    def _compute_date_from(self):
        today = fields.Date.context_today(self)
        for report in self:
            report.date_from = period_start(report.date_from or today, report.period or "daily")

    @api.depends("period", "date_from")
    def _compute_date_to(self):
        for report in self:
            report.date_to = report.date_from and period_end(report.date_from, report.period or "daily")

    @api.depends("date_to", "company_id.work_report_due_days")
    def _compute_due_date(self):
        for report in self:
            days = report.company_id.sudo().work_report_due_days
            report.due_date = report.date_to and report.date_to + relativedelta(days=days)

    @api.depends("period", "date_from", "date_to", "user_id")
    def _compute_name(self):
        for report in self:
            # in the salesperson's language, whoever creates the report (his manager, the demo, an import)
            env = report.with_context(lang=report.user_id.lang or report.env.lang).env
            period = dict(self._fields["period"]._description_selection(env)).get(report.period, "")
            dates = fields.Date.to_string(report.date_from) if report.date_from else "…"
            if report.date_to and report.date_to != report.date_from:
                dates = f"{dates} – {fields.Date.to_string(report.date_to)}"
            report.name = env._(
                "%(period)s Report %(dates)s, %(salesperson)s",
                period=period,
                dates=dates,
                salesperson=report.user_id.name or "…",
            )

    @api.depends("state", "due_date")
    @api.depends_context("tz")
    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for report in self:
            report.overdue = report.state == "draft" and bool(report.due_date) and report.due_date < today

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search overdue work reports with = or != and a boolean."))
        today = fields.Date.context_today(self)
        if (operator == "=") == value:
            return [("state", "=", "draft"), ("due_date", "<", today)]
        return ["|", ("state", "!=", "draft"), ("due_date", ">=", today)]

    @api.depends("user_id", "team_id", "company_id")
    @api.depends_context("uid")
    def _compute_can_review(self):
        for report in self:
            report.can_review = report._may_review(self.env.user)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for report in self:
            if report.date_to and report.date_from and report.date_to < report.date_from:
                raise ValidationError(_("A work report's period cannot end before it starts."))

    def write(self, vals):
        # the review is final: only a sales manager (or the system) changes a reviewed report
        if (
            not self.env.su
            and self.filtered(lambda r: r.state == "reviewed")
            and not self.env.user.has_group("sales_team.group_sale_manager")
        ):
            raise UserError(_("A reviewed work report can no longer be changed."))
        if "review_comment" in vals and not self.env.su and not all(r._may_review(self.env.user) for r in self):
            raise UserError(_("Only the salesperson's branch manager or a sales manager comments a work report."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.env.su or self.env.user.has_group("sales_team.group_sale_manager"):
            return
        if self.filtered(lambda r: r.state != "draft"):
            raise UserError(_("Only draft work reports can be deleted."))

    # the flow: draft -> submitted (salesperson) -> reviewed (his manager)

    def _reviewer(self):
        """Who reviews: the branch manager the organisation model names (the team leader; the sales manager
        above a leader's own report)."""
        self.ensure_one()
        return self.user_id._sales_manager_of("branch_manager", self.company_id, team=self.team_id)

    def _may_review(self, user):
        """The salesperson's branch manager or any sales manager; nobody reviews her own report."""
        self.ensure_one()
        if self.user_id == user:
            return False
        return user.has_group("sales_team.group_sale_manager") or self._reviewer() == user

    def action_submit(self):
        today = fields.Date.context_today(self)
        manager = self.env.user.has_group("sales_team.group_sale_manager")
        for report in self:
            if report.state != "draft":
                raise UserError(_("Only draft work reports can be submitted."))
            if report.user_id != self.env.user and not manager:
                raise UserError(_("Only the salesperson submits his own work report."))
            if not any(report[section] for section in WORK_REPORT_SECTIONS):
                raise UserError(_("Write at least one section of the work report before submitting it."))
        for report in self:
            report.write(
                {
                    "state": "submitted",
                    "submitted_date": today,
                    "submitted_late": bool(report.due_date and today > report.due_date),
                }
            )
        review_type = self.env.ref(REVIEW_ACTIVITY)
        self.activity_feedback([OVERDUE_ACTIVITY], feedback=_("Submitted"))
        for report in self:
            reviewer = report._reviewer()
            if reviewer and reviewer != report.user_id:
                report.activity_schedule(
                    activity_type_id=review_type.id,
                    user_id=reviewer.id,
                    date_deadline=today + relativedelta(days=review_type.delay_count),
                )
        return True

    def action_review(self):
        for report in self:
            if report.state != "submitted":
                raise UserError(_("Only submitted work reports can be reviewed."))
            if not report._may_review(self.env.user):
                raise UserError(_("Only the salesperson's branch manager or a sales manager reviews work reports."))
            if not report.review_comment:
                raise UserError(_("Write your comment for the salesperson first."))
        # the review activities of every reviewer are done: one review closes the report
        self.activity_feedback([REVIEW_ACTIVITY])
        self.write(
            {"state": "reviewed", "reviewer_id": self.env.user.id, "review_date": fields.Date.context_today(self)}
        )
        for report in self:
            report.message_post(
                body=report.review_comment,
                partner_ids=report.user_id.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def action_reset_to_draft(self):
        """Take a submitted report back (the salesperson) or send it back (the reviewer) to be completed."""
        for report in self:
            if report.state != "submitted":
                raise UserError(_("Only submitted work reports go back to draft."))
            if report.user_id != self.env.user and not report._may_review(self.env.user):
                raise UserError(_("Only the salesperson or his reviewer sends a work report back to draft."))
        self.activity_unlink([REVIEW_ACTIVITY])
        self.write({"state": "draft", "submitted_date": False, "submitted_late": False})
        return True

    @api.model
    def _cron_flag_overdue(self, batch_size=200):
        """Daily: give the salesperson of each newly overdue report an activity, one batch per call.

        The scheduler calls again while reports remain (`_notify_progress`); a report is flagged once
        (`overdue_notified`), so a rerun or a killed run gives no second activity.
        """
        domain = [("overdue", "=", True), ("overdue_notified", "=", False)]
        reports = self.sudo().search(domain, order="id", limit=batch_size)
        remaining = self.sudo().search_count(domain) - len(reports)
        if reports:
            overdue_type = self.env.ref(OVERDUE_ACTIVITY)
            today = fields.Date.context_today(self)
            model_id = self.env["ir.model"]._get_id(self._name)
            self.env["mail.activity"].sudo().create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": report.id,
                        "activity_type_id": overdue_type.id,
                        "user_id": report.user_id.id,
                        "date_deadline": today,
                        "summary": report._overdue_summary(),
                        # closed by the submission (activity_feedback finds automated activities only)
                        "automated": True,
                    }
                    for report in reports
                ]
            )
            reports.write({"overdue_notified": True})
        self.env["ir.cron"]._notify_progress(done=len(reports), remaining=remaining)
        if remaining and not getattr(threading.current_thread(), "testing", False):
            self.env.cr.commit()  # pylint: disable=invalid-commit
        return len(reports)

    def _overdue_summary(self):
        """The activity's title, in the salesperson's language (a cron has none of its own)."""
        self.ensure_one()
        env = self.with_context(lang=self.user_id.lang or self.env.lang).env
        return env._("Work report overdue since %s", fields.Date.to_string(self.due_date))
