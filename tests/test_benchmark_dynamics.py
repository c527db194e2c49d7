"""Benchmark, not a timed test: the monthly sales dynamics against one raw SQL aggregate.

Customers with invoices spread over the last three years are generated in the test database (a few
invoices made by the ORM, copied by SQL for speed), then, in the same transaction:

* one raw SQL aggregate of the same monthly amounts and quantities per customer (posted customer invoices
  and credit notes, product lines, by invoice month), and
* `crm.customer.sales.month.compute_months()`: every month of every customer (gaps as zero rows), last
  year, recent average, seasonal expectation, flags, written on an empty table (the first build, once at
  installation; each month's first night recomputes every customer the same way);
* the nightly run: the customers whose invoices no longer match their months, found by comparing the
  aggregate with the rows, and recomputed: once without new invoices, once after one customer in a
  hundred had an invoice line changed.

The times and the ratios are printed (target: ≤ 3× the aggregate); the test asserts that the months add
up to the aggregate and that the nightly run recomputes exactly the changed customers. Everything is
rolled back. Small scale by default (500 customers, 12,500 invoice lines); `CRM_FT_BENCH_FULL=1` runs
the issue's scale (20,000 customers, 500,000 invoice lines).
"""

import os
import time
from datetime import date

import pytest

from tools.sql_copies import columns, select_list

FULL = os.environ.get("CRM_FT_BENCH_FULL") == "1"
CUSTOMERS = 20_000 if FULL else 500
LINES = 500_000 if FULL else 12_500
LINES_PER_INVOICE = 5
INVOICES_PER_CUSTOMER = LINES // CUSTOMERS // LINES_PER_INVOICE
HISTORY_MONTHS = 36


