# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.tools import SQL

from .res_partner import CUSTOMER_CLASSES

VISITOR_ROLES = [
    ("general_manager", "General Manager"),
    ("sales_manager", "Sales Manager"),
    ("salesperson", "Salesperson"),
]


class CrmVisitFrequency(models.Model):
    """How often each role visits each class of customer (seed 001 Table 4-7)."""

    _name = "crm.visit.frequency"
    _description = "Visit Frequency"
    _order = "customer_class, visitor_role"

    customer_class = fields.Selection(CUSTOMER_CLASSES, required=True)
    visitor_role = fields.Selection(VISITOR_ROLES, required=True)
    interval_days = fields.Integer(string="Every (Days)", help="0: this role does not visit this class.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("class_role_unique", "unique(customer_class, visitor_role)", "One frequency per class and role."),
        ("interval_positive", "CHECK(interval_days >= 0)", "The visit interval cannot be negative."),
    ]


class CrmVisitPlan(models.Model):
    """A visit due to a customer by one person: planned, then done by a visit report."""

    _name = "crm.visit.plan"
    _description = "Planned Visit"
    _order = "date_due desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Visitor", required=True, index=True)
    salesperson_id = fields.Many2one("res.users", index=True)
    visitor_role = fields.Selection(VISITOR_ROLES, required=True)
    customer_class = fields.Selection(CUSTOMER_CLASSES)
    date_due = fields.Date(string="Due", required=True, index=True)
    state = fields.Selection([("planned", "Planned"), ("done", "Done")], default="planned", required=True, index=True)
    report_id = fields.Many2one("crm.visit.report", readonly=True)
    done_count = fields.Integer(compute="_compute_done_count", store=True, aggregator="sum", string="Done")
    planned_count = fields.Integer(default=1, aggregator="sum", string="Planned")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    @api.depends("partner_id", "visitor_role")
    def _compute_display_name(self):
        # the calendar's event title: whom to visit, in which role
        roles = dict(self._fields["visitor_role"]._description_selection(self.env))
        for plan in self:
            plan.display_name = f"{plan.partner_id.name or ''} ({roles.get(plan.visitor_role, '')})"

    @api.depends("state")
    def _compute_done_count(self):
        for plan in self:
            plan.done_count = 1 if plan.state == "done" else 0

    @api.model
    def _visitors_for(self, customer, role):
        """The salesperson, or the manager in that role above the customer's salesperson."""
        if role == "salesperson":
            return customer.user_id
        return customer.user_id._sales_manager_of(role, customer.company_id or self.env.company)

    @api.model
    def _cron_plan_visits(self, horizon_days=7):
        """Plan, as records and activities, the visits falling due in the coming days."""
        companies = self.env["res.company"].sudo().search([("visit_planning", "=", True)])
        if not companies:
            return
        # one planning run at a time (the scheduled run and a manual one, two servers): a run started meanwhile
        # waits on these rows, then fails to serialize and writes nothing; run again, it sees this run's plans
        self.env.cr.execute(SQL("UPDATE res_company SET write_date = write_date WHERE id IN %s", tuple(companies.ids)))
        frequencies = self.env["crm.visit.frequency"].search([("interval_days", ">", 0)])
        customers = self.env["res.partner"].sudo().search(
            [("customer_class", "in", frequencies.mapped("customer_class")), ("user_id", "!=", False),
             ("is_company", "=", True), ("company_id", "in", companies.ids + [False])]
        )  # fmt: skip
        if not customers:
            return
        today = fields.Date.context_today(self)
        # latest visit per (customer, visitor) and open plans: two grouped reads for everything
        visits = (
            self.env["crm.visit.report"]
            .sudo()
            ._read_group(
                [("partner_id", "in", customers.ids), ("state", "in", ("submitted", "reviewed"))],
                ["partner_id", "visitor_ids"],
                ["visit_date:max"],
            )
        )
        last_visit = {(partner.id, user.id): date for partner, user, date in visits}
        open_plans = self.sudo().search_fetch(
            [("state", "=", "planned"), ("partner_id", "in", customers.ids)], ["partner_id", "user_id", "date_due"]
        )
        planned = {(plan.partner_id.id, plan.user_id.id) for plan in open_plans}
        last_day = today + relativedelta(days=horizon_days)
        to_create = []
        for frequency in frequencies:
            for customer in customers.filtered(lambda c, f=frequency: c.customer_class == f.customer_class):
                visitor = self._visitors_for(customer, frequency.visitor_role)
                if not visitor or (customer.id, visitor.id) in planned:
                    continue
                last = last_visit.get((customer.id, visitor.id))
                due = last + relativedelta(days=frequency.interval_days) if last else today
                if due <= last_day:
                    planned.add((customer.id, visitor.id))
                    to_create.append(
                        {
                            "partner_id": customer.id,
                            "user_id": visitor.id,
                            "salesperson_id": customer.user_id.id,
                            "company_id": (customer.company_id or self.env.company).id,
                            "visitor_role": frequency.visitor_role,
                            "customer_class": customer.customer_class,
                            "date_due": max(due, today),
                        }
                    )
        self._spread_over_working_days(to_create, open_plans, today, last_day)
        plans = self.sudo().create(to_create)
        visit_type = self.env.ref("crm_foreign_trade.mail_activity_type_visit")
        model_id = self.env["ir.model"]._get_id("res.partner")
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": plan.partner_id.id,
                    "activity_type_id": visit_type.id,
                    "user_id": plan.user_id.id,
                    "date_deadline": plan.date_due,
                    "summary": plan._activity_summary(),
                }
                for plan in plans
            ]
        )

    @api.model
    def _spread_over_working_days(self, vals_list, open_plans, first_day, last_day):
        """Give each new visit (vals) a working day (Monday to Friday) of the horizon, balanced per visitor.

        A visit goes to the visitor's least busy working day on or after its due day (the earliest such
        day on a tie), counting the visits already planned; visits with the fewest possible days go
        first. A first planning run with every customer due today thus fills the week evenly instead
        of putting every visit on one day. Deterministic: same input, same days.
        """

        def working_days_from(start):
            days = []
            day = start
            while day <= last_day or not days:
                if day.weekday() < 5:
                    days.append(day)
                day += relativedelta(days=1)
            return days

        load = defaultdict(int)  # (visitor, day) -> visits
        for plan in open_plans:
            load[plan.user_id.id, plan.date_due] += 1
        order = sorted(
            vals_list, key=lambda v: (-v["date_due"].toordinal(), v["customer_class"] or "", v["partner_id"])
        )
        for vals in order:
            days = working_days_from(vals["date_due"])
            day = min(days, key=lambda d, u=vals["user_id"]: (load[u, d], d))
            load[vals["user_id"], day] += 1
            vals["date_due"] = day

    def _activity_summary(self):
        """The activity's title, in the visitor's language (a cron has none of its own)."""
        self.ensure_one()
        env = self.with_context(lang=self.user_id.lang or self.env.lang).env
        role = dict(self._fields["visitor_role"]._description_selection(env))[self.visitor_role]
        return env._("Visit due (%s)", role)

    def action_new_visit_report(self):
        """Write the report of this planned visit: its customer and day, the visitor's own report."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Visit Report"),
            "res_model": "crm.visit.report",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_visit_date": fields.Date.to_string(self.date_due),
                "default_purpose": _("Planned visit"),
            },
        }

    @api.model
    def _mark_done(self, reports):
        """Visit reports complete the plans of their customer and visitors."""
        for report in reports:
            plans = self.sudo().search(
                [("state", "=", "planned"), ("partner_id", "=", report.partner_id.commercial_partner_id.id),
                 ("user_id", "in", (report.user_id | report.visitor_ids).ids)]
            )  # fmt: skip
            plans.write({"state": "done", "report_id": report.id})
