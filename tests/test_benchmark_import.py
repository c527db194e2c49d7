"""Benchmark, not a timed test: the legacy import against Odoo's own base_import.

Both import the same 10,000-row CSV into the test database, each in a
transaction that is rolled back. The rows per second of each and their ratio
are printed (run `make test` and look for "import benchmark", or
`pytest -s tests/test_benchmark_import.py` against a database `make test`
prepared); the test asserts only that both imported every row.
"""

import base64
import csv
import io
import time

import pytest

ROWS = 10_000
# the legacy import checks and deduplicates every row, yet should take no longer than Odoo's own importer
TARGET_RATIO = 1.0
COUNTRIES = ["Germany", "Japan", "United States", "Netherlands", "France", "Italy", "Spain", "Brazil"]


def legacy_file():
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Customer Name", "Email", "Phone", "City", "Country"])
    for i in range(ROWS):
        writer.writerow(
            [f"Benchmark Importer {i:05d} Ltd", f"buyer{i}@importer{i}.example.com", f"+49 911 {i:07d}",
             f"City {i % 97}", COUNTRIES[i % len(COUNTRIES)]]
        )  # fmt: skip
    return out.getvalue().encode("utf-8")


def timed(registry, run):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        admin = env.ref("base.user_admin")
        env = env(user=admin.id)
        started = time.perf_counter()
        created = run(env)
        env.flush_all()
        elapsed = time.perf_counter() - started
        cr.rollback()
    return created, elapsed


def run_ours(env, content):
    wizard = env["crm.customer.import"].create({"file": base64.b64encode(content), "filename": "legacy.csv"})
    wizard.action_read_columns()
    wizard.action_import()
    return wizard.create_count


def run_base_import(env, content):
    record = env["base_import.import"].create(
        {"res_model": "res.partner", "file": content, "file_name": "legacy.csv", "file_type": "text/csv"}
    )
    options = {"has_headers": True, "quoting": '"', "separator": ",", "encoding": "utf-8", "limit": ROWS + 1}
    result = record.execute_import(
        ["name", "email", "phone", "city", "country_id"],
        ["Customer Name", "Email", "Phone", "City", "Country"],
        options,
    )
    messages = [m for m in result.get("messages", []) if m.get("type") == "error"]
    assert not messages, messages[:3]
    return len(result["ids"])


@pytest.mark.benchmark
def test_import_benchmark_against_base_import(registry, capsys, bench):
    content = legacy_file()
    ours, ours_s = timed(registry, lambda env: run_ours(env, content))
    base, base_s = timed(registry, lambda env: run_base_import(env, content))
    assert ours == ROWS
    assert base == ROWS
    ours_rate, base_rate = ROWS / ours_s, ROWS / base_s
    with capsys.disabled():
        print(
            f"\nimport benchmark ({ROWS} rows): legacy import {ours_rate:.0f} rows/s, "
            f"Odoo base_import {base_rate:.0f} rows/s, ratio {ours_rate / base_rate:.2f}"
        )
    bench.record(
        f"Legacy customer import of {ROWS:,} CSV rows vs Odoo's base_import", ours_s, base_s, unit="s",
        max_ratio=TARGET_RATIO,
    )  # fmt: skip