def generate(env):
    """CUSTOMERS companies, each with INVOICES_PER_CUSTOMER posted invoices of LINES_PER_INVOICE lines."""
    cr = env.cr
    product = env["product.product"].create({"name": "Benchmark cable", "list_price": 10.0, "taxes_id": [(5, 0, 0)]})
    template_partner = env["res.partner"].create({"name": "Benchmark Template Customer", "is_company": True})
    template_move = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": template_partner.id,
            "invoice_date": date.today(),
            "invoice_line_ids": [
                (0, 0, {"product_id": product.id, "quantity": 2 + i, "price_unit": 10.0 * (i + 1), "tax_ids": []})
                for i in range(LINES_PER_INVOICE)
            ],
        }
    )
    template_move.action_post()
    env.flush_all()

    cols = columns(cr, "res_partner")
    names = {"name": "'Benchmark Customer ' || n", "complete_name": "'Benchmark Customer ' || n"}
    cr.execute(
        f"""
        INSERT INTO res_partner ({", ".join(cols)})
        SELECT {select_list(cols, names, "p")}
          FROM res_partner p, generate_series(1, %s) n
         WHERE p.id = %s
        RETURNING id
        """,
        (CUSTOMERS, template_partner.id),
    )
    partner_ids = [row[0] for row in cr.fetchall()]
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", (partner_ids,))

    # invoice k of customer i lands in a month of the last HISTORY_MONTHS, amounts scaled by k
    move_cols = columns(cr, "account_move")
    line_cols = columns(cr, "account_move_line")
    monetary = ("debit", "credit", "balance", "amount_currency", "amount_residual", "amount_residual_currency",
                "price_subtotal", "price_total")  # fmt: skip
    invoice_date = "(date_trunc('month', CURRENT_DATE) - ((p.n * 7 + k * 5) %% {months}) * interval '1 month')::date"
    invoice_date = invoice_date.format(months=HISTORY_MONTHS)
    move_overrides = {
        "partner_id": "p.id",
        "commercial_partner_id": "p.id",
        "invoice_date": invoice_date,
        "date": invoice_date,
        "invoice_date_due": invoice_date,
        "name": "m.name || '/' || p.id || '/' || k",
        "payment_reference": "NULL",
        "amount_untaxed": "m.amount_untaxed * k",
        "amount_total": "m.amount_total * k",
        "amount_residual": "m.amount_residual * k",
        "amount_untaxed_signed": "m.amount_untaxed_signed * k",
        "amount_total_signed": "m.amount_total_signed * k",
        "amount_residual_signed": "m.amount_residual_signed * k",
        "amount_total_in_currency_signed": "m.amount_total_in_currency_signed * k",
        "amount_untaxed_in_currency_signed": "m.amount_untaxed_in_currency_signed * k",
        "amount_tax": "m.amount_tax * k",
        "amount_tax_signed": "m.amount_tax_signed * k",
    }
    move_overrides = {col: expr for col, expr in move_overrides.items() if col in move_cols}
    line_overrides = {col: f"l.{col} * new_moves.k" for col in monetary if col in line_cols}
    line_overrides.update(
        {"move_id": "new_moves.id", "partner_id": "new_moves.partner_id", "date": "new_moves.date",
         "invoice_date": "new_moves.invoice_date", "date_maturity": "new_moves.date"}
    )  # fmt: skip
    line_overrides = {col: expr for col, expr in line_overrides.items() if col in line_cols}
    cr.execute(
        f"""
        WITH partners AS (
            -- unnest, not "res_partner WHERE id = ANY(...)": the planner, without statistics of the partners
            -- just copied, compared every partner of the table with the 20,000 ids (25 minutes at full scale)
            SELECT id, n FROM unnest(%(partners)s::int[]) WITH ORDINALITY AS p(id, n)
        ), new_moves AS (
            INSERT INTO account_move ({", ".join(move_cols)})
            SELECT {select_list(move_cols, move_overrides, "m")}
              FROM account_move m, partners p, generate_series(1, %(invoices)s) k
             WHERE m.id = %(move)s
            RETURNING id, partner_id, date, invoice_date,
                      (regexp_match(name, '/(\\d+)$'))[1]::int AS k
        )
        INSERT INTO account_move_line ({", ".join(line_cols)})
        SELECT {select_list(line_cols, line_overrides, "l")}
          FROM account_move_line l, new_moves
         WHERE l.move_id = %(move)s
        """,
        {"partners": partner_ids, "invoices": INVOICES_PER_CUSTOMER, "move": template_move.id},
    )
    cr.execute("ANALYZE account_move; ANALYZE account_move_line; ANALYZE res_partner")
    env.invalidate_all()
    return partner_ids


RAW_AGGREGATE = """
    SELECT move.commercial_partner_id, date_trunc('month', move.invoice_date), SUM(-line.balance),
           SUM(line.quantity)
      FROM account_move_line line
      JOIN account_move move ON move.id = line.move_id
     WHERE move.company_id = %s AND move.state = 'posted' AND move.move_type IN ('out_invoice', 'out_refund')
       AND line.display_type = 'product'
  GROUP BY 1, 2
"""


