"""Benchmark, not a timed test: recomputing a year's customer ranking against one raw SQL aggregate.

N customers with M posted invoice lines (60 % from sales orders with their cost at the time of sale, 40 %
without, costed at the product's cost) are generated in the test database: a few invoices made through the
ORM, copied by SQL. Then `crm.customer.score.compute_year` (the full recompute: customers marked, figures,
rank, and whatever `_finalise_year` adds, e.g. ABC classes) is timed against one raw SQL aggregate of the
same annual sales and margins, in the same transaction, which is rolled back. The ratio is printed (target
<= 3x); the test asserts only that both found the same sales and costs.

Default: 500 customers / 12,500 lines. CRM_FT_BENCH_FULL=1: 20,000 customers / 500,000 lines.
Run `pytest -s tests/test_benchmark_ranking.py` against a database `make test` prepared.
"""

import os
import time
from datetime import date

import pytest

from tools.sql_copies import copy_rows

FULL = os.environ.get("CRM_FT_BENCH_FULL") == "1"
CUSTOMERS = 20_000 if FULL else 500
LINES = 500_000 if FULL else 12_500
INVOICES_PER_CUSTOMER = 5
TARGET_RATIO = 3


def generate(env, year):
    """The template documents through the ORM, then the customers, invoices and lines by SQL copies."""
    from odoo import Command

    cr = env.cr
    product_order, product_plain = env["product.product"].create(
        [
            {"name": "Bench cable (order)", "type": "consu", "list_price": 100.0, "standard_price": 55.0,
             "invoice_policy": "order", "taxes_id": [Command.clear()]},
            {"name": "Bench cable (no order)", "type": "consu", "list_price": 100.0, "standard_price": 70.0,
             "invoice_policy": "order", "taxes_id": [Command.clear()]},
        ]
    )  # fmt: skip
    # sales in the company currency, whatever pricelist the database gives customers by default
    pricelist = env["product.pricelist"].create(
        {"name": "Bench (company currency)", "currency_id": env.company.currency_id.id}
    )
    template = env["res.partner"].create(
        {"name": "Bench Customer", "is_company": True, "property_product_pricelist": pricelist.id}
    )
    order = env["sale.order"].create(
        {
            "partner_id": template.id,
            "order_line": [Command.create({"product_id": product_order.id, "product_uom_qty": 2, "price_unit": 100.0,
                                           "tax_id": []})],
        }
    )  # fmt: skip
    order.order_line.purchase_price = 60.0
    order.action_confirm()
    invoice = order._create_invoices()
    invoice.write(
        {
            "invoice_date": date(year, 1, 1),
            "invoice_date_due": date(year, 1, 31),
            "invoice_line_ids": [Command.create({"product_id": product_plain.id, "quantity": 3, "price_unit": 90.0,
                                                 "tax_ids": []})],
        }
    )  # fmt: skip
    invoice.action_post()
    env.flush_all()
    order_line = invoice.invoice_line_ids.filtered(lambda line: line.product_id == product_order)
    plain_line = invoice.invoice_line_ids - order_line
    receivable = invoice.line_ids.filtered(lambda line: line.account_type == "asset_receivable")

    partner_ids = copy_rows(
        cr,
        "res_partner",
        "FROM res_partner t CROSS JOIN generate_series(1, %(n)s) g WHERE t.id = %(template)s",
        {"name": "t.name || ' ' || g", "complete_name": "t.complete_name || ' ' || g"},
        {"n": CUSTOMERS, "template": template.id},
    )
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", (partner_ids,))
    # statistics of each copied table before the next copy references it: the foreign-key checks of the copied
    # rows are planned on them (a sequential scan of the 100,000 moves per line copied, without)
    cr.execute("ANALYZE res_partner")
    move_ids = copy_rows(
        cr,
        "account_move",
        """FROM account_move t
           CROSS JOIN unnest(%(partners)s::int[]) AS p(id)
           CROSS JOIN generate_series(1, %(k)s) i
          WHERE t.id = %(template)s""",
        {
            "partner_id": "p.id",
            "commercial_partner_id": "p.id",
            "name": "t.name || '/' || p.id || '/' || i",
            "invoice_date": "t.invoice_date + (i - 1) * 60",
            "date": "t.invoice_date + (i - 1) * 60",
            "invoice_date_due": "t.invoice_date_due + (i - 1) * 60",
        },
        {"partners": partner_ids, "k": INVOICES_PER_CUSTOMER, "template": invoice.id},
    )
    cr.execute("ANALYZE account_move")
    per_move = max(LINES // len(move_ids), 2)
    order_copies = max(per_move * 3 // 5, 1)
    line_source = """FROM account_move_line t
                     CROSS JOIN (SELECT am.id, am.partner_id FROM unnest(%(moves)s::int[]) AS u(id)
                                 JOIN account_move am ON am.id = u.id) m
                     CROSS JOIN generate_series(1, %(copies)s) g
                    WHERE t.id = %(template)s"""
    line_overrides = {"move_id": "m.id", "partner_id": "m.partner_id"}
    order_copy_ids = copy_rows(
        cr, "account_move_line", line_source, line_overrides,
        {"moves": move_ids, "copies": order_copies, "template": order_line.id},
    )  # fmt: skip
    cr.execute(
        "INSERT INTO sale_order_line_invoice_rel (invoice_line_id, order_line_id) SELECT unnest(%s::int[]), %s",
        (order_copy_ids, order.order_line.id),
    )
    plain_copies = copy_rows(
        cr, "account_move_line", line_source, line_overrides,
        {"moves": move_ids, "copies": per_move - order_copies, "template": plain_line.id},
    )  # fmt: skip
    copy_rows(
        cr, "account_move_line", line_source, line_overrides,
        {"moves": move_ids, "copies": 1, "template": receivable.id},
    )  # fmt: skip
    # the copied moves and lines are read by SQL in compute_year; the ORM caches nothing of them
    env.invalidate_all()
    # planner statistics as autovacuum would have them on a real database (both sides benefit)
    for table in ("res_partner", "account_move", "account_move_line", "sale_order_line_invoice_rel"):
        cr.execute(f"ANALYZE {table}")
    return partner_ids, len(order_copy_ids) + len(plain_copies)


def raw_aggregate(env, year):
    """One SQL statement: each customer's annual sales and cost of the year, as the ranking defines them."""
    env.cr.execute(
        """
        SELECT am.commercial_partner_id, SUM(-ml.balance),
               SUM(CASE WHEN am.move_type = 'out_refund' THEN -1 ELSE 1 END * ml.quantity
                   * COALESCE(oc.price, (pp.standard_price ->> am.company_id::text)::numeric, 0))
          FROM account_move_line ml
          JOIN account_move am ON am.id = ml.move_id
          LEFT JOIN (SELECT rel.invoice_line_id, AVG(sol.purchase_price) AS price
                       FROM sale_order_line_invoice_rel rel
                       JOIN sale_order_line sol ON sol.id = rel.order_line_id
                      GROUP BY rel.invoice_line_id) oc ON oc.invoice_line_id = ml.id
          LEFT JOIN product_product pp ON pp.id = ml.product_id
         WHERE am.company_id = %s AND am.state = 'posted' AND am.move_type IN ('out_invoice', 'out_refund')
           AND am.invoice_date BETWEEN %s AND %s AND ml.display_type = 'product'
         GROUP BY am.commercial_partner_id
        """,
        (env.company.id, date(year, 1, 1), date(year, 12, 31)),
    )
    return {partner: (float(sales), float(cost)) for partner, sales, cost in env.cr.fetchall()}


@pytest.mark.benchmark
def test_ranking_benchmark_against_raw_sql(registry, capsys, bench):
    from odoo import SUPERUSER_ID, api
    from odoo.tools import SQL

    from odoo.addons.crm_customer_scoring.models.crm_customer_score import FIGURES_WORK_MEM

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env = env(user=env.ref("base.user_admin").id)
        year = date.today().year - 1
        started = time.perf_counter()
        partner_ids, lines = generate(env, year)
        generated_s = time.perf_counter() - started

        # both sides with the memory the ranking's statement takes for itself (models/crm_customer_score.py)
        cr.execute(SQL("SET LOCAL work_mem = %s", FIGURES_WORK_MEM))
        raw_aggregate(env, year)  # warm the cache: both runs read the same pages
        started = time.perf_counter()
        raw = raw_aggregate(env, year)
        raw_s = time.perf_counter() - started

        started = time.perf_counter()
        env["crm.customer.score"].compute_year(year)
        env.flush_all()
        ours_s = time.perf_counter() - started

        scores = env["crm.customer.score"].search_fetch(
            [("company_id", "=", env.company.id), ("year", "=", year), ("partner_id", "in", partner_ids)],
            ["partner_id", "annual_sales", "cost_amount", "rank"],
        )
        assert len(scores) == CUSTOMERS
        for score in scores:
            sales, cost = raw[score.partner_id.id]
            assert score.annual_sales == pytest.approx(sales)
            assert score.cost_amount == pytest.approx(cost)
        assert sorted(env["crm.customer.score"].search([("year", "=", year)]).mapped("rank"))[:1] == [1]
        cr.rollback()
    with capsys.disabled():
        print(
            f"\nranking benchmark ({CUSTOMERS} customers, {lines} invoice lines, generated in {generated_s:.1f}s): "
            f"compute_year {ours_s:.2f}s, raw SQL aggregate {raw_s:.2f}s, ratio {ours_s / raw_s:.2f} (target <= 3)"
        )
    bench.record(
        f"Ranking + ABC of a year (`compute_year`, {CUSTOMERS:,} customers, {lines:,} invoice lines) "
        "vs one raw SQL aggregate",
        ours_s, raw_s, unit="s", max_ratio=TARGET_RATIO,
    )  # fmt: skip
