# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models

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
        open_plans = {
            (plan.partner_id.id, plan.user_id.id)
            for plan in self.sudo().search_fetch([("state", "=", "planned"), ("partner_id", "in", customers.ids)],
                                                 ["partner_id", "user_id"])
        }  # fmt: skip
        to_create = []
        for frequency in frequencies:
            for customer in customers.filtered(lambda c, f=frequency: c.customer_class == f.customer_class):
                visitor = self._visitors_for(customer, frequency.visitor_role)
                if not visitor or (customer.id, visitor.id) in open_plans:
                    continue
                last = last_visit.get((customer.id, visitor.id))
                due = last + relativedelta(days=frequency.interval_days) if last else today
                if due <= today + relativedelta(days=horizon_days):
                    open_plans.add((customer.id, visitor.id))
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
                    "summary": _("Visit due (%s)", dict(VISITOR_ROLES)[plan.visitor_role]),
                }
                for plan in plans
            ]
        )

    @api.model
    def _mark_done(self, reports):
        """Visit reports complete the plans of their customer and visitors."""
        for report in reports:
            plans = self.sudo().search(
                [("state", "=", "planned"), ("partner_id", "=", report.partner_id.commercial_partner_id.id),
                 ("user_id", "in", (report.user_id | report.visitor_ids).ids)]
            )  # fmt: skip
            plans.write({"state": "done", "report_id": report.id})