@pytest.mark.benchmark
def test_sales_dynamics_benchmark_against_raw_aggregate(registry, capsys, bench):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env = env(user=env.ref("base.user_admin").id, context={"tz": "UTC"})
        started = time.perf_counter()
        partner_ids = generate(env)
        generated_s = time.perf_counter() - started
        company = env.company
        cr.execute(RAW_AGGREGATE, (company.id,))  # warm the cache: both runs read the same pages
        cr.fetchall()

        started = time.perf_counter()
        cr.execute(RAW_AGGREGATE, (company.id,))
        raw = cr.fetchall()
        raw_s = time.perf_counter() - started

        sales_months = env["crm.customer.sales.month"]
        started = time.perf_counter()
        written = sales_months.compute_months()
        ours_s = time.perf_counter() - started
        ours = _months_per_customer(cr, company, partner_ids)
        cr.execute("SELECT COUNT(*) FROM crm_customer_sales_month WHERE company_id = %s", (company.id,))
        customer_months = cr.fetchone()[0]

        # a night without new invoices: the nightly run compares the invoices with the months, writes nothing
        started = time.perf_counter()
        quiet = _nightly(sales_months)
        quiet_s = time.perf_counter() - started

        # a day's invoicing: one customer in a hundred has an invoice line changed; only those are recomputed
        changed = partner_ids[::100]
        cr.execute(
            """
            UPDATE account_move_line line SET balance = line.balance - 100, credit = line.credit + 100
              FROM (SELECT DISTINCT ON (move.commercial_partner_id) line.id
                      FROM account_move_line line JOIN account_move move ON move.id = line.move_id
                     WHERE move.commercial_partner_id = ANY(%s) AND line.display_type = 'product'
                  ORDER BY move.commercial_partner_id, line.id) changed
             WHERE line.id = changed.id
            """,
            (changed,),
        )
        started = time.perf_counter()
        nightly = _nightly(sales_months)
        nightly_s = time.perf_counter() - started
        after = _months_per_customer(cr, company, changed)

        cr.execute("SELECT COUNT(*) FROM account_move_line WHERE partner_id = ANY(%s) AND display_type = 'product'",
                   (partner_ids,))  # fmt: skip
        lines = cr.fetchone()[0]
        cr.rollback()

    ids = set(partner_ids)
    raw_totals = {}
    for partner_id, _month, amount, _quantity in raw:
        if partner_id in ids:
            raw_totals[partner_id] = raw_totals.get(partner_id, 0) + float(amount)
    assert lines == CUSTOMERS * INVOICES_PER_CUSTOMER * LINES_PER_INVOICE
    assert set(ours) == ids
    current = date.today().replace(day=1)
    for partner_id, (amount, months, first) in ours.items():
        assert float(amount) == pytest.approx(raw_totals[partner_id])
        # every month from the first invoice to the current one, gaps included
        assert months == (current.year - first.year) * 12 + current.month - first.month + 1
    assert quiet == []
    assert nightly == changed
    for partner_id in changed:
        assert float(after[partner_id][0]) == pytest.approx(raw_totals[partner_id] + 100)
    with capsys.disabled():
        print(
            f"\nsales dynamics benchmark ({CUSTOMERS} customers, {lines} invoice lines, "
            f"{customer_months} customer-months of {written} customers; "
            f"data generated in {generated_s:.1f} s): raw SQL monthly aggregate {raw_s:.2f} s; "
            f"first build (compute_months, every month written) {ours_s:.2f} s, ratio {ours_s / raw_s:.1f}x; "
            f"nightly run without new invoices {quiet_s:.2f} s, ratio {quiet_s / raw_s:.1f}x; "
            f"nightly run after {len(changed)} customers' invoices changed {nightly_s:.2f} s, "
            f"ratio {nightly_s / raw_s:.1f}x (target <= 3x)"
        )
    scale = f"{CUSTOMERS:,} customers, {lines:,} invoice lines"
    bench.record(f"Sales dynamics, first build ({scale}, every month written) vs one raw SQL monthly aggregate",
                 ours_s, raw_s, unit="s", max_ratio=3)  # fmt: skip
    bench.record(f"Sales dynamics, nightly run without new invoices ({scale}) vs the same aggregate",
                 quiet_s, raw_s, unit="s", max_ratio=3)  # fmt: skip
    bench.record(f"Sales dynamics, nightly run after {len(changed)} customers' invoices changed ({scale}) "
                 "vs the same aggregate", nightly_s, raw_s, unit="s", max_ratio=3)  # fmt: skip


def _nightly(sales_months):
    """What the nightly cron does for one company, without its commits: the stale customers, recomputed."""
    stale = sales_months._stale_partner_ids()
    if stale:
        sales_months.compute_months(partners=sales_months.env["res.partner"].browse(stale))
    return stale


def _months_per_customer(cr, company, partner_ids):
    cr.execute(
        """
        SELECT partner_id, SUM(amount), COUNT(*), MIN(month) FROM crm_customer_sales_month
         WHERE company_id = %s AND partner_id = ANY(%s) GROUP BY partner_id
        """,
        (company.id, partner_ids),
    )
    return {row[0]: row[1:] for row in cr.fetchall()}
