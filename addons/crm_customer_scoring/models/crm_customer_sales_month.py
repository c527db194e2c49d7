# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sales dynamics per customer (seed 001 §4.2.2 b, Fig. 4-1/4-2).

One row per customer company, company and month, from the month of the customer's first invoice to the
current month; a month without sales is a row with 0. Each row compares the month with the same month last
year, with the average of the recent months and with what the customer's own seasonal pattern expects, and
is flagged when it falls or rises beyond the company's thresholds (how: models/crm_customer_sales_history.py).

The rows are a view of each customer's arrays of months (``crm.customer.sales.history``): a customer's
months are computed and written together. A row's id is its customer's history row and its month, so a
link to a month (a churn signal's evidence) survives the recomputes.
"""

import threading

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.tools import format_date, formatLang

from odoo.addons.crm_foreign_trade.models.res_partner import CUSTOMER_CLASSES

from .crm_customer_sales_history import ARRAYS, DROP, RISE

FLAGS = [("drop", "Drop"), ("rise", "Rise")]
# a month's id: its history row's id × MONTH_IDS + its month counted from January 1900 (1900-2099)
MONTH_IDS = 2400


def month_id_sql(history_id, month):
    """SQL of the id of the month ``month`` (a date expression) of the history row ``history_id``."""
    return (
        f"({history_id}::bigint * {MONTH_IDS} + (EXTRACT(YEAR FROM {month})::int - 1900) * 12"
        f" + EXTRACT(MONTH FROM {month})::int - 1)"
    )


class CrmCustomerSalesMonth(models.Model):
    _name = "crm.customer.sales.month"
    _description = "Customer Sales Month"
    _order = "month desc, partner_id"
    _rec_name = "month"
    _auto = False

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    month = fields.Date(readonly=True, help="First day of the month.")
    # the history row's, for the filters, the group-bys and the salesperson's record rule
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    customer_class = fields.Selection(CUSTOMER_CLASSES, readonly=True)
    amount = fields.Monetary(
        readonly=True,
        help="Posted customer invoices minus credit notes of the month (product lines, by invoice date), "
        "in the company currency.",
    )
    quantity = fields.Float(
        readonly=True,
        digits="Product Unit of Measure",
        help="Invoiced minus credited quantity, in each product's unit of measure.",
    )
    amount_last_year = fields.Monetary(string="Same Month Last Year", readonly=True)
    recent_average = fields.Monetary(
        readonly=True, help="Average amount of the recent months before this one (see Settings)."
    )
    seasonal_index = fields.Float(
        readonly=True,
        digits=(16, 2),
        help="How this calendar month usually sells against the customer's level, learnt from its past "
        "years: 2.0 twice the level, 0 nothing. 1.0 while no season is learnt.",
    )
    pattern_years = fields.Integer(string="Years Learnt", readonly=True, help="Past years the season is learnt from.")
    expected_amount = fields.Monetary(readonly=True, help="Seasonal index of the month × the customer's recent level.")
    deviation = fields.Float(readonly=True, help="Amount against the expected amount: -1.0 = nothing sold.")
    flag = fields.Selection(FLAGS, readonly=True)
    flag_reason = fields.Text(compute="_compute_flag_reason", help="Which comparison fired, with its figures.")
    computed_at = fields.Datetime(readonly=True, help="When the customer's months were last recomputed.")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"CREATE VIEW {self._table} AS ({self._query()})")  # pylint: disable=sql-injection

    def _query(self):
        """Each history row's arrays unnested: one row per month, its id from the history row and the month."""
        return f"""
            SELECT {month_id_sql("history.id", "month.month")} AS id,
                   history.partner_id, history.company_id, history.user_id, history.customer_class, month.month,
                   month_values.month_amounts AS amount,
                   month_values.month_quantities AS quantity,
                   month_values.month_amounts_last_year AS amount_last_year,
                   month_values.month_recent_averages AS recent_average,
                   month_values.month_seasonal_indexes AS seasonal_index,
                   month_values.month_pattern_years AS pattern_years,
                   month_values.month_expected_amounts AS expected_amount,
                   NULLIF(month_values.month_deviations, 'NaN') AS deviation,
                   CASE month_values.month_flags WHEN {DROP} THEN 'drop' WHEN {RISE} THEN 'rise' END AS flag,
                   history.computed_at
              FROM crm_customer_sales_history history
        CROSS JOIN LATERAL unnest({", ".join(f"history.{column}" for column, __ in ARRAYS)})
                   WITH ORDINALITY AS month_values({", ".join(column for column, __ in ARRAYS)}, position)
        CROSS JOIN LATERAL (
                   SELECT (history.first_month + (month_values.position - 1) * interval '1 month')::date AS month
                   ) month
        """

    @api.depends("flag", "amount", "expected_amount", "deviation")
    def _compute_flag_reason(self):
        for row in self:
            row.flag_reason = row._flag_reason_text() if row.flag else False

    # ------------------------------------------------------------------ recompute

    @api.model
    def compute_months(self, partners=None):
        """Rebuild the months of the current company's customers (all, or ``partners``' commercial
        partners) up to the current month; a customer's months are always rebuilt together.

        Each customer's months are replaced in place, never added twice; customers without invoices lose
        them. The customers of one company are recomputed one transaction at a time (an advisory lock), so
        the cron and a user's Recompute button do not collide. Returns the number of customers written.
        """
        if not self.env.su and not self.env.user.has_group("sales_team.group_sale_salesman"):
            raise AccessError(_("Only salespeople and sales managers recompute sales dynamics."))
        company = self.env.company
        partner_ids = None
        if partners is not None:
            partner_ids = partners.commercial_partner_id.ids
            if not partner_ids:
                return 0
        self.env.flush_all()
        lock = ("crm_customer_sales_month", company.id)
        self.env.cr.execute("SELECT pg_advisory_xact_lock(hashtext(%s), %s)", lock)
        written = self.env["crm.customer.sales.history"].sudo()._compute(company, partner_ids, self._current_month())
        self.invalidate_model()
        return written

    @api.model
    def _current_month(self):
        return fields.Date.context_today(self).replace(day=1)

    def _flag_reason_text(self):
        self.ensure_one()
        company = self.company_id

        def money(amount):
            return formatLang(self.env, amount, currency_obj=company.currency_id)

        def percent(value):
            return f"{value * 100:.0f} %"

        if self.flag == "drop":
            fired = _(
                "Drop: %(amount)s is %(deviation)s below the expected %(expected)s (threshold %(threshold)s).",
                amount=money(self.amount),
                deviation=percent(-self.deviation),
                expected=money(self.expected_amount),
                threshold=percent(company.dynamics_drop_threshold),
            )
        else:
            fired = _(
                "Rise: %(amount)s is %(deviation)s above the expected %(expected)s (threshold %(threshold)s).",
                amount=money(self.amount),
                deviation=percent(self.deviation),
                expected=money(self.expected_amount),
                threshold=percent(company.dynamics_rise_threshold),
            )
        if self.pattern_years >= max(company.dynamics_pattern_years, 1) and self.seasonal_index != 1.0:
            # formatted outside _(): the translation extractor cannot read an f-string among its arguments
            index = f"{self.seasonal_index:.2f}"
            basis = _(
                "Expected from the customer's season: %(month)s usually sells %(index)s × its level, learnt "
                "from %(years)s past years.",
                month=format_date(self.env, self.month, date_format="MMMM"),
                index=index,
                years=self.pattern_years,
            )
        else:
            basis = _(
                "Expected from the average of the previous %(months)s months; no seasonal pattern learnt yet.",
                months=company.dynamics_recent_months,
            )
        history = _(
            "Average of the previous %(months)s months: %(average)s; same month last year: %(last_year)s.",
            months=company.dynamics_recent_months,
            average=money(self.recent_average),
            last_year=money(self.amount_last_year),
        )
        return f"{fired}\n{basis}\n{history}"

    # ------------------------------------------------------------------ cron

    @api.model
    def _cron_compute_sales_months(self, batch_size=500):
        """Nightly: the customers whose months are stale (see ``_stale_partner_ids``), every company, in
        batches, one commit per batch.

        A night without new, changed or cancelled invoices writes nothing; the first night of a month
        recomputes every customer (its new current month, and last month now over and flagged). A run
        killed half way resumes with the customers not done yet; a customer done twice is replaced, not
        doubled.
        """
        cron = self.env["ir.cron"]
        todo = []
        for company in self.env["res.company"].sudo().search([]):
            stale = self.with_company(company)._stale_partner_ids()
            todo += [(company, stale[i : i + batch_size]) for i in range(0, len(stale), batch_size)]
        total = sum(len(ids) for __, ids in todo)
        done = 0
        for company, ids in todo:
            self.sudo().with_company(company).compute_months(partners=self.env["res.partner"].browse(ids))
            done += len(ids)
            cron._notify_progress(done=done, remaining=total - done)
            if not getattr(threading.current_thread(), "testing", False):
                self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.invalidate_all()
        return done

    @api.model
    def _stale_partner_ids(self):
        """Customers of the current company whose months no longer tell their invoices (see
        ``crm.customer.sales.history._stale_partner_ids``): comparing one aggregate with the rows costs
        about the aggregate; recomputing every customer every night cost 15 times that at 20,000 customers
        (benchmark in tests/)."""
        self.env.flush_all()
        return self.env["crm.customer.sales.history"].sudo()._stale_partner_ids(self.env.company, self._current_month())
