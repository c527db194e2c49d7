# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Where the sales dynamics are kept: one row per customer company and company, its months as arrays.

The months themselves (``crm.customer.sales.month``, models/crm_customer_sales_month.py) are a view of
these arrays, one row per customer and month. A customer's months are always computed together (each is a
window over its whole history), so they are written together: 20,000 rows for 20,000 customers, where one
row per month was 631,000 rows, each with its foreign keys and index entries, seven times the monthly
aggregate they come from (benchmark in tests/). The arithmetic is vectorised over all customers at once
(numpy) instead of three passes of window functions over every customer-month, and the rows are copied in
PostgreSQL's binary format.

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

import functools
import io
import itertools
import struct
from contextlib import contextmanager
from datetime import date

import numpy

from odoo import api, fields, models
from odoo.tools import sql

# customer invoices and credit notes count; vendor bills and receipts do not
SALES_MOVE_TYPES = ("out_invoice", "out_refund")
WORK_MEM = "128MB"
# customers computed together: a few MB per matrix even with twenty years of months
CHUNK = 5000
# flags as stored in the arrays
NO_FLAG, DROP, RISE = 0, 1, 2
# the arrays of a row, in the order of the table's columns and of the copy; (column, PostgreSQL type)
ARRAYS = [
    ("month_amounts", "float8"),
    ("month_quantities", "float8"),
    ("month_amounts_last_year", "float8"),
    ("month_recent_averages", "float8"),
    ("month_seasonal_indexes", "float8"),
    ("month_pattern_years", "int2"),
    ("month_expected_amounts", "float8"),
    ("month_deviations", "float8"),
    ("month_flags", "int2"),
]
# PostgreSQL's binary COPY: element type oids, element layout (length, big-endian value)
ELEMENT_OID = {"float8": 701, "int2": 21}
ELEMENT_DTYPE = {
    "float8": numpy.dtype([("length", ">i4"), ("value", ">f8")]),
    "int2": numpy.dtype([("length", ">i4"), ("value", ">i2")]),
}
ARRAY_HEADER = numpy.dtype(
    [("size", ">i4"), ("dimensions", ">i4"), ("has_nulls", ">i4"), ("element", ">u4"), ("length", ">i4"),
     ("lower_bound", ">i4")]
)  # fmt: skip
COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
# days from 1970-01-01 (numpy's dates) to 2000-01-01 (PostgreSQL's)
PG_EPOCH_DAYS = (date(2000, 1, 1) - date(1970, 1, 1)).days
# what a customer's row is computed from (its monthly sales, as stored): compared by the nightly run
SALES_DIGEST = (
    "md5(string_agg(month::text || ' ' || ROUND(amount::numeric, 2) || ' ' || ROUND(quantity::numeric, 6), "
    "',' ORDER BY month))"
)
DIGEST_LENGTH = 32  # an md5 in hexadecimal
# what the rows are copied into before they replace the customers' rows
COPY_TABLE = f"""
    CREATE TEMPORARY TABLE crm_customer_sales_history_copy (
        partner_id int4, first_month date, sales_digest varchar,
        {", ".join(f"{column} {element}[]" for column, element in ARRAYS)}
    ) ON COMMIT DROP
"""
# rounded as the months are shown; the comparisons and flags are made before rounding
ROUNDING = {
    "month_amounts": 2,
    "month_quantities": 6,
    "month_amounts_last_year": 2,
    "month_recent_averages": 2,
    "month_seasonal_indexes": 6,
    "month_expected_amounts": 2,
}


def month_number(day):
    return day.year * 12 + day.month - 1


