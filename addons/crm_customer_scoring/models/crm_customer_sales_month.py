# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sales dynamics per customer (seed 001 §4.2.2 b, Fig. 4-1/4-2).

One row per customer company, company and month, from the month of the customer's first invoice to the
current month; a month without sales is a row with 0. Each row compares the month with the same month last
year, with the average of the recent months and with what the customer's own seasonal pattern expects, and
is flagged when it falls or rises beyond the company's thresholds.

How the expectation is learnt (ratio to a centred moving average, the classical seasonal index):

1. The *level* of a past month is the average of the 12 months around it (6 before, itself and 5 after), so
   that the level carries no season.
2. The *seasonal index* of a calendar month, seen from month M, is the sum of that calendar month's amounts
   in the customer's past years divided by the sum of their levels: 2.0 means that month usually sells twice
   the customer's level, 0 that it usually sells nothing. Only past years whose 12 months around are all
   known count; the index is used once the company's "Years to Learn the Season" are known, otherwise it
   is 1 (no season).
3. The customer's *recent level* is the amount of the recent N months divided by the sum of their seasonal
   indexes (a May-June peak inside the recent months does not inflate it). When the recent months are all
   months the customer usually sells nothing in, the level is that of the past years instead.
4. *Expected amount* = seasonal index of the month × recent level. Without a learnt season this is the plain
   average of the recent N months.

