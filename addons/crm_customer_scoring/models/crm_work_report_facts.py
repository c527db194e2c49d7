# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The period's facts on a work report, filled in by the system (seed 001 §4.5: "the activities recorded,
the reports reproduce them").

Numbers stored on the report so that the reports can be pivoted, a readable list beside them. What counts:

- visits: submitted or reviewed visit reports of the period the salesperson wrote or took part in; planned
  visits: his visit plans due in the period;
- decision-maker meetings: those visits where a customer attendee is a decider of the decision tree of the
  visit's opportunity or of another opportunity of the visited customer (the rule is the Process KPIs',
  crm_sales_kpi_report.py DECISION_MEETING_SQL, so the report and the KPIs count alike);
- quotations sent: his quotations created in the period that were sent or confirmed;
- orders confirmed: his sales orders confirmed in the period, untaxed, in the company currency;
- new opportunities: his opportunities created in the period (lost and archived ones included).

The facts are read with superuser rights but only the salesperson's own records of the report's company.
"""

from datetime import datetime, time

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_amount

DONE_VISIT_STATES = ("submitted", "reviewed")


class CrmWorkReport(models.Model):
    _inherit = "crm.work.report"

    currency_id = fields.Many2one(related="company_id.currency_id")
    visit_count = fields.Integer(string="Visits", readonly=True, help="Visits reported in the period.")
    visit_planned_count = fields.Integer(string="Planned Visits", readonly=True, help="Visits planned in the period.")
    decision_meeting_count = fields.Integer(
        string="Decision-Maker Meetings",
        readonly=True,
        help="Visits of the period where a decider of the customer's decision tree took part.",
    )
    quotation_count = fields.Integer(
        string="Quotations Sent", readonly=True, help="Quotations made in the period and sent or confirmed."
    )
    order_count = fields.Integer(string="Orders Confirmed", readonly=True)
    order_amount = fields.Monetary(
        string="Confirmed Amount",
        readonly=True,
        currency_field="currency_id",
        help="Untaxed amount of the orders confirmed in the period, in the company currency.",
    )
    opportunity_count = fields.Integer(string="New Opportunities", readonly=True)
    facts_summary = fields.Html(string="Facts of the Period", readonly=True, sanitize=False, copy=False)
    facts_date = fields.Datetime(string="Facts Updated On", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        reports = super().create(vals_list)
        reports._refresh_facts()
        return reports

    def action_refresh_facts(self):
        self._refresh_facts()
        return True

    def _refresh_facts(self):
        """Count and list the period's facts of every report: a constant number of queries for the batch."""
        if not self:
            return
        facts = self._gather_facts()
        now = fields.Datetime.now()
        for report in self:
            found = facts[report.id]
            values = {
                "visit_count": len(found["visits"]),
                "visit_planned_count": found["planned"],
                "decision_meeting_count": len(found["meetings"]),
                "quotation_count": len(found["quotations"]),
                "order_count": len(found["orders"]),
                "order_amount": found["amount"],
                "opportunity_count": len(found["opportunities"]),
                "facts_date": now,
            }
            values["facts_summary"] = report._facts_html(found, values)
            report.write(values)

    def _gather_facts(self):
        """{report id: {"visits", "meetings", "quotations", "orders", "opportunities": records,
        "planned": count, "amount": company currency}}, read with one query per kind of fact."""
        env = self.sudo().env
        users = self.user_id
        companies = self.company_id
        first, last = min(self.mapped("date_from")), max(self.mapped("date_to"))
        start, stop = datetime.combine(first, time.min), datetime.combine(last + relativedelta(days=1), time.min)
        visits = env["crm.visit.report"].search(
            [("state", "in", DONE_VISIT_STATES), ("company_id", "in", companies.ids),
             ("visit_date", ">=", first), ("visit_date", "<=", last),
             "|", ("user_id", "in", users.ids), ("visitor_ids", "in", users.ids)],
            order="visit_date, id",
        )  # fmt: skip
        meetings = self._decision_meetings(visits)
        plans = env["crm.visit.plan"].search_fetch(
            [("user_id", "in", users.ids), ("company_id", "in", companies.ids + [False]),
             ("date_due", ">=", first), ("date_due", "<=", last)],
            ["user_id", "company_id", "date_due"],
        )  # fmt: skip
        orders = env["sale.order"].search_fetch(
            [("user_id", "in", users.ids), ("company_id", "in", companies.ids), "|",
             "&", ("create_date", ">=", start), ("create_date", "<", stop),
             "&", ("date_order", ">=", start), ("date_order", "<", stop)],
            ["name", "user_id", "company_id", "state", "create_date", "date_order", "amount_untaxed",
             "currency_rate", "partner_id"],
            order="id",
        )  # fmt: skip
        leads = (
            env["crm.lead"]
            .with_context(active_test=False)
            .search_fetch(
                [("type", "=", "opportunity"), ("user_id", "in", users.ids), ("company_id", "in", companies.ids),
                 ("create_date", ">=", start), ("create_date", "<", stop)],
                ["name", "user_id", "company_id", "create_date", "partner_id"],
                order="id",
            )
        )  # fmt: skip
        facts = {}
        for report in self:
            user, company = report.user_id, report.company_id
            lo, hi = report.date_from, report.date_to

            def within(day, lo=lo, hi=hi):
                return bool(day) and lo <= day <= hi

            own_visits = visits.filtered(
                lambda v, u=user, c=company, w=within: (
                    v.company_id == c and (v.user_id == u or u in v.visitor_ids) and w(v.visit_date)
                )
            )
            mine = orders.filtered(lambda o, u=user, c=company: o.user_id == u and o.company_id == c)
            confirmed = mine.filtered(lambda o, w=within: o.state == "sale" and w(o.date_order.date()))
            facts[report.id] = {
                "visits": own_visits,
                "meetings": own_visits & meetings,
                "planned": len(
                    plans.filtered(
                        lambda p, u=user, c=company, w=within: (
                            p.user_id == u and p.company_id in (c, env["res.company"]) and w(p.date_due)
                        )
                    )
                ),
                "quotations": mine.filtered(
                    lambda o, w=within: o.state in ("sent", "sale") and w(o.create_date.date())
                ),
                "orders": confirmed,
                # sale.report's conversion: the order's rate is company currency -> order currency
                "amount": company.currency_id.round(
                    sum(o.amount_untaxed / (o.currency_rate or 1.0) for o in confirmed)
                ),
                "opportunities": leads.filtered(
                    lambda lead, u=user, c=company, w=within: (
                        lead.user_id == u and lead.company_id == c and w(lead.create_date.date())
                    )
                ),
            }
        return facts

    @api.model
    def _decision_meetings(self, visits):
        """The visits that are decision-maker meetings: the Process KPIs' rule (crm_sales_kpi_report.py), read
        in one query whatever the number of visits."""
        return visits.browse(self.env["crm.sales.kpi.report"]._decision_meeting_visit_ids(visits.ids))

    def _facts_html(self, found, values):
        """The facts as a short list, in the salesperson's language."""
        self.ensure_one()
        env = self.with_context(lang=self.user_id.lang or self.env.lang).env
        currency = self.currency_id

        def section(title, items):
            body = Markup("<p><strong>%s</strong></p>") % title
            if items:
                body += Markup("<ul>%s</ul>") % Markup("").join(Markup("<li>%s</li>") % item for item in items)
            return body

        html = section(
            env._(
                "Visits: %(done)s (planned: %(planned)s)",
                done=values["visit_count"],
                planned=values["visit_planned_count"],
            ),
            [visit.name for visit in found["visits"]],
        )
        html += section(
            env._("Decision-maker meetings: %s", values["decision_meeting_count"]),
            [visit.name for visit in found["meetings"]],
        )
        html += section(
            env._("Quotations sent: %s", values["quotation_count"]),
            [
                f"{order.name}, {order.partner_id.name}, {format_amount(env, order.amount_untaxed, order.currency_id)}"
                for order in found["quotations"]
            ],
        )
        html += section(
            env._(
                "Orders confirmed: %(count)s, %(amount)s untaxed",
                count=values["order_count"],
                amount=format_amount(env, values["order_amount"], currency),
            ),
            [
                f"{order.name}, {order.partner_id.name}, {format_amount(env, order.amount_untaxed, order.currency_id)}"
                for order in found["orders"]
            ],
        )
        html += section(
            env._("New opportunities: %s", values["opportunity_count"]),
            [f"{lead.name}, {lead.partner_id.name or ''}".rstrip(", ") for lead in found["opportunities"]],
        )
        return html