class CrmCustomerSalesHistory(models.Model):
    _name = "crm.customer.sales.history"
    _description = "Customer Sales History"
    # rewritten by the recompute, never edited: no create/write user and date columns; computed_at says when
    _log_access = False

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade")
    # copied to every month of the view, for its filters, group-bys and the salesperson's record rule
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson", store=True, index=True)
    customer_class = fields.Selection(related="partner_id.customer_class", store=True)
    first_month = fields.Date(required=True, readonly=True, help="The month of the arrays' first element.")
    computed_month = fields.Date(readonly=True, help="The current month when the row was computed.")
    computed_at = fields.Datetime(readonly=True, help="Emptied when the company's policy changes: recomputed then.")
    sales_digest = fields.Char(readonly=True, help="Fingerprint of the monthly sales the row was computed from.")
    # the arrays (ARRAYS) are columns the ORM does not know: created in init(), read by the view

    _sql_constraints = [
        (
            "partner_company_unique",
            "unique(partner_id, company_id)",
            "One sales history per customer and company.",
        )
    ]

    def init(self):
        for column, element in ARRAYS:
            if not sql.column_exists(self.env.cr, self._table, column):
                sql.create_column(self.env.cr, self._table, column, f"{element}[]")

    # ------------------------------------------------------------------ the sales the months come from

    @api.model
    def _sales_query(self, some_partners):
        """The customers' monthly sales: posted customer invoices minus credit notes, product lines, by
        invoice month, in the company currency. The one definition the months are built from and compared
        with (``_stale_partner_ids``)."""
        move_partner = "AND move.commercial_partner_id = ANY(%(partners)s)" if some_partners else ""
        return f"""
            SELECT move.commercial_partner_id AS partner_id,
                   date_trunc('month', move.invoice_date)::date AS month,
                   SUM(-line.balance) AS amount,
                   -- in the product's unit of measure (Odoo's UoM conversion: / line factor × product factor);
                   -- in float8, as the months keep it: numeric arithmetic was a fifth of the aggregate
                   SUM(CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END * line.quantity::float8
                       / COALESCE(line_uom.factor, 1)::float8
                       * COALESCE(product_uom.factor, line_uom.factor, 1)::float8) AS quantity
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
    def _monthly_sales(self, company, partner_ids, current_month):
        """Per customer: its months with sales (month numbers), their amounts and quantities, in the same
        order but not sorted (sorting each array was a tenth of the aggregate; the digest sorts its own), and
        its digest."""
        self.env.cr.execute(
            f"""
            SELECT partner_id,
                   array_agg((date_part('year', month) * 12 + date_part('month', month) - 1)::int),
                   array_agg(amount::float8), array_agg(quantity::float8),
                   {SALES_DIGEST}
              FROM ({self._sales_query(partner_ids is not None)}) sales
          GROUP BY partner_id
            """,
            {"company": company.id, "partners": partner_ids, "current_month": current_month},
        )
        return self.env.cr.fetchall()

    # ------------------------------------------------------------------ recompute

    @contextmanager
    def _more_work_mem(self):
        """The aggregate's sorts in memory rather than spilled to disk: work_mem raised for the statements run
        inside, then set back (for this transaction only; a failed statement aborts the transaction anyway)."""
        cr = self.env.cr
        cr.execute("SELECT current_setting('work_mem'), set_config('work_mem', %s, true)", (WORK_MEM,))
        work_mem = cr.fetchone()[0]
        yield
        cr.execute("SELECT set_config('work_mem', %s, true)", (work_mem,))

    @api.model
    def _compute(self, company, partner_ids, current_month):
        """Rebuild the rows of ``company``'s customers (all, or ``partner_ids``), months up to
        ``current_month``; customers without sales lose their row. Returns the rows written."""
        cr = self.env.cr
        with self._more_work_mem():
            sales = self._monthly_sales(company, partner_ids, current_month)
        policy = {
            "recent": company.dynamics_recent_months,
            "min_years": max(company.dynamics_pattern_years, 1),
            "drop": company.dynamics_drop_threshold,
            "rise": company.dynamics_rise_threshold,
            "min_volume": company.dynamics_min_volume,
        }
        cr.execute(COPY_TABLE)
        current = month_number(current_month)
        buffer = io.BytesIO()
        buffer.write(COPY_HEADER)
        for start in range(0, len(sales), CHUNK):
            _encode_rows(buffer, sales[start : start + CHUNK], current, policy)
        buffer.write(struct.pack(">h", -1))
        buffer.seek(0)
        columns = ["partner_id", "first_month", "sales_digest"] + [column for column, __ in ARRAYS]
        cr.copy_expert(f"COPY crm_customer_sales_history_copy ({', '.join(columns)}) FROM STDIN WITH BINARY", buffer)
        arrays = [column for column, __ in ARRAYS]
        cr.execute(
            f"""
            INSERT INTO crm_customer_sales_history AS row (
                partner_id, company_id, user_id, customer_class, first_month, computed_month, computed_at,
                sales_digest, {", ".join(arrays)}
            )
            SELECT copy.partner_id, %(company)s, partner.user_id, partner.customer_class, copy.first_month,
                   %(current_month)s, NOW() AT TIME ZONE 'UTC', copy.sales_digest,
                   {", ".join(f"copy.{column}" for column in arrays)}
              FROM crm_customer_sales_history_copy copy
              JOIN res_partner partner ON partner.id = copy.partner_id
            ON CONFLICT (partner_id, company_id) DO UPDATE
               SET user_id = EXCLUDED.user_id, customer_class = EXCLUDED.customer_class,
                   first_month = EXCLUDED.first_month, computed_month = EXCLUDED.computed_month,
                   computed_at = EXCLUDED.computed_at, sales_digest = EXCLUDED.sales_digest,
                   {", ".join(f"{column} = EXCLUDED.{column}" for column in arrays)}
            """,
            {"company": company.id, "current_month": current_month},
        )
        written = cr.rowcount
        invoiced = [row[0] for row in sales]
        partner_filter = "" if partner_ids is None else "AND partner_id = ANY(%(partners)s)"
        cr.execute(
            f"""
            DELETE FROM crm_customer_sales_history
             WHERE company_id = %(company)s AND partner_id <> ALL(%(invoiced)s::int[]) {partner_filter}
            """,
            {"company": company.id, "invoiced": invoiced, "partners": partner_ids},
        )
        cr.execute("DROP TABLE crm_customer_sales_history_copy")
        self.invalidate_model()
        return written

    @api.model
    def _stale_partner_ids(self, company, current_month):
        """Customers of ``company`` whose row no longer tells their invoices.

        A customer's months depend only on its monthly sales, the current month and the company's policy,
        so a customer is stale when its sales' fingerprint differs from its row's (an invoice posted, changed,
        cancelled; the row deleted), when its row was computed in another month (a new month) or when the
        policy changed since (``computed_at`` emptied by the company). Customers without sales but with a row
        are stale too: recomputing them removes the row.
        """
        cr = self.env.cr
        query = f"""
            WITH digests AS (
                SELECT partner_id, {SALES_DIGEST} AS digest FROM ({self._sales_query(False)}) sales GROUP BY partner_id
            ), stored AS (
                SELECT partner_id, sales_digest, computed_month, computed_at FROM crm_customer_sales_history
                 WHERE company_id = %(company)s
            )
            SELECT COALESCE(digests.partner_id, stored.partner_id)
              FROM digests FULL JOIN stored ON stored.partner_id = digests.partner_id
             WHERE digests.digest IS DISTINCT FROM stored.sales_digest
                OR stored.computed_month IS DISTINCT FROM %(current_month)s
                OR stored.computed_at IS NULL
            """
        with self._more_work_mem():
            cr.execute(query, {"company": company.id, "current_month": current_month})
            return sorted(row[0] for row in cr.fetchall())


def _encode_rows(buffer, sales, current, policy):
    """The months of ``sales``' customers (``_monthly_sales`` rows), computed together, written to
    ``buffer`` as rows of PostgreSQL's binary COPY.

    Customers whose history has the same length have rows of the same layout: each such group is laid out
    as one numpy record array and written at once (one Python step per customer was a third of the first
    build at 20,000 customers)."""
    count = len(sales)
    partner_ids, months, month_amounts, month_quantities, digests = zip(*sales, strict=True)
    sizes = numpy.fromiter(map(len, months), dtype=numpy.int64, count=count)
    month_numbers = numpy.fromiter(itertools.chain.from_iterable(months), dtype=numpy.int64, count=sizes.sum())
    firsts = numpy.minimum.reduceat(month_numbers, numpy.cumsum(sizes) - sizes)
    start = int(firsts.min())
    width = current - start + 1
    amounts = numpy.zeros((count, width))
    quantities = numpy.zeros((count, width))
    rows = numpy.repeat(numpy.arange(count), sizes)
    columns = month_numbers - start
    amounts[rows, columns] = numpy.fromiter(itertools.chain.from_iterable(month_amounts), dtype=float)
    quantities[rows, columns] = numpy.fromiter(itertools.chain.from_iterable(month_quantities), dtype=float)
    values = _months(amounts, firsts - start, policy)
    values["month_amounts"] = amounts
    values["month_quantities"] = quantities
    for column, decimals in ROUNDING.items():
        values[column] = numpy.round(values[column], decimals)

    partner_ids = numpy.array(partner_ids, dtype=numpy.int64)
    digests = numpy.array([digest.encode() for digest in digests], dtype=f"S{DIGEST_LENGTH}")
    # the first month as a date: days since PostgreSQL's epoch
    first_days = (firsts - 1970 * 12).astype("datetime64[M]").astype("datetime64[D]").astype(numpy.int64)
    first_days -= PG_EPOCH_DAYS
    lengths = width - (firsts - start)
    for length in numpy.unique(lengths):
        group = numpy.flatnonzero(lengths == length)
        record = numpy.empty(len(group), dtype=_row_layout(int(length)))
        record["fields"] = 3 + len(ARRAYS)
        record["partner_id"]["length"] = 4
        record["partner_id"]["value"] = partner_ids[group]
        record["first_month"]["length"] = 4
        record["first_month"]["value"] = first_days[group]
        record["sales_digest_length"] = DIGEST_LENGTH
        record["sales_digest"] = digests[group]
        for column, element in ARRAYS:
            size = ELEMENT_DTYPE[element]["value"].itemsize
            # array: its length, dimensions, no nulls, element type, length, lower bound 1; then the elements
            record[f"{column}_header"] = (20 + length * (4 + size), 1, 0, ELEMENT_OID[element], length, 1)
            record[column]["length"] = size
            record[column]["value"] = values[column][group, width - length :]
        buffer.write(record.tobytes())


@functools.cache
def _row_layout(length):
    """A row of the binary COPY whose arrays have ``length`` elements: field count, then each field's length
    and value (int4, date as days since 2000-01-01, the digest, the arrays)."""
    layout = [
        ("fields", ">i2"),
        ("partner_id", [("length", ">i4"), ("value", ">i4")]),
        ("first_month", [("length", ">i4"), ("value", ">i4")]),
        ("sales_digest_length", ">i4"),
        ("sales_digest", f"S{DIGEST_LENGTH}"),
    ]
    for column, element in ARRAYS:
        layout.append((f"{column}_header", ARRAY_HEADER))
        layout.append((column, ELEMENT_DTYPE[element], (length,)))
    return numpy.dtype(layout)


def _shifted_sum(values, shifts):
    """Sum, for each column, of the columns ``shift`` places before it (after it when negative), for each of
    ``shifts``; zeros outside the matrix."""
    total = numpy.zeros_like(values)
    width = values.shape[1]
    for shift in shifts:
        if shift == 0:
            total += values
        elif 0 < shift < width:
            total[:, shift:] += values[:, :-shift]
        elif -width < shift < 0:
            total[:, :shift] += values[:, -shift:]
    return total


def _months(amounts, firsts, policy):
    """Every month of every customer (rows: customers, columns: months, the last the current one; a
    customer's history starts at its column in ``firsts``): the comparisons and flags of the module's
    docstring, as arrays of the row's columns."""
    count, width = amounts.shape
    column = numpy.arange(width)[None, :]
    # months since the customer's first: negative before it (no such month, unlike a month of 0)
    position = column - firsts[:, None]
    exists = position >= 0
    recent = policy["recent"]

    last_year = numpy.zeros_like(amounts)
    last_year[:, 12:] = amounts[:, :-12]
    # the recent months before each month: as many as exist, up to the policy's number
    recent_count = numpy.clip(numpy.minimum(position, recent), 0, None)
    recent_sum = _shifted_sum(amounts, range(1, recent + 1))
    with numpy.errstate(divide="ignore", invalid="ignore"):
        recent_average = numpy.where(recent_count > 0, recent_sum / numpy.maximum(recent_count, 1), 0.0)

    # the level of a month: the 12 months around it (6 before, 5 after), known only when all 12 exist
    known = (position >= 6) & (column + 5 <= width - 1)
    level = numpy.where(known, _shifted_sum(amounts, range(-5, 7)) / 12, 0.0)

    # the same calendar month of the past years whose level is known
    pattern_years = numpy.zeros((count, width), dtype=numpy.int64)
    season_amount = numpy.zeros_like(amounts)
    season_level = numpy.zeros_like(amounts)
    for shift in range(12, width, 12):
        past_known = known[:, :-shift]
        pattern_years[:, shift:] += past_known
        season_amount[:, shift:] += numpy.where(past_known, amounts[:, :-shift], 0.0)
        season_level[:, shift:] += level[:, :-shift]
    seasonal = (pattern_years >= policy["min_years"]) & (season_level > 0)
    with numpy.errstate(divide="ignore", invalid="ignore"):
        seasonal_index = numpy.where(seasonal, season_amount / numpy.where(seasonal, season_level, 1), 1.0)

        # the recent level divided by the recent months' indexes; the past years' level when they tell nothing
        recent_indexes = _shifted_sum(numpy.where(exists, seasonal_index, 0.0), range(1, recent + 1))
        by_season = (recent_count > 0) & (recent_indexes > 0)
        expected = numpy.where(
            by_season,
            seasonal_index * recent_sum / numpy.where(by_season, recent_indexes, 1),
            numpy.where(seasonal, season_amount / numpy.maximum(pattern_years, 1), recent_average),
        )
        deviation = numpy.where(expected > 0, (amounts - expected) / numpy.where(expected > 0, expected, 1), numpy.nan)
    # the current month is not over: shown, not flagged
    judged = (expected > 0) & (numpy.maximum(expected, recent_average) >= policy["min_volume"]) & (column < width - 1)
    flags = numpy.full((count, width), NO_FLAG, dtype=numpy.int16)
    flags[judged & (amounts < expected * (1 - policy["drop"]))] = DROP
    flags[judged & (flags == NO_FLAG) & (amounts > expected * (1 + policy["rise"]))] = RISE
    return {
        "month_amounts_last_year": last_year,
        "month_recent_averages": recent_average,
        "month_seasonal_indexes": seasonal_index,
        "month_pattern_years": pattern_years,
        "month_expected_amounts": expected,
        "month_deviations": deviation,
        "month_flags": flags,
    }