A customer that peaks every May-June is expected to peak then and to sell less afterwards: neither is
flagged. No order in a September that usually sells is a drop with its reason. A month is flagged only when
the customer's expected or recent monthly amount reaches the company's minimum volume, and only once it is
over (the current month is shown, not flagged).
"""

import threading

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_date, formatLang

# customer invoices and credit notes count; vendor bills and receipts do not
SALES_MOVE_TYPES = ("out_invoice", "out_refund")
FLAGS = [("drop", "Drop"), ("rise", "Rise")]
WORK_MEM = "128MB"
ANALYZE_THRESHOLD = 1000


class CrmCustomerSalesMonth(models.Model):
    _name = "crm.customer.sales.month"
    _description = "Customer Sales Month"
    _order = "month desc, partner_id"
    _rec_name = "month"
    # rows are derived and rewritten by the recompute, never edited: no create/write user and date columns
    # (two foreign keys checked per row on hundreds of thousands of rows); computed_at says when
    _log_access = False

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, ondelete="cascade"
    )  # indexed first in the unique (partner, company, month) index
    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade")
    currency_id = fields.Many2one(related="company_id.currency_id")
    month = fields.Date(required=True, readonly=True, help="First day of the month.")
    # kept with the row for the filters, the group-bys and the salesperson's record rule
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson", store=True, index=True)
    customer_class = fields.Selection(related="partner_id.customer_class", store=True)
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
    flag = fields.Selection(FLAGS, readonly=True, index="btree_not_null")
    flag_reason = fields.Text(readonly=True)
    computed_at = fields.Datetime(
        readonly=True,
        help="When a recompute last changed the row (the current month's row: every recompute).",
    )

    _sql_constraints = [
        (
            "partner_company_month_unique",
            "unique(partner_id, company_id, month)",
            "One row per customer, company and month.",
        )
    ]

    # ------------------------------------------------------------------ recompute

    @api.model
    def compute_months(self, partners=None, date_from=None):
        """Rebuild the months of the current company's customers (all, or ``partners``' commercial
        partners), from ``date_from``'s month (all months if not given) to the current month.

        Rows are updated in place, never added twice (unique per customer, company and month): a row that
        did not change is not written again, months no longer in a customer's history are deleted. The
        customers of one company are recomputed one transaction at a time (an advisory lock), so the cron and
        a user's Recompute button do not collide. Returns the number of rows written (new or changed).
        """
        if not self.env.su and not self.env.user.has_group("sales_team.group_sale_salesman"):
            raise AccessError(_("Only salespeople and sales managers recompute sales dynamics."))
        company = self.env.company
        partner_ids = None
        if partners is not None:
            partner_ids = partners.commercial_partner_id.ids
            if not partner_ids:
                return 0
        today = fields.Date.context_today(self)
        current_month = today.replace(day=1)
        first_month = fields.Date.to_date(date_from).replace(day=1) if date_from else None
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("SELECT pg_advisory_xact_lock(hashtext(%s), %s)", ("crm_customer_sales_month", company.id))
        params = {
            "company": company.id,
            "partners": partner_ids,
            "date_from": first_month,
            "current_month": current_month,
            "recent": company.dynamics_recent_months,
            "min_years": max(company.dynamics_pattern_years, 1),
            "drop": company.dynamics_drop_threshold,
            "rise": company.dynamics_rise_threshold,
            "min_volume": company.dynamics_min_volume,
        }
        # SQL because one customer-month is a window over its whole history (last year, recent months,
        # the same calendar month of every past year): one pass of window functions over the grid of months
        # instead of reading hundreds of thousands of invoice lines through the ORM (benchmark in tests/).
        # The windows sort every customer-month three times: in memory rather than spilled to disk, for this
        # statement only.
        cr.execute("SELECT current_setting('work_mem'), set_config('work_mem', %s, true)", (WORK_MEM,))
        work_mem = cr.fetchone()[0]
        cr.execute(self._months_query(partner_ids is not None, first_month is not None), params)
        written, invoiced, first_months = cr.fetchone()
        # months no longer in a customer's history (its first invoices cancelled, or all of them); joins on
        # the unique index, whatever the table's statistics say in the middle of a recompute
        partner_filter = "" if partner_ids is None else "AND partner_id = ANY(%(partners)s)"
        month_filter = "" if first_month is None else "AND month >= %(date_from)s"
        cr.execute(
            f"""
            DELETE FROM crm_customer_sales_month row
             USING unnest(%(invoiced)s::int[], %(first_months)s::date[]) AS f(partner_id, first_month)
             WHERE row.partner_id = f.partner_id AND row.company_id = %(company)s
               AND (row.month < f.first_month OR row.month > %(current_month)s) {month_filter}
            """,
            dict(params, invoiced=invoiced or [], first_months=first_months or []),
        )
        cr.execute(
            f"""
            DELETE FROM crm_customer_sales_month
             WHERE company_id = %(company)s AND partner_id <> ALL(%(invoiced)s::int[]) {partner_filter} {month_filter}
            """,
            dict(params, invoiced=invoiced or []),
        )
        cr.execute("SELECT set_config('work_mem', %s, true)", (work_mem,))
        if written >= ANALYZE_THRESHOLD:
            # thousands of rows at once (a first build, a new month): fresh statistics for the next reads
            cr.execute("ANALYZE crm_customer_sales_month")
        self._write_flag_reasons(company, partner_ids, first_month)
        self.invalidate_model()
        return written

    @api.model
    def _sales_query(self, some_partners):
        """The customers' monthly sales: posted customer invoices minus credit notes, product lines, by
        invoice month, in the company currency. The one definition the months are built from and compared
        with (``_stale_partner_ids``)."""
        move_partner = "AND move.commercial_partner_id = ANY(%(partners)s)" if some_partners else ""
        return f"""
            SELECT move.commercial_partner_id AS partner_id,
                   date_trunc('month', move.invoice_date)::date AS month,
                   -- float8 for the window arithmetic of the months, rounded back to numeric when written
                   SUM(-line.balance)::float8 AS amount,
                   -- in the product's unit of measure (Odoo's UoM conversion: / line factor × product factor)
                   SUM(CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END * line.quantity
                       / COALESCE(line_uom.factor, 1) * COALESCE(product_uom.factor, line_uom.factor, 1))
                       ::float8 AS quantity
              FROM account_move_line line
              JOIN account_move move ON move.id = line.move_id
         LEFT JOIN uom_uom line_uom ON line_uom.id = line.product_uom_id
         LEFT JOIN product_product product ON product.id = line.product_id
         LEFT JOIN product_template template ON template.id = product.product_tmpl_id
         LEFT JOIN uom_uom product_uom ON product_uom.id = template.uom_id
             WHERE move.company_id = %(company)s
               AND move.state = 'posted'
               AND move.move_type IN {SALES_MOVE_TYPES}
               AND line.display_type = 'product'
               AND move.invoice_date < %(current_month)s::date + interval '1 month'
               {move_partner}
          GROUP BY 1, 2
        """

    @api.model
    def _months_query(self, some_partners, from_month):
        month_where = "WHERE f.month >= %(date_from)s" if from_month else ""
        return f"""
        WITH sales AS (
            {self._sales_query(some_partners)}
        ), firsts AS (
            SELECT partner_id, MIN(month) AS first_month FROM sales GROUP BY partner_id
        ), grid AS (
            -- every month from the first invoice to now: months without sales are 0, not skipped
            -- (added up with zero rows: a join of the months to the sales would not use an index)
            SELECT partner_id, month, SUM(amount) AS amount, SUM(quantity) AS quantity
              FROM (
                    SELECT partner_id, month, amount, quantity FROM sales
                 UNION ALL
                    SELECT f.partner_id, g.month::date, 0::float8, 0::float8
                      FROM firsts f
                CROSS JOIN LATERAL generate_series(f.first_month, %(current_month)s::date, interval '1 month') g(month)
                   ) months
          GROUP BY partner_id, month
        ), levels AS (
            SELECT grid.*,
                   LAG(amount, 12, 0::float8) OVER by_month AS amount_last_year,
                   COALESCE(AVG(amount) OVER recent, 0) AS recent_average,
                   SUM(amount) OVER recent AS recent_sum,
                   -- the level of a month: the 12 months around it, known only when all 12 are
                   CASE WHEN COUNT(*) OVER around = 12 THEN SUM(amount) OVER around / 12 END AS level
              FROM grid
            WINDOW by_month AS (PARTITION BY partner_id ORDER BY month),
                   recent AS (PARTITION BY partner_id ORDER BY month
                              ROWS BETWEEN %(recent)s PRECEDING AND 1 PRECEDING),
                   around AS (PARTITION BY partner_id ORDER BY month ROWS BETWEEN 6 PRECEDING AND 5 FOLLOWING)
        ), seasons AS (
            -- the same calendar month in the past years whose level is known
            SELECT levels.*,
                   COUNT(level) OVER past_years AS pattern_years,
                   SUM(amount) FILTER (WHERE level IS NOT NULL) OVER past_years AS season_amount,
                   SUM(level) OVER past_years AS season_level
              FROM levels
            WINDOW past_years AS (PARTITION BY partner_id, EXTRACT(MONTH FROM month) ORDER BY month
                                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
        ), indexed AS (
            SELECT seasons.*,
                   CASE WHEN pattern_years >= %(min_years)s AND season_level > 0
                        THEN season_amount / season_level ELSE 1 END AS seasonal_index,
                   pattern_years >= %(min_years)s AND season_level > 0 AS seasonal
              FROM seasons
        ), expected AS (
            SELECT indexed.*,
                   CASE WHEN SUM(seasonal_index) OVER recent > 0
                        THEN seasonal_index * recent_sum / SUM(seasonal_index) OVER recent
                        -- the recent months tell nothing (all usually empty): the past years' level
                        WHEN seasonal THEN season_amount / pattern_years
                        ELSE recent_average END AS expected_amount
              FROM indexed
            WINDOW recent AS (PARTITION BY partner_id ORDER BY month
                              ROWS BETWEEN %(recent)s PRECEDING AND 1 PRECEDING)
        ), flagged AS (
            SELECT expected.*,
                   CASE WHEN expected_amount > 0 THEN (amount - expected_amount) / expected_amount END AS deviation,
                   -- the current month is not over: shown, not flagged
                   CASE WHEN expected_amount > 0 AND GREATEST(expected_amount, recent_average) >= %(min_volume)s
                             AND month < %(current_month)s
                        THEN CASE WHEN amount < expected_amount * (1 - %(drop)s) THEN 'drop'
                                  WHEN amount > expected_amount * (1 + %(rise)s) THEN 'rise' END
                   END AS flag
              FROM expected
        )
        -- rows that did not change are not written again (no dead rows, no foreign-key checks): a nightly
        -- recompute writes the current month and what changed; one row per customer, company and month
        , upserted AS (
            INSERT INTO crm_customer_sales_month AS row (
                partner_id, company_id, month, user_id, customer_class, amount, quantity, amount_last_year,
                recent_average, seasonal_index, pattern_years, expected_amount, deviation, flag, computed_at
            )
            SELECT f.partner_id, %(company)s, f.month, partner.user_id, partner.customer_class,
                   ROUND(f.amount::numeric, 2), ROUND(f.quantity::numeric, 6),
                   ROUND(f.amount_last_year::numeric, 2), ROUND(f.recent_average::numeric, 2),
                   ROUND(f.seasonal_index::numeric, 6), f.pattern_years, ROUND(f.expected_amount::numeric, 2),
                   f.deviation, f.flag, NOW() AT TIME ZONE 'UTC'
              FROM flagged f
              JOIN res_partner partner ON partner.id = f.partner_id
             {month_where}
            ON CONFLICT (partner_id, company_id, month) DO UPDATE
               SET user_id = EXCLUDED.user_id, customer_class = EXCLUDED.customer_class, amount = EXCLUDED.amount,
                   quantity = EXCLUDED.quantity, amount_last_year = EXCLUDED.amount_last_year,
                   recent_average = EXCLUDED.recent_average, seasonal_index = EXCLUDED.seasonal_index,
                   pattern_years = EXCLUDED.pattern_years, expected_amount = EXCLUDED.expected_amount,
                   deviation = EXCLUDED.deviation, flag = EXCLUDED.flag,
                   flag_reason = CASE WHEN EXCLUDED.flag IS NULL THEN NULL ELSE row.flag_reason END,
                   computed_at = EXCLUDED.computed_at
             WHERE row.month = %(current_month)s
                OR (row.user_id, row.customer_class, row.amount, row.quantity, row.amount_last_year,
                    row.recent_average, row.seasonal_index, row.pattern_years, row.expected_amount, row.deviation,
                    row.flag)
                   IS DISTINCT FROM
                   (EXCLUDED.user_id, EXCLUDED.customer_class, EXCLUDED.amount, EXCLUDED.quantity,
                    EXCLUDED.amount_last_year, EXCLUDED.recent_average, EXCLUDED.seasonal_index,
                    EXCLUDED.pattern_years, EXCLUDED.expected_amount, EXCLUDED.deviation, EXCLUDED.flag)
            RETURNING 1
        )
        SELECT (SELECT COUNT(*) FROM upserted),
               (SELECT array_agg(partner_id) FROM firsts), (SELECT array_agg(first_month) FROM firsts)
        """

    @api.model
    def _write_flag_reasons(self, company, partner_ids, first_month):
        """Say which comparison fired on each flagged row (only those: a few among many)."""
        domain = [("company_id", "=", company.id), ("flag", "!=", False)]
        if partner_ids is not None:
            domain.append(("partner_id", "in", partner_ids))
        if first_month:
            domain.append(("month", ">=", first_month))
        self.invalidate_model()
        rows = self.sudo().search(domain)
        if not rows:
            return
        reasons = [row._flag_reason_text() for row in rows]
        self.env.cr.execute(
            """
            UPDATE crm_customer_sales_month row SET flag_reason = data.reason
              FROM unnest(%s::int[], %s::text[]) AS data(id, reason)
             WHERE row.id = data.id AND row.flag_reason IS DISTINCT FROM data.reason
            """,
            (rows.ids, reasons),
        )

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
        """Customers of the current company whose months no longer tell their invoices.

        A customer's months depend only on its monthly sales, the current month and the company's policy,
        so a customer is stale when a month's sales differ from its row (an invoice posted, changed,
        cancelled; rows deleted), when its current month has no row yet (a new month) or when the policy
        changed since that row was written (``computed_at`` emptied by the company). Comparing one
        aggregate with the rows costs about the aggregate; recomputing every customer every night cost 15
        times that at 20,000 customers (benchmark in tests/). Customers whose invoices are all gone lose their
        rows here.
        """
        company = self.env.company
        current_month = fields.Date.context_today(self).replace(day=1)
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            f"""
            SELECT DISTINCT commercial_partner_id FROM account_move
             WHERE company_id = %s AND state = 'posted' AND move_type IN {SALES_MOVE_TYPES}
            """,
            (company.id,),
        )
        invoiced = [row[0] for row in cr.fetchall()]
        cr.execute(
            "DELETE FROM crm_customer_sales_month WHERE company_id = %s AND NOT partner_id = ANY(%s)",
            (company.id, invoiced),
        )
        # the same rounding as the rows are written with; months whose sales add up to nothing are zero rows.
        # The aggregate sorted in memory, as when the months are computed.
        cr.execute("SELECT current_setting('work_mem'), set_config('work_mem', %s, true)", (WORK_MEM,))
        work_mem = cr.fetchone()[0]
        cr.execute(
            f"""
            WITH sales AS (
                SELECT partner_id, month, ROUND(amount::numeric, 2) AS amount, ROUND(quantity::numeric, 6) AS quantity
                  FROM ({self._sales_query(False)}) sales
            ), stored AS (
                SELECT partner_id, month, amount, quantity FROM crm_customer_sales_month
                 WHERE company_id = %(company)s AND (amount <> 0 OR quantity <> 0)
            )
            SELECT COALESCE(sales.partner_id, stored.partner_id)
              FROM (SELECT * FROM sales WHERE amount <> 0 OR quantity <> 0) sales
         FULL JOIN stored ON stored.partner_id = sales.partner_id AND stored.month = sales.month
             WHERE (sales.amount, sales.quantity) IS DISTINCT FROM (stored.amount, stored.quantity)
             UNION
            -- EXCEPT, not NOT EXISTS: right after a first build the table's statistics still say it is
            -- empty and the anti-join was planned as a nested loop, 3 minutes at 20,000 customers
            (SELECT partner_id FROM sales
              EXCEPT
             SELECT partner_id FROM crm_customer_sales_month
              WHERE company_id = %(company)s AND month = %(current_month)s AND computed_at IS NOT NULL)
            """,
            {"company": company.id, "current_month": current_month},
        )
        stale = sorted(row[0] for row in cr.fetchall())
        cr.execute("SELECT set_config('work_mem', %s, true)", (work_mem,))
        return stale
