# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The yearly customer ranking of seed 001 §4.2.2 (Table 4-4).

Final score = annual sales × net profit margin × cooperation willingness % × payment status %.
One row per customer company, company and year. `compute_year(year)` recomputes a year of the current
company; the batched cron (crm_customer_score_cron.py) does the same in batches. Both replace each
customer's figures (never add to them), so a run that is interrupted and started again counts nothing
twice.
"""

from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

COST_SOURCES = [
    ("order", "From Sales Orders"),
    ("product", "From Product Cost"),
    ("mixed", "Mixed"),
    ("none", "No Cost"),
]
# the SQL types of the arrays the ranking writes the year's rows from, by the type of their column
ARRAY_TYPES = {
    "int": "int4",
    "bool": "bool",
    "varchar": "varchar",
    "text": "text",
    "float": "float8",
    "numeric": "numeric",
}
# a payment status rate never goes below -100 %: very late or unpaid amounts already sink the score
PAYMENT_RATE_FLOOR = -1.0
# rows marked or dropped at once above which the table's planner statistics are refreshed
ANALYZE_THRESHOLD = 1000
# memory for the sorts and hashes of the statement computing the figures (_set_figures_statement_settings)
FIGURES_WORK_MEM = "128MB"
# the customer's profile copied on its rows, for grouping and for the salesperson record rule
PROFILE_COLUMNS = ("customer_class", "trade_channel", "investor_country_id", "user_id")


def sql_array(kind, values):
    """SQL: `values` as one array literal of the ARRAY_TYPES `kind`. One string for the server to read, where
    psycopg2 would write an ARRAY[...] expression of one term per value: 20,000 rows × 20 columns took seconds
    to parse (tests/test_benchmark_ranking.py)."""
    items = []
    for value in values:
        if value is None or (value is False and kind != "bool"):
            items.append("NULL")
        elif isinstance(value, bool):
            items.append("t" if value else "f")
        elif isinstance(value, int | float):
            items.append(repr(value))
        else:
            items.append('"%s"' % str(value).replace("\\", "\\\\").replace('"', '\\"'))
    return SQL("%s::%s[]", "{%s}" % ",".join(items), SQL(ARRAY_TYPES[kind]))


class CrmCustomerScore(models.Model):
    _name = "crm.customer.score"
    _description = "Customer Ranking Score"
    _order = "year desc, rank"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    year = fields.Integer(required=True, index=True, readonly=True, aggregator=False)
    rank = fields.Integer(readonly=True, aggregator=False, help="1 is the best customer of the company in the year.")
    # figures of the year, in the company currency
    annual_sales = fields.Monetary(
        readonly=True, help="Posted customer invoices minus credit notes of the year, untaxed, in the company currency."
    )
    cost_amount = fields.Monetary(
        string="Cost of Sales",
        readonly=True,
        help="Cost of the invoiced products: the cost at the time of sale of the order line they come from, "
        "else the product's cost.",
    )
    net_margin = fields.Float(
        string="Net Profit Margin",
        readonly=True,
        aggregator="avg",
        help="(Annual sales - cost of sales) / annual sales.",
    )
    cost_source = fields.Selection(COST_SOURCES, readonly=True, help="Where the cost of sales comes from.")
    invoice_count = fields.Integer(string="Invoices and Credit Notes", readonly=True)
    # payment status: by the company's rule (res_company_ranking.py), unless a sales manager overrides it
    payment_rate_rule = fields.Float(string="Payment Status by Rule", readonly=True, aggregator="avg")
    late_days_weighted = fields.Float(
        string="Average Days Late",
        readonly=True,
        aggregator="avg",
        help="Days past the due date, weighted by the amounts, of the year's invoices: paid amounts until they "
        "were paid, unpaid amounts until the computation.",
    )
    overdue_amount = fields.Monetary(
        string="Paid Late or Overdue", readonly=True, help="Amount of the year's invoices paid late or still overdue."
    )
    payment_rate_override = fields.Boolean(
        string="Override Payment Status", help="A sales manager sets the payment status by hand, with a reason."
    )
    payment_rate_manual = fields.Float(string="Manual Payment Status", aggregator=False)
    payment_override_reason = fields.Text(string="Override Reason")
    payment_rate = fields.Float(
        string="Payment Status",
        compute="_compute_payment_rate",
        store=True,
        aggregator="avg",
        help="Payment status by the rule in Settings, or the manual one when overridden.",
    )
    # cooperation willingness: the approved request of the year (crm_customer_cooperation.py), else the default
    cooperation_id = fields.Many2one("crm.customer.cooperation", string="Approved Willingness", readonly=True)
    cooperation_rate = fields.Float(
        string="Cooperation Willingness",
        readonly=True,
        aggregator="avg",
        help="Approved by the sales manager; the default in Settings until then.",
    )
    final_score = fields.Float(
        compute="_compute_final_score",
        store=True,
        help="Annual sales × net profit margin × cooperation willingness × payment status.",
    )
    drop_candidate = fields.Boolean(
        string="Candidate to Drop",
        readonly=True,
        help="Negative final score or a negative factor (two negative factors multiply into a positive score), "
        "or among the lowest-ranked customers of the year (number in Settings).",
    )
    computed_on = fields.Datetime(readonly=True)
    # pending work of a recomputation (crm_customer_score_cron.py): set when started, cleared when computed
    needs_compute = fields.Boolean(readonly=True, index=True)
    # the customer's profile, stored for grouping and for the salesperson record rule
    customer_class = fields.Selection(related="partner_id.customer_class", store=True)
    trade_channel = fields.Selection(related="partner_id.trade_channel", store=True)
    investor_country_id = fields.Many2one(related="partner_id.investor_country_id", store=True)
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson", store=True, index=True)

    _sql_constraints = [
        (
            "partner_company_year_uniq",
            "unique(partner_id, company_id, year)",
            "A customer has one ranking row per company and year.",
        ),
    ]

    @api.depends("payment_rate_rule", "payment_rate_override", "payment_rate_manual")
    def _compute_payment_rate(self):
        for score in self:
            score.payment_rate = score.payment_rate_manual if score.payment_rate_override else score.payment_rate_rule

    @api.depends("annual_sales", "net_margin", "cooperation_rate", "payment_rate")
    def _compute_final_score(self):
        for score in self:
            score.final_score = score.annual_sales * score.net_margin * score.cooperation_rate * score.payment_rate

    def write(self, vals):
        overriding = {"payment_rate_override", "payment_rate_manual", "payment_override_reason"} & set(vals)
        if overriding and not self.env.su and not self.env.user.has_group("sales_team.group_sale_manager"):
            raise UserError(_("Only sales managers can override the payment status."))
        if vals.get("payment_rate_override") or (overriding and any(self.mapped("payment_rate_override"))):
            for score in self:
                if not vals.get("payment_override_reason", score.payment_override_reason):
                    raise UserError(
                        _("Give the reason for overriding the payment status of %s.", score.partner_id.name)
                    )
        res = super().write(vals)
        if "payment_rate_override" in vals or "payment_rate_manual" in vals:
            for (company, year), scores in self.grouped(lambda s: (s.company_id, s.year)).items():
                scores.with_company(company)._finalise_year(year)
        return res

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------
    @api.model
    def compute_year(self, year):
        """Recompute the ranking of `year` for the current company: every customer invoiced that year gets its
        figures replaced (a row it had keeps its overrides), customers no longer invoiced lose their row."""
        self._check_recompute_access()
        year = self._check_year(year)
        self.env.flush_all()
        self._rank_year(year)
        self.env.company.sudo().ranking_last_computed = fields.Datetime.now()
        return True

    @api.model
    def _check_recompute_access(self):
        if not self.env.su and not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(_("Only sales managers can recompute the ranking of a whole year."))

    @api.model
    def _check_year(self, year):
        try:
            year = int(year)
        except (TypeError, ValueError):
            year = 0
        if not 1900 < year <= fields.Date.context_today(self).year:
            raise UserError(_("Choose a year up to the current one to rank the customers."))
        return year

    @api.model
    def _year_bounds(self, year):
        return date(year, 1, 1), date(year, 12, 31)

    @api.model
    def _mark_year(self, year, partners=None):
        """Start a recomputation: one pending row per customer invoiced in the year (existing rows are kept and
        marked, so overrides survive); rows of customers no longer invoiced are removed.

        Raw SQL: one INSERT .. ON CONFLICT for up to tens of thousands of customers instead of one ORM create
        per customer; also makes two recomputations started at once meet on the unique constraint, not duplicate.
        Returns the number of pending rows of the year."""
        self.env.flush_all()
        company = self.env.company
        date_from, date_to = self._year_bounds(year)
        partner_ids = partners.commercial_partner_id.ids if partners is not None else None
        params = {
            "company_id": company.id,
            "year": year,
            "date_from": date_from,
            "date_to": date_to,
            "uid": self.env.uid,
            "partner_filter": SQL("AND am.commercial_partner_id = ANY(%s)", partner_ids)
            if partners is not None
            else SQL(),
            "stale_filter": SQL("AND s.partner_id = ANY(%s)", partner_ids) if partners is not None else SQL(),
            **self._profile_sql(),
        }
        # one statement: the customers of the year inserted or marked, the others' rows deleted (the DELETE
        # sees the rows as they were before the INSERT, and skips those it marked)
        self.env.cr.execute(
            SQL(
                """
            WITH customers AS MATERIALIZED (
                SELECT DISTINCT am.commercial_partner_id AS partner_id
                  FROM account_move am
                 WHERE am.company_id = %(company_id)s
                   AND am.state = 'posted'
                   AND am.move_type IN ('out_invoice', 'out_refund')
                   AND am.invoice_date BETWEEN %(date_from)s AND %(date_to)s
                   AND am.commercial_partner_id IS NOT NULL
                   %(partner_filter)s
            ),
            marked AS (
                INSERT INTO crm_customer_score (partner_id, company_id, year, needs_compute, %(profile)s,
                    create_uid, create_date, write_uid, write_date)
                SELECT p.id, %(company_id)s, %(year)s, TRUE, %(p_profile)s, %(uid)s, now() at time zone 'UTC',
                       %(uid)s, now() at time zone 'UTC'
                  FROM customers c
                  JOIN res_partner p ON p.id = c.partner_id
                ON CONFLICT (partner_id, company_id, year) DO UPDATE SET needs_compute = TRUE
                RETURNING id
            ),
            stale AS (
                DELETE FROM crm_customer_score s
                 WHERE s.company_id = %(company_id)s AND s.year = %(year)s %(stale_filter)s
                   AND s.id NOT IN (SELECT id FROM marked)
                RETURNING s.id
            )
            SELECT (SELECT COUNT(*) FROM marked), (SELECT COUNT(*) FROM stale)
            """,
                **params,
            )
        )
        marked, stale = self.env.cr.fetchone()
        if marked + stale >= ANALYZE_THRESHOLD:
            # thousands of rows changed at once: fresh statistics, or the planner may join them row by row
            self.env.cr.execute("ANALYZE crm_customer_score")
        self.invalidate_model()
        return marked

    @api.model
    def _compute_pending(self, year, limit=None):
        """Compute pending rows of the year of the current company (at most `limit`, locked; rows another worker
        holds are skipped). Returns the number of rows computed."""
        self.env.flush_all()
        query = """
            SELECT id, partner_id FROM crm_customer_score
             WHERE company_id = %s AND year = %s AND needs_compute
             ORDER BY id
        """
        if limit:
            query += " LIMIT %s"
        query += " FOR UPDATE SKIP LOCKED"
        self.env.cr.execute(query, (self.env.company.id, year, limit) if limit else (self.env.company.id, year))
        rows = self.env.cr.fetchall()
        if rows:
            self._compute_rows(year, rows)
        return len(rows)

    @api.model
    def _figures(self, year, customers, partner_filter=None):
        """SQL: the CTEs ending in `figures`, the figures of `year` of the current company's customers, one row
        per customer (partner_id, sales, cost, margin, cost_source, invoice_count, late_days, overdue,
        payment_rule, cooperation_id, cooperation), all in the company currency.

        :param customers: SQL selecting the customers' `partner_id`; it may read the year's `moves`
        :param partner_filter: SQL condition on the moves `am` (all customers of the year if not given)

        Raw SQL because this is the heavy aggregate of the ranking: every posted invoice line of the year joined
        to its order line's cost; the ORM would read hundreds of thousands of lines into memory."""
        company = self.env.company
        date_from, date_to = self._year_bounds(year)
        return SQL(
            """
            moves AS MATERIALIZED (
                SELECT am.id, am.commercial_partner_id AS partner_id, am.move_type, am.invoice_date
                  FROM account_move am
                 WHERE am.company_id = %(company_id)s
                   AND am.state = 'posted'
                   AND am.move_type IN ('out_invoice', 'out_refund')
                   AND am.invoice_date BETWEEN %(date_from)s AND %(date_to)s
                   %(partner_filter)s
            ),
            customers AS MATERIALIZED (
                %(customers)s
            ),
            -- the year's product lines, read once
            product_lines AS MATERIALIZED (
                SELECT ml.id, ml.move_id, m.partner_id, m.move_type, m.invoice_date, ml.balance, ml.amount_currency,
                       ml.currency_id, ml.quantity, ml.product_id, ml.product_uom_id
                  FROM account_move_line ml
                  JOIN moves m ON m.id = ml.move_id
                 WHERE ml.display_type = 'product'
            ),
            -- sale_margin keeps the cost at the time of sale on the order line, in the order's currency
            order_cost AS (
                SELECT rel.invoice_line_id, AVG(sol.purchase_price) AS price, MIN(sol.currency_id) AS currency_id
                  FROM sale_order_line_invoice_rel rel
                  JOIN product_lines pl ON pl.id = rel.invoice_line_id
                  JOIN sale_order_line sol ON sol.id = rel.order_line_id
                 GROUP BY rel.invoice_line_id
            ),
            lines AS (
                SELECT ml.partner_id,
                       -ml.balance AS sales,
                       CASE WHEN ml.move_type = 'out_refund' THEN -1 ELSE 1 END * ml.quantity * (
                           CASE
                               WHEN oc.invoice_line_id IS NULL THEN
                                   -- product cost (company currency, product unit) for the quantity in its unit
                                   COALESCE((pp.standard_price ->> %(company_key)s)::numeric, 0)
                                   / COALESCE(NULLIF(line_uom.factor, 0), 1) * COALESCE(product_uom.factor, 1)
                               WHEN oc.currency_id = %(company_currency_id)s THEN oc.price
                               -- order and invoice in the same currency: the invoice's own rate
                               WHEN oc.currency_id = ml.currency_id AND ml.amount_currency != 0 THEN
                                   oc.price * ml.balance / ml.amount_currency
                               -- else the rates of the invoice date, as res.currency._convert takes them
                               ELSE oc.price / COALESCE((
                                   SELECT r.rate FROM res_currency_rate r
                                    WHERE r.currency_id = oc.currency_id
                                      AND (r.company_id = %(company_id)s OR r.company_id IS NULL)
                                      AND r.name <= ml.invoice_date
                                    ORDER BY r.company_id NULLS LAST, r.name DESC LIMIT 1), 1)
                                   * COALESCE((
                                   SELECT r.rate FROM res_currency_rate r
                                    WHERE r.currency_id = %(company_currency_id)s
                                      AND (r.company_id = %(company_id)s OR r.company_id IS NULL)
                                      AND r.name <= ml.invoice_date
                                    ORDER BY r.company_id NULLS LAST, r.name DESC LIMIT 1), 1)
                           END
                       ) AS cost,
                       oc.invoice_line_id IS NOT NULL AS from_order
                  FROM product_lines ml
                  LEFT JOIN order_cost oc ON oc.invoice_line_id = ml.id
                  LEFT JOIN product_product pp ON pp.id = ml.product_id
                  LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  LEFT JOIN uom_uom line_uom ON line_uom.id = ml.product_uom_id
                  LEFT JOIN uom_uom product_uom ON product_uom.id = pt.uom_id
            ),
            sales AS (
                SELECT partner_id, SUM(sales) AS sales, SUM(cost) AS cost,
                       BOOL_OR(from_order) AS any_order, BOOL_AND(from_order) AS all_order
                  FROM lines
                 GROUP BY partner_id
            ),
            -- payment status: receivable lines of the year's invoices, paid part late until its last payment,
            -- unpaid part late until today
            receivables AS (
                SELECT m.partner_id, ml.balance AS amount, ml.amount_residual AS residual, ml.date_maturity,
                       (SELECT MAX(apr.max_date) FROM account_partial_reconcile apr
                         WHERE apr.debit_move_id = ml.id) AS paid_on
                  FROM account_move_line ml
                  JOIN moves m ON m.id = ml.move_id
                  JOIN account_account aa ON aa.id = ml.account_id
                 WHERE m.move_type = 'out_invoice' AND aa.account_type = 'asset_receivable' AND ml.balance > 0
            ),
            payments AS (
                SELECT partner_id,
                       SUM((amount - residual) * GREATEST(COALESCE(paid_on, date_maturity) - date_maturity, 0)
                           + residual * GREATEST(%(today)s::date - date_maturity, 0)) / NULLIF(SUM(amount), 0)
                           AS late_days,
                       SUM(CASE WHEN (amount > residual AND paid_on > date_maturity)
                                  OR (residual > 0 AND date_maturity < %(today)s::date)
                                THEN amount ELSE 0 END) AS overdue
                  FROM receivables
                 GROUP BY partner_id
            ),
            -- the invoices and credit notes counted, from the moves (a distinct count of the lines' moves would
            -- sort every line of the year)
            invoice_counts AS (
                SELECT partner_id, COUNT(*) AS invoice_count FROM moves GROUP BY partner_id
            ),
            cooperation AS (
                SELECT DISTINCT ON (c.partner_id) c.partner_id, c.id, c.rate
                  FROM crm_customer_cooperation c
                 WHERE c.company_id = %(company_id)s AND c.year = %(year)s AND c.state = 'approved'
                 ORDER BY c.partner_id, c.decided_on DESC NULLS LAST, c.id DESC
            ),
            figures AS MATERIALIZED (
                SELECT c.partner_id,
                       COALESCE(sa.sales, 0) AS sales,
                       COALESCE(sa.cost, 0) AS cost,
                       CASE WHEN COALESCE(sa.sales, 0) = 0 THEN 0 ELSE (sa.sales - sa.cost) / sa.sales END AS margin,
                       CASE WHEN sa.all_order THEN 'order' WHEN sa.any_order THEN 'mixed'
                            WHEN sa.partner_id IS NOT NULL THEN 'product' ELSE 'none' END AS cost_source,
                       COALESCE(ic.invoice_count, 0) AS invoice_count,
                       COALESCE(pa.late_days, 0) AS late_days,
                       COALESCE(pa.overdue, 0) AS overdue,
                       GREATEST(1 - COALESCE(pa.late_days, 0) / %(zero_days)s, %(floor)s) AS payment_rule,
                       co.id AS cooperation_id,
                       COALESCE(co.rate, %(default_cooperation)s) AS cooperation
                  FROM customers c
                  LEFT JOIN sales sa ON sa.partner_id = c.partner_id
                  LEFT JOIN invoice_counts ic ON ic.partner_id = c.partner_id
                  LEFT JOIN payments pa ON pa.partner_id = c.partner_id
                  LEFT JOIN cooperation co ON co.partner_id = c.partner_id
            )
            """,
            customers=customers,
            partner_filter=SQL("AND %s", partner_filter) if partner_filter else SQL(),
            company_id=company.id,
            company_currency_id=company.currency_id.id,
            company_key=str(company.id),
            year=year,
            date_from=date_from,
            date_to=date_to,
            today=fields.Date.context_today(self),
            zero_days=company.ranking_payment_zero_days or 1,
            floor=PAYMENT_RATE_FLOOR,
            default_cooperation=company.ranking_default_cooperation_rate,
        )

    @api.model
    def _set_figures_statement_settings(self):
        """Settings for the statement computing the figures, until the end of the transaction."""
        # the planner overestimates the statement (CTEs have no statistics) and JIT-compiles it for seconds more
        # than it runs
        self.env.cr.execute("SET LOCAL jit = off")
        # the sorts and hashes of every line of the year in memory rather than spilled to disk in batches
        self.env.cr.execute(SQL("SET LOCAL work_mem = %s", FIGURES_WORK_MEM))

    @api.model
    def _compute_rows(self, year, rows):
        """Replace the figures of the given rows, (id, partner_id) pairs of the current company and `year`, by one
        SQL statement (the cron's batches, one customer's recompute). The statement SETs each value (never adds
        to it): computing a row twice gives the same row."""
        self._set_figures_statement_settings()
        # the rows to compute, given (the statement reads the table it updates only by primary key: an UPDATE
        # that also scans its own locked rows is slow)
        pending = SQL(
            "SELECT * FROM unnest(%s::int[], %s::int[]) AS pending(id, partner_id)",
            [row[0] for row in rows],
            [row[1] for row in rows],
        )
        self.env.cr.execute(
            SQL(
                """
            WITH pending AS MATERIALIZED (%(pending)s), %(figures)s
            UPDATE crm_customer_score s
               SET %(assign)s
              FROM figures f
              JOIN pending p ON p.partner_id = f.partner_id
             WHERE s.id = p.id
            """,
                pending=pending,
                figures=self._figures(
                    year,
                    SQL("SELECT partner_id FROM pending"),
                    SQL("am.commercial_partner_id IN (SELECT partner_id FROM pending)"),
                ),
                assign=self._figures_assignment(),
            )
        )
        self.invalidate_model()

    @api.model
    def _rank_year(self, year):
        """Rank the whole year of the current company, each row written once: the figures of every customer
        invoiced in `year` are read (with the overrides of the rows they have), ranked here, then inserted or
        replaced with their place in the ranking (_finalise_values) by one upsert; the rows of customers no
        longer invoiced are deleted. Returns the number of customers ranked.

        Reading the figures and writing them with the ranking costs less than writing the figures and rewriting
        every row with its rank (tests/test_benchmark_ranking.py, 20,000 customers: the second write was 1.3 s,
        a fifth of the recompute). Two recomputations at once meet on the unique constraint."""
        company = self.env.company
        self._set_figures_statement_settings()
        self.env.cr.execute(
            SQL(
                """
            WITH %(figures)s,
            scored AS (
                SELECT f.*, s.id AS score_id,
                       %(payment)s AS payment
                  FROM figures f
                  LEFT JOIN crm_customer_score s
                         ON s.partner_id = f.partner_id AND s.company_id = %(company_id)s AND s.year = %(year)s
            )
            SELECT score_id, partner_id, %(final_score)s::float8 AS final_score,
                   LEAST(%(final_score)s, margin, payment, cooperation) < 0,
                   sales, cost, margin, cost_source, invoice_count, late_days, overdue, payment_rule, payment,
                   cooperation_id, cooperation
              FROM scored
             ORDER BY final_score DESC, sales DESC, partner_id
            """,
                figures=self._figures(year, SQL("SELECT DISTINCT partner_id FROM moves")),
                payment=self._payment_sql(SQL("f.payment_rule")),
                final_score=self._final_score_sql(SQL("sales"), SQL("margin"), SQL("cooperation"), SQL("payment")),
                company_id=company.id,
                year=year,
            )
        )
        rows = self.env.cr.fetchall()
        ranked = self._finalise_values(year, [row[:4] for row in rows]) if rows else {}
        figures = dict(
            zip(
                ("annual_sales", "cost_amount", "net_margin", "cost_source", "invoice_count", "late_days_weighted",
                 "overdue_amount", "payment_rate_rule", "payment_rate", "cooperation_id", "cooperation_rate"),
                zip(*(row[4:] for row in rows), strict=True) if rows else [()] * 11,
                strict=True,
            )
        )  # fmt: skip
        values = {
            "annual_sales": ("numeric", list(figures["annual_sales"])),
            "cost_amount": ("numeric", list(figures["cost_amount"])),
            "net_margin": ("float", list(figures["net_margin"])),
            "cost_source": ("varchar", list(figures["cost_source"])),
            "invoice_count": ("int", list(figures["invoice_count"])),
            "late_days_weighted": ("float", list(figures["late_days_weighted"])),
            "overdue_amount": ("numeric", list(figures["overdue_amount"])),
            "payment_rate_rule": ("float", list(figures["payment_rate_rule"])),
            "payment_rate": ("float", list(figures["payment_rate"])),
            "cooperation_id": ("int", list(figures["cooperation_id"])),
            "cooperation_rate": ("float", list(figures["cooperation_rate"])),
            "final_score": ("float", [row[2] for row in rows]),
            **ranked,
        }
        columns = list(values)
        self.env.cr.execute(
            SQL(
                """
            WITH upserted AS (
                INSERT INTO crm_customer_score AS s (partner_id, company_id, year, %(profile)s, needs_compute,
                    computed_on, create_uid, create_date, write_uid, write_date, %(columns)s)
                SELECT p.id, %(company_id)s, %(year)s, %(p_profile)s, FALSE, %(now)s, %(uid)s,
                       now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC', %(v_columns)s
                  FROM unnest(%(partner_ids)s, %(arrays)s) AS v(partner_id, %(columns)s)
                  JOIN res_partner p ON p.id = v.partner_id
                ON CONFLICT (partner_id, company_id, year) DO UPDATE
                   SET needs_compute = FALSE, computed_on = EXCLUDED.computed_on, write_uid = EXCLUDED.write_uid,
                       write_date = EXCLUDED.write_date, %(assign)s
                RETURNING s.id
            ),
            stale AS (
                DELETE FROM crm_customer_score s
                 WHERE s.company_id = %(company_id)s AND s.year = %(year)s AND s.id NOT IN (SELECT id FROM upserted)
                RETURNING s.id
            )
            SELECT (SELECT COUNT(*) FROM upserted) + (SELECT COUNT(*) FROM stale)
            """,
                columns=SQL(", ").join(SQL.identifier(c) for c in columns),
                v_columns=SQL(", ").join(SQL("v.%s", SQL.identifier(c)) for c in columns),
                assign=SQL(", ").join(SQL("%s = EXCLUDED.%s", SQL.identifier(c), SQL.identifier(c)) for c in columns),
                partner_ids=sql_array("int", [row[1] for row in rows]),
                arrays=SQL(", ").join(sql_array(*values[c]) for c in columns),
                company_id=company.id,
                year=year,
                uid=self.env.uid,
                now=fields.Datetime.now(),
                **self._profile_sql(),
            )
        )
        if self.env.cr.fetchone()[0] >= ANALYZE_THRESHOLD:
            # thousands of rows changed at once: fresh statistics, or the planner may join them row by row
            self.env.cr.execute("ANALYZE crm_customer_score")
        self.invalidate_model()
        self._after_ranking(year)
        return len(rows)

    @api.model
    def _figures_assignment(self):
        """SQL: the SET list writing the `figures` row `f` into the score `s`. The payment status stays the
        manual one where a sales manager overrode it."""
        f = {
            name: SQL("f.%s", SQL.identifier(name))
            for name in ("sales", "cost", "margin", "cost_source", "invoice_count", "late_days", "overdue",
                         "payment_rule", "cooperation_id", "cooperation")
        }  # fmt: skip
        payment = self._payment_sql(f["payment_rule"])
        return SQL(
            """annual_sales = %(sales)s, cost_amount = %(cost)s, net_margin = %(margin)s, cost_source = %(cost_source)s,
               invoice_count = %(invoice_count)s, late_days_weighted = %(late_days)s, overdue_amount = %(overdue)s,
               payment_rate_rule = %(payment_rule)s, payment_rate = %(payment)s,
               cooperation_id = %(cooperation_id)s, cooperation_rate = %(cooperation)s,
               final_score = %(final_score)s,
               needs_compute = FALSE, computed_on = %(now)s, write_uid = %(uid)s,
               write_date = now() at time zone 'UTC'""",
            payment=payment,
            final_score=self._final_score_sql(f["sales"], f["margin"], f["cooperation"], payment),
            now=fields.Datetime.now(),
            uid=self.env.uid,
            **f,
        )

    @api.model
    def _final_score_sql(self, sales, margin, cooperation, payment):
        """SQL: the seed's final score of the recomputations, the product _compute_final_score takes when the
        ORM writes a factor (a manual payment status)."""
        return SQL("(%s * %s * %s * %s)", sales, margin, cooperation, payment)

    @api.model
    def _payment_sql(self, payment_rule):
        """SQL: the payment status of the score `s`: the manual one where a sales manager overrode it (as
        _compute_payment_rate)."""
        return SQL("CASE WHEN s.payment_rate_override THEN s.payment_rate_manual ELSE %s END", payment_rule)

    @api.model
    def _profile_sql(self):
        """SQL parameters `profile` (the columns) and `p_profile` (their values from the partner `p`)."""
        return {
            "profile": SQL(", ").join(SQL.identifier(c) for c in PROFILE_COLUMNS),
            "p_profile": SQL(", ").join(SQL("p.%s", SQL.identifier(c)) for c in PROFILE_COLUMNS),
        }

    @api.model
    def _finalise_year(self, year):
        """Rank the customers of the current company in `year` (1 = highest final score) and write what each row
        gets from its place in the ranking (_finalise_values) in one statement for the whole year: one pass
        over tens of thousands of rows instead of one per concern (tests/test_benchmark_ranking.py)."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT id, partner_id, final_score, LEAST(final_score, net_margin, payment_rate, cooperation_rate) < 0
              FROM crm_customer_score
             WHERE company_id = %s AND year = %s
             ORDER BY final_score DESC, annual_sales DESC, partner_id
            """,
            (self.env.company.id, year),
        )
        rows = self.env.cr.fetchall()
        if not rows:
            self._after_ranking(year)
            return
        values = self._finalise_values(year, rows)
        columns = list(values)
        self.env.cr.execute(
            SQL(
                """
                UPDATE crm_customer_score s SET %(assign)s
                  FROM unnest(%(ids)s, %(arrays)s) AS v(id, %(columns)s)
                 WHERE s.id = v.id AND (%(changed)s)
                """,
                assign=SQL(", ").join(SQL("%s = v.%s", SQL.identifier(c), SQL.identifier(c)) for c in columns),
                ids=sql_array("int", [row[0] for row in rows]),
                arrays=SQL(", ").join(sql_array(*values[c]) for c in columns),
                columns=SQL(", ").join(SQL.identifier(c) for c in columns),
                changed=SQL(" OR ").join(
                    SQL("s.%s IS DISTINCT FROM v.%s", SQL.identifier(c), SQL.identifier(c)) for c in columns
                ),
            )
        )
        self.invalidate_model(columns)
        self._after_ranking(year)

    @api.model
    def _after_ranking(self, year):
        """What follows the ranking of `year` in the current company (crm_customer_score_abc.py: the other years'
        rows, the classes applied)."""

    @api.model
    def _finalise_values(self, year, rows):
        """{column: (SQL type, [value of each row])} the ranking gives `rows` of `year`.

        :param rows: [(id, partner_id, final_score, has a negative factor)], best first; id is None for a customer
            ranked for the first time in the year
        Modules add their columns (crm_customer_score_abc.py: the classes).
        """
        bottom = self.env.company.ranking_drop_bottom_count
        total = len(rows)
        return {
            "rank": ("int", list(range(1, total + 1))),
            # a negative score or factor (two negative factors multiply into a positive score), or the bottom-N
            "drop_candidate": (
                "bool",
                [bool(negative) or position > total - bottom for position, (*_row, negative) in enumerate(rows, 1)],
            ),
        }

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_recompute(self):
        """Recompute these customers' rows now (and rerank their years)."""
        self.check_access("read")
        for (company, year), scores in self.sudo().grouped(lambda s: (s.company_id, s.year)).items():
            scores.with_company(company)._recompute_partners(scores.partner_id, year)
        return True

    @api.model
    def _recompute_partners(self, partners, year):
        self._mark_year(year, partners)
        self.env.cr.execute(
            "SELECT id, partner_id FROM crm_customer_score WHERE company_id = %s AND year = %s AND needs_compute "
            "AND partner_id = ANY(%s) FOR UPDATE",
            (self.env.company.id, year, partners.commercial_partner_id.ids),
        )
        rows = self.env.cr.fetchall()
        if rows:
            self._compute_rows(year, rows)
        self._finalise_year(year)

    def _action_open_moves(self, name, domain):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action.update({"name": name, "domain": domain, "context": {"create": False}})
        return action

    def _year_move_domain(self):
        date_from, date_to = self._year_bounds(self.year)
        return [
            ("company_id", "=", self.company_id.id),
            ("commercial_partner_id", "=", self.partner_id.id),
            ("state", "=", "posted"),
            ("invoice_date", ">=", date_from),
            ("invoice_date", "<=", date_to),
        ]

    def action_open_invoices(self):
        """The invoices and credit notes counted in the annual sales."""
        return self._action_open_moves(
            _("Invoices and Credit Notes"),
            self._year_move_domain() + [("move_type", "in", ("out_invoice", "out_refund"))],
        )

    def action_open_overdue_invoices(self):
        """The year's invoices paid late or still overdue: the evidence of the payment status."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        moves = self.env["account.move"].search(self._year_move_domain() + [("move_type", "=", "out_invoice")])
        late = moves.filtered(
            lambda m: any(
                line.date_maturity
                and (
                    (line.amount_residual and line.date_maturity < today)
                    or any(p.max_date > line.date_maturity for p in line.matched_credit_ids)
                )
                for line in m.line_ids
                if line.account_type == "asset_receivable"
            )
        )
        return self._action_open_moves(_("Invoices Paid Late or Overdue"), [("id", "in", late.ids)])

    def action_open_cooperation(self):
        """The approved cooperation willingness of the year (or all requests for the customer and year)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Cooperation Willingness"),
            "res_model": "crm.customer.cooperation",
            "view_mode": "list,form",
            "domain": [
                ("partner_id", "=", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("year", "=", self.year),
            ],
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_year": self.year,
                "default_company_id": self.company_id.id,
            },
        }
