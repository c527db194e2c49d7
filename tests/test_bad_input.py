"""Bad input: every entry point a user or an RPC client reaches, fed what it must refuse.

Each case sends one bad input to a real entry point (the legacy customer import, a
wizard's button, a Settings save, a record's write) the way one web request does:
inside a savepoint that is rolled back when the call fails, with the database's
integrity errors turned into a `ValidationError` as `odoo.service.model.retrying`
does for every RPC. The case then asserts

* the error a user sees: a `UserError` / `ValidationError` (an `AccessError` for
  someone else's business), never a traceback, and its English text; a handful
  of cases also read it in Chinese, as a user whose language is zh_CN gets it;
* the database unchanged: row counts of the tables the entry point writes (and of
  mail_message) and the touched records' rows, read with SQL before and after; for
  a guard's refusal (a `UserError` that is no `ValidationError`) also at the moment
  it raises, before the rollback: a guard checks before it writes, so that a caller
  catching the error (a cron, a batch) commits nothing half done.

Concurrent edits: only the pool claim promises something (a clear error while a
colleague's claim holds the customer); other records follow Odoo's request retry on
serialization failures (last write wins), which tests/test_credit_race.py exercises.

The figures (cases per entry point) are printed at the end ("bad input"); run
`pytest -s tests/test_bad_input.py` against a database `make test` prepared.
"""

import base64
import csv
import io
import json
import os
import re
from collections import Counter
from datetime import date, datetime

import pytest

CASES = Counter()
ZH = Counter()
TEN_MB = 10 * 1024 * 1024


# ----------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------
def as_request(env, call, at_error=None):
    """Run `call` as one RPC request does: rolled back on error, integrity errors made readable.

    `at_error`: called when `call` raises a `UserError` that is no `ValidationError` (a guard of the
    entry point, not a constraint), before the rollback: what the transaction holds at that moment.
    """
    from psycopg2 import IntegrityError

    from odoo.exceptions import UserError, ValidationError
    from odoo.service.model import _as_validation_error

    try:
        with env.cr.savepoint():
            try:
                result = call()
            except UserError as exc:
                if at_error and not isinstance(exc, ValidationError):
                    at_error()
                raise
            env.flush_all()
    except IntegrityError as exc:
        raise _as_validation_error(env, exc) from exc
    return result


def unchanged_at_the_error(env, tables, records, before):
    """A guard refuses before it writes: nothing of the call is in the transaction when it raises.

    (A request's rollback would drop it, but a caller that catches the error, a cron or a batch, would
    commit it.) Constraints are checked after the write by design and are not held to this.
    """
    from psycopg2 import Error

    try:
        with env.cr.savepoint(flush=False):
            now = snapshot(env, tables, records)
    except Error:
        return  # the error left the transaction aborted (a lock refused): nothing of it can be committed
    assert now == before, "the entry point wrote before refusing: half written for a caller that catches the error"


def snapshot(env, tables, records=()):
    """Row counts of `tables` and the full rows of `records` [(table, id)], read with SQL."""
    env.cr.flush()  # the ORM's pending writes and the precommit hooks (tracking messages)
    counts = {}
    for table in tables:
        env.cr.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = env.cr.fetchone()[0]
    rows = {}
    for table, rec_id in records:
        env.cr.execute(f'SELECT row_to_json(t)::text FROM "{table}" t WHERE id = %s', [rec_id])
        row = env.cr.fetchone()
        rows[(table, rec_id)] = row and json.loads(row[0])
    return counts, rows


def refuse(env, entry, call, error, text, tables=(), records=(), zh=None):
    """`call` must fail with `error` whose message contains `text` (a regex), changing nothing.

    `zh`: (environment in Chinese, Chinese text) to replay the call in Chinese.
    Returns the message.
    """
    from odoo.exceptions import UserError

    assert issubclass(error, UserError) or error.__name__ == "AccessError"
    tables = tuple(tables) + ("mail_message",)
    before = snapshot(env, tables, records)
    at_error = lambda: unchanged_at_the_error(env, tables, records, before)
    with pytest.raises(error) as info:
        as_request(env, call, at_error)
    message = str(info.value.args[0])
    assert re.search(text, message), f"{message!r} does not say {text!r}"
    assert snapshot(env, tables, records) == before, "the refused call changed the database"
    CASES[entry] += 1
    if zh:
        zh_call, zh_text = zh
        with pytest.raises(error) as info:
            as_request(env, zh_call, at_error)
        message = str(info.value.args[0])
        assert re.search(zh_text, message), f"{message!r} is not the Chinese {zh_text!r}"
        assert snapshot(env, tables, records) == before
        ZH[entry] += 1
    return message


def user_env(env, xmlid, lang="en_US"):
    """The user's environment in `lang` (the demo's users read Chinese or English)."""
    return env(user=env.ref(xmlid).id, context=dict(env.context, lang=lang))


def zh(env):
    return env(context=dict(env.context, lang="zh_CN"))


# ----------------------------------------------------------------------
# The legacy customer import (crm_foreign_trade/wizard/customer_import.py)
# ----------------------------------------------------------------------
IMPORT = "legacy customer import"
IMPORT_TABLES = ("res_partner", "crm_customer_pool_move")
HEADER = ["Customer Name", "Email", "Phone", "Country", "Customer Class"]


def csv_bytes(rows, encoding="utf-8"):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(sheets, merges=(), formulas=None):
    """An Excel workbook: {sheet title: rows}; `merges` ranges merged on the first sheet."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    first = book.worksheets[0]
    for cell_range in merges:
        first.merge_cells(cell_range)
    for cell, formula in (formulas or {}).items():
        first[cell] = formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def wizard(env, content, filename="legacy.csv"):
    return env["crm.customer.import"].create({"file": base64.b64encode(content), "filename": filename})


def rows(prefix, count=2, overrides=None):
    """Valid customer rows under HEADER, unknown to the database."""
    out = []
    for i in range(count):
        row = [
            f"{prefix} Trading {i} Ltd",
            f"buyer{i}@{prefix.lower()}-{i}.example.com",
            f"+49 911 55{i:05d}",
            "Germany",
            "B",
        ]
        out.append(row)
    for (i, col), value in (overrides or {}).items():
        out[i][col] = value
    return out


def import_rows(env, content, filename="legacy.csv"):
    """Read the columns, then import: the two buttons a user presses."""
    wiz = wizard(env, content, filename)

    def call():
        wiz.action_read_columns()
        return wiz.action_import()

    return wiz, call


def preview_reasons(env, content, filename="legacy.csv"):
    """The reason of each row of the dry run (it writes nothing)."""
    wiz = wizard(env, content, filename)
    wiz.action_read_columns()
    wiz.action_preview()
    return base64.b64decode(wiz.result_file).decode("utf-8-sig")


def test_import_wrong_file_type(env):
    for lang_env, text in (
        (env, r"Import an Excel file \(\.xlsx or \.xls\) or a CSV file"),
        (zh(env), "请导入Excel文件"),
    ):
        wiz = wizard(lang_env, b"%PDF-1.4 not a list", "customers.pdf")
        refuse(lang_env, IMPORT, wiz.action_read_columns, _user_error(), text, IMPORT_TABLES)


def _user_error():
    from odoo.exceptions import UserError

    return UserError


def _validation_error():
    from odoo.exceptions import ValidationError

    return ValidationError


def test_import_utf16_csv_is_refused_in_the_users_language(env):
    content = csv_bytes([HEADER] + rows("Utf16"), encoding="utf-16")
    wiz, wiz_zh = wizard(env, content), wizard(zh(env), content)
    refuse(
        env,
        IMPORT,
        wiz.action_read_columns,
        _user_error(),
        r"Save the CSV file as UTF-8 or GBK",
        IMPORT_TABLES,
        zh=(wiz_zh.action_read_columns, "请将CSV文件保存为UTF-8或GBK编码"),
    )


def test_import_western_csv_is_not_read_as_gbk(env):
    """A Windows-1252 list of German customers decodes as GB18030 without error, into nonsense (M黮ler)."""
    data = [
        HEADER,
        ["Müller Maschinenbau GmbH", "einkauf@mueller.example.de", "+49 89 1234567", "Deutschland", "A"],
        ["Bäckerei Großmann Münchner", "info@baeckerei.example.de", "+49 89 7654321", "Deutschland", "B"],
    ]
    content = csv_bytes(data, encoding="cp1252")
    content.decode("gb18030")  # no error: the reason for the check
    wiz = wizard(env, content)
    refuse(
        env,
        IMPORT,
        wiz.action_read_columns,
        _user_error(),
        r"neither UTF-8 nor GBK \(a Western encoding\?\)",
        IMPORT_TABLES,
    )


def test_import_gbk_csv_is_read(env):
    """Not bad input: the GBK files Chinese Excel saves are read (control for the encoding cases)."""
    content = csv_bytes([["客户名称", "国家"], ["宁波甬江贸易有限公司", "德国"]], encoding="gbk")
    wiz = wizard(env, content)
    wiz.action_read_columns()
    wiz.action_preview()
    assert (wiz.create_count, wiz.error_count) == (1, 0)


def test_import_xlsx_that_is_not_a_workbook(env):
    wiz = wizard(env, b"PK\x03\x04 this zip was cut short", "customers.xlsx")
    refuse(env, IMPORT, wiz.action_read_columns, _user_error(), r"The file cannot be read", IMPORT_TABLES)


def test_import_xls_that_is_not_a_workbook(env):
    wiz = wizard(env, csv_bytes([HEADER] + rows("Renamed")), "customers.xls")
    refuse(env, IMPORT, wiz.action_read_columns, _user_error(), r"The file cannot be read", IMPORT_TABLES)


def test_import_empty_file_and_header_only(env):
    for content in (b"", csv_bytes([HEADER]), csv_bytes([HEADER, ["", "", "", "", ""]])):
        wiz = wizard(env, content) if content else wizard(env, b"\n\n")
        refuse(
            env,
            IMPORT,
            wiz.action_read_columns,
            _user_error(),
            r"The file has no customer rows under its header",
            IMPORT_TABLES,
        )


def test_import_without_a_name_column(env):
    _wiz, call = import_rows(env, csv_bytes([["Email", "Phone"], ["a@b.example.com", "+49 911 1234567"]]))
    refuse(env, IMPORT, call, _user_error(), r"Map one column to the customer name", IMPORT_TABLES)


def test_import_two_columns_mapped_to_one_field(env):
    wiz = wizard(env, csv_bytes([HEADER] + rows("Twice")))
    wiz.action_read_columns()
    wiz.column_ids.filtered(lambda c: c.header == "Phone").target = "email"
    refuse(env, IMPORT, wiz.action_import, _user_error(), r"Two columns are mapped to Email", IMPORT_TABLES)


def test_import_unknown_country_and_class(env):
    data = rows("Unknown", 3, {(0, 3): "Atlantis", (1, 4): "D", (2, 4): "VIP"})
    content = csv_bytes([HEADER] + data)
    result = preview_reasons(env, content)
    assert "unknown country Atlantis" in result
    assert "the class must be A, B or C, not D" in result
    assert "the class must be A, B or C, not VIP" in result
    _wiz, call = import_rows(env, content)
    refuse(env, IMPORT, call, _user_error(), r"^3 row\(s\) have errors: nothing was imported", IMPORT_TABLES)
    # the reason in the importer's language
    assert "未知国家 Atlantis" in preview_reasons(zh(env), content)
    ZH[IMPORT] += 1


def test_import_one_bad_row_imports_nothing(env):
    """99 good rows and one bad e-mail: the whole file or nothing."""
    data = rows("Atomic", 100, {(57, 1): "not-an-address"})
    _wiz, call = import_rows(env, csv_bytes([HEADER] + data))
    refuse(env, IMPORT, call, _user_error(), r"^1 row\(s\) have errors", IMPORT_TABLES)
    _wiz, call_zh = import_rows(zh(env), csv_bytes([HEADER] + data))
    refuse(env, IMPORT, call_zh, _user_error(), r"^1 行有错误：未导入任何数据", IMPORT_TABLES)


def test_import_short_phone_numbers(env):
    content = csv_bytes([HEADER] + rows("Short", 2, {(1, 2): "12-34"}))
    assert "12-34 is not a phone number" in preview_reasons(env, content)
    _wiz, call = import_rows(env, content)
    refuse(env, IMPORT, call, _user_error(), r"^1 row\(s\) have errors", IMPORT_TABLES)


def test_import_merged_cells(env):
    """A name merged over two rows (a habit of hand-kept lists) leaves the second row nameless."""
    content = xlsx_bytes({"Customers": [HEADER] + rows("Merged", 3)}, merges=["A3:A4"])
    assert "the customer name is missing" in preview_reasons(env, content, "merged.xlsx")
    _wiz, call = import_rows(env, content, "merged.xlsx")
    refuse(env, IMPORT, call, _user_error(), r"^1 row\(s\) have errors", IMPORT_TABLES)


def test_import_formulas_without_values(env):
    """Formulas saved by a program that did not compute them have no value to import."""
    content = xlsx_bytes({"Customers": [HEADER] + rows("Formula", 2)}, formulas={"A3": '=CONCAT("Formula", " GmbH")'})
    assert "the customer name is missing" in preview_reasons(env, content, "formula.xlsx")
    _wiz, call = import_rows(env, content, "formula.xlsx")
    refuse(env, IMPORT, call, _user_error(), r"^1 row\(s\) have errors", IMPORT_TABLES)


def test_import_date_in_a_phone_column(env):
    """Excel turns a number typed like 2024-3-5 into a date: it is no phone number."""
    data = rows("Dated", 2)
    data[1][2] = datetime(2024, 3, 5)
    content = xlsx_bytes({"Customers": [HEADER] + data})
    assert "2024-03-05 is a date, not a phone number" in preview_reasons(env, content, "dated.xlsx")
    _wiz, call = import_rows(env, content, "dated.xlsx")
    refuse(env, IMPORT, call, _user_error(), r"^1 row\(s\) have errors", IMPORT_TABLES)


def test_import_date_as_text_in_a_phone_column(env):
    content = csv_bytes([HEADER] + rows("Textdate", 2, {(0, 2): "2024/03/05"}))
    assert "2024/03/05 is a date, not a phone number" in preview_reasons(env, content)
    _wiz, call = import_rows(env, content)
    refuse(env, IMPORT, call, _user_error(), r"^1 row\(s\) have errors", IMPORT_TABLES)


def test_import_ten_megabytes_of_binary(env):
    content = os.urandom(TEN_MB)
    wiz = wizard(env, content, "big.csv")
    refuse(env, IMPORT, wiz.action_read_columns, _user_error(), r"Save the CSV file as UTF-8 or GBK", IMPORT_TABLES)
    wiz = wizard(env, content, "big.xlsx")
    refuse(env, IMPORT, wiz.action_read_columns, _user_error(), r"The file cannot be read", IMPORT_TABLES)


def test_import_ten_megabyte_cell(env):
    content = csv_bytes([HEADER, ["X" * TEN_MB, "a@b.example.com", "+49 911 1234567", "Germany", "A"]])
    wiz = wizard(env, content)
    refuse(env, IMPORT, wiz.action_read_columns, _user_error(), r"The file cannot be read", IMPORT_TABLES)


def test_import_duplicate_rows_within_the_file(env):
    """Not refused: the same customer twice in the file is created once, the second row says why."""
    data = rows("Twin", 2)
    data.append(list(data[0]))  # the same row again
    data.append([data[1][0].upper(), "", "", "Germany", "B"])  # the same name, written otherwise
    counts_before, _rows = snapshot(env, ["res_partner"])
    wiz, call = import_rows(env, csv_bytes([HEADER] + data))
    as_request(env, call)
    counts_after, _rows = snapshot(env, ["res_partner"])
    assert counts_after["res_partner"] - counts_before["res_partner"] == 2
    assert (wiz.create_count, wiz.skip_count) == (2, 2)
    result = base64.b64decode(wiz.result_file).decode("utf-8-sig")
    assert "same customer as row 2" in result and "same customer as row 3" in result
    CASES[IMPORT] += 1


def test_import_workbook_with_several_sheets(env):
    """Customers on a second sheet would be silently left out: the import asks for one sheet."""
    content = xlsx_bytes({"2023": [HEADER] + rows("SheetOne"), "2024": [HEADER] + rows("SheetTwo")})
    wiz = wizard(env, content, "by-year.xlsx")
    refuse(
        env, IMPORT, wiz.action_read_columns, _user_error(), r"several sheets with data \(2023, 2024\)", IMPORT_TABLES
    )
    # the old .xls format too
    import xlwt

    book = xlwt.Workbook()
    for title, data in (("2023", [HEADER] + rows("XlsOne")), ("2024", [HEADER] + rows("XlsTwo"))):
        sheet = book.add_sheet(title)
        for r, row in enumerate(data):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    wiz = wizard(env, out.getvalue(), "by-year.xls")
    refuse(
        env, IMPORT, wiz.action_read_columns, _user_error(), r"several sheets with data \(2023, 2024\)", IMPORT_TABLES
    )
    # an empty second sheet (Excel's Sheet2) is no problem
    content = xlsx_bytes({"Customers": [HEADER] + rows("SheetThree"), "Sheet2": []})
    wiz = wizard(env, content, "one.xlsx")
    wiz.action_read_columns()
    wiz.action_preview()
    assert wiz.create_count == 2


# ----------------------------------------------------------------------
# Wizards
# ----------------------------------------------------------------------
CLASS_CHANGE = "customer class change wizard"
TERM_EXCEPTION = "payment term exception wizard"
CREDIT_APPROVAL = "credit approval wizard"
LOST = "lost opportunity wizard"
RECOMPUTE = "ranking recompute (wizard and RPC)"
FUNNEL = "funnel (wizard and RPC)"
SHARE = "competitor share wizard"


def customer(env):
    return env.ref("base.res_partner_12")


def test_class_change_without_reason(env):
    partner = customer(env)
    call = lambda: env["crm.customer.class.change"].create(
        {"customer_class": "a", "partner_ids": [(6, 0, partner.ids)]}
    )
    refuse(
        env,
        CLASS_CHANGE,
        call,
        _validation_error(),
        r"mandatory field is not set[\s\S]*Field: Reason",
        ["crm_customer_class_change"],
        [("res_partner", partner.id)],
    )


def test_class_change_on_a_customer_that_does_not_exist(env):
    call = lambda: (
        env["crm.customer.class.change"]
        .create({"customer_class": "a", "reason": "grew", "partner_ids": [(6, 0, [987654321])]})
        .action_apply()
    )
    refuse(
        env,
        CLASS_CHANGE,
        call,
        _validation_error(),
        r"The operation cannot be completed",
        ["crm_customer_class_change"],
    )


def test_class_change_of_a_colleagues_customer_with_the_pool_on(env):
    from odoo.exceptions import AccessError

    env.company.pool_enabled = True
    colleague = env.ref("crm_foreign_trade.user_salesperson_2")
    partner = env["res.partner"].create(
        {"name": "Not Yours Trading Ltd", "is_company": True, "customer_rank": 1, "user_id": colleague.id}
    )
    sales = user_env(env, "crm_foreign_trade.user_salesperson")
    call = lambda: (
        sales["crm.customer.class.change"]
        .create({"customer_class": "a", "reason": "mine now", "partner_ids": [(6, 0, partner.ids)]})
        .action_apply()
    )
    refuse(
        env,
        CLASS_CHANGE,
        call,
        AccessError,
        r"not allowed to",
        ["crm_customer_class_change"],
        [("res_partner", partner.id)],
    )


def test_term_exception_by_a_salesperson(env):
    partner = customer(env)
    for lang, text in (("en_US", r"Only a general manager grants payment term exceptions"), ("zh_CN", "只有总经理")):
        sales = user_env(env, "crm_foreign_trade.user_salesperson", lang)
        wiz = (
            sales["res.partner.term.exception.wizard"]
            .sudo()
            .create({"partner_id": partner.id, "days": 90, "reason": "big order"})
        )
        from odoo.exceptions import AccessError

        refuse(
            env,
            TERM_EXCEPTION,
            wiz.with_env(sales).action_apply,
            AccessError,
            text,
            records=[("res_partner", partner.id)],
        )


def test_term_exception_negative_days(env):
    partner = customer(env)
    gm = user_env(env, "crm_foreign_trade.user_general_manager")
    wiz = gm["res.partner.term.exception.wizard"].create({"partner_id": partner.id, "days": -30, "reason": "x"})
    wiz_zh = wiz.with_context(lang="zh_CN")
    refuse(
        env,
        TERM_EXCEPTION,
        wiz.action_apply,
        _user_error(),
        r"Payment days cannot be negative",
        records=[("res_partner", partner.id)],
        zh=(wiz_zh.action_apply, "付款天数不能为负数"),
    )


def test_term_exception_shorter_than_its_payment_term(env):
    partner = customer(env)
    term = env["account.payment.term"].search([("credit_days", ">", 30)], limit=1)
    assert term, "the demo has payment terms longer than 30 days"
    gm = user_env(env, "crm_foreign_trade.user_general_manager")
    wiz = gm["res.partner.term.exception.wizard"].create(
        {"partner_id": partner.id, "days": 30, "reason": "x", "payment_term_id": term.id}
    )
    refuse(
        env,
        TERM_EXCEPTION,
        wiz.action_apply,
        _user_error(),
        r"more than the 30 days of the exception",
        records=[("res_partner", partner.id)],
    )


def draft_order(env):
    return env["sale.order"].search([("state", "=", "draft"), ("amount_total", ">", 0)], limit=1)


def test_credit_approval_by_a_salesperson(env):
    from odoo.exceptions import AccessError

    order = draft_order(env)
    sales = user_env(env, "crm_foreign_trade.user_salesperson")
    wiz = env["sale.credit.approval.wizard"].create({"order_id": order.id, "reason": "trust me"})
    for method in ("action_approve", "action_refuse"):
        refuse(
            env,
            CREDIT_APPROVAL,
            getattr(wiz.with_env(sales), method),
            AccessError,
            r"Only a general manager decides on credit",
            ["sale_order"],
            [("sale_order", order.id)],
        )


@pytest.mark.parametrize("amount", [0.0, -500.0])
def test_credit_approval_of_nothing_or_less(env, amount):
    order = draft_order(env)
    gm = user_env(env, "crm_foreign_trade.user_general_manager")
    wiz = gm["sale.credit.approval.wizard"].create({"order_id": order.id, "reason": "ok", "approved_amount": amount})
    refuse(
        env,
        CREDIT_APPROVAL,
        wiz.action_approve,
        _user_error(),
        r"Approve a positive amount, or refuse the credit",
        ["sale_order"],
        [("sale_order", order.id)],
        zh=(wiz.with_context(lang="zh_CN").action_approve, "请批准一个正数金额"),
    )


def test_credit_approval_above_the_order(env):
    order = draft_order(env)
    gm = user_env(env, "crm_foreign_trade.user_general_manager")
    wiz = gm["sale.credit.approval.wizard"].create(
        {"order_id": order.id, "reason": "ok", "approved_amount": order.amount_total * 1000}
    )
    refuse(
        env,
        CREDIT_APPROVAL,
        wiz.action_approve,
        _user_error(),
        r"cannot exceed the order's total",
        ["sale_order"],
        [("sale_order", order.id)],
    )


def test_credit_approval_without_reason(env):
    order = draft_order(env)
    gm = user_env(env, "crm_foreign_trade.user_general_manager")
    call = lambda: gm["sale.credit.approval.wizard"].create({"order_id": order.id}).action_approve()
    refuse(
        env,
        CREDIT_APPROVAL,
        call,
        _validation_error(),
        r"mandatory field is not set",
        ["sale_order"],
        [("sale_order", order.id)],
    )


def other_company_order(env):
    """An order of a branch the demo's users do not belong to."""
    other = env["res.company"].create({"name": "Branch Elsewhere", "currency_id": env.company.currency_id.id})
    partner = env["res.partner"].create({"name": "Elsewhere Buyer Ltd", "is_company": True, "company_id": other.id})
    product = env["product.product"].search([("sale_ok", "=", True), ("company_id", "=", False)], limit=1)
    return (
        env["sale.order"]
        .with_company(other)
        .create(
            {
                "partner_id": partner.id,
                "company_id": other.id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1, "price_unit": 1000.0})],
            }
        )
    )


def test_credit_decision_on_another_companys_order(env):
    """A general manager of one branch decides nothing on another branch's order, even by its id."""
    from odoo.exceptions import AccessError

    order = other_company_order(env)
    gm = user_env(env, "crm_foreign_trade.user_general_manager")
    assert order.company_id not in gm.user.company_ids
    for method in ("action_approve", "action_refuse"):
        wiz = gm["sale.credit.approval.wizard"].sudo().create({"order_id": order.id, "reason": "guessed id"})
        refuse(
            env,
            CREDIT_APPROVAL,
            getattr(wiz.with_env(gm), method),
            AccessError,
            r"sale\.order",
            ["sale_order"],
            [("sale_order", order.id)],
        )


def test_term_exception_for_another_companys_customer(env):
    from odoo.exceptions import AccessError

    partner = other_company_order(env).partner_id
    gm = user_env(env, "crm_foreign_trade.user_general_manager")
    wiz = gm["res.partner.term.exception.wizard"].sudo().create({"partner_id": partner.id, "days": 120, "reason": "x"})
    refuse(
        env,
        TERM_EXCEPTION,
        wiz.with_env(gm).action_apply,
        AccessError,
        r"res\.partner",
        records=[("res_partner", partner.id)],
    )


def test_funnel_drill_down_of_an_unknown_number(env):
    """The button's context names the number; an RPC client may send any."""
    wiz = env["crm.funnel.report"].create({"date_from": "2020-01-01", "date_to": "2026-12-31"})
    wiz.action_compute()
    line = wiz.line_ids[:1]
    assert line
    refuse(
        env,
        FUNNEL,
        line.with_context(funnel_measure="everything").action_open_leads,
        _user_error(),
        r"The funnel has no number everything",
    )


def test_lost_to_competition_without_the_competitor(env):
    lead = env["crm.lead"].search([("type", "=", "opportunity"), ("partner_id", "!=", False)], limit=1)
    reason = env.ref("crm_competitor.lost_reason_price_competition")
    wiz = env["crm.lead.lost"].create({"lead_ids": [(6, 0, lead.ids)], "lost_reason_id": reason.id})
    refuse(
        env,
        LOST,
        wiz.action_lost_reason_apply,
        _user_error(),
        r"Which competitor won this deal\?",
        ["crm_competitor_order", "crm_lead"],
        [("crm_lead", lead.id)],
        zh=(wiz.with_context(lang="zh_CN").action_lost_reason_apply, "是哪个竞争对手赢得了这笔订单"),
    )


@pytest.mark.parametrize("year", [99999, -1, 0, date.today().year + 1])
def test_ranking_recompute_of_an_impossible_year(env, year):
    wiz = env["crm.customer.score.recompute"].create({"year": year})
    for method in ("action_recompute_now", "action_recompute_background"):
        refuse(
            env,
            RECOMPUTE,
            getattr(wiz, method),
            _user_error(),
            r"Choose a year up to the current one",
            ["crm_customer_score"],
        )


@pytest.mark.parametrize("year", ["last year", None, [2024], {"year": 2024}])
def test_ranking_of_a_year_of_the_wrong_type_over_rpc(env, year):
    """`compute_year` is public: an RPC client may send any JSON value as the year."""
    refuse(
        env,
        RECOMPUTE,
        lambda: env["crm.customer.score"].compute_year(year),
        _user_error(),
        r"Choose a year up to the current one",
        ["crm_customer_score"],
    )


def test_ranking_recompute_by_a_salesperson_over_rpc(env):
    from odoo.exceptions import AccessError

    sales = user_env(env, "crm_foreign_trade.user_salesperson")
    refuse(
        env,
        RECOMPUTE,
        lambda: sales["crm.customer.score"].compute_year(2025),
        AccessError,
        r"Only sales managers can recompute the ranking",
        ["crm_customer_score"],
    )


@pytest.mark.parametrize("bounds", [("2026-13-45", "2026-12-31"), ("yesterday", "today"), (20260101, "2026-12-31")])
def test_funnel_of_values_that_are_no_dates_over_rpc(env, bounds):
    """`crm.lead.stage.log.funnel` is public: dates of the wrong type or shape are named, not a traceback."""
    refuse(env, FUNNEL, lambda: env["crm.lead.stage.log"].funnel(*bounds), _user_error(), r"is not a date")


def test_funnel_with_reversed_dates(env):
    wiz = env["crm.funnel.report"].create({"date_from": "2026-12-01", "date_to": "2020-01-01"})
    refuse(
        env,
        FUNNEL,
        wiz.action_compute,
        _user_error(),
        r"The funnel's start date must be before its end date",
        ["crm_funnel_report_line"],
        zh=(wiz.with_context(lang="zh_CN").action_compute, "漏斗的开始日期必须早于结束日期"),
    )


def test_competitor_share_with_reversed_dates(env):
    wiz = env["crm.competitor.share"].create({"date_from": "2026-12-01", "date_to": "2020-01-01"})
    refuse(
        env,
        SHARE,
        wiz.action_compute,
        _user_error(),
        r"The start date must be before the end date",
        ["crm_competitor_share_line"],
    )


# ----------------------------------------------------------------------
# Policies: the company's fields, saved through Settings
# ----------------------------------------------------------------------
SETTINGS = "Settings (company policies)"
POLICY_CASES = [
    ({"pool_days_a": -1}, r"Days, counts, values and percentages of the policies cannot be negative"),
    ({"quotation_price_tolerance": -5.0}, r"cannot be negative"),
    ({"pool_claim_limit": -3}, r"cannot be negative"),
    ({"sample_free_value": 800.0, "sample_full_fee_value": 700.0}, r"full-fee value of samples cannot be below"),
    ({"pool_warning_days": 400}, r"The warning must come before the customer returns to the pool"),
    ({"lifecycle_decline_days": 400, "lifecycle_ended_days": 300}, r"A customer must decline before"),
    ({"credit_term_days_b": -30}, r"Payment days and the signing amount cannot be negative"),
    ({"signing_amount": -1.0}, r"Payment days and the signing amount cannot be negative"),
    ({"dynamics_recent_months": 120}, r"cannot exceed 36"),
    ({"dynamics_drop_threshold": -0.5}, r"Sales dynamics months, thresholds, volume and years cannot be negative"),
    ({"ranking_payment_zero_days": 0}, r"must be more than zero"),
    ({"ranking_drop_bottom_count": -10}, r"bottom customers to review cannot be negative"),
    ({"ranking_default_cooperation_rate": -1.5}, r"Default cooperation willingness must be between"),
    ({"ranking_default_cooperation_rate": 50.0}, r"Default cooperation willingness must be between"),
    ({"satisfaction_satisfied_min": 90.0, "satisfaction_very_satisfied_min": 80.0}, r"Satisfaction bands"),
    ({"satisfaction_very_satisfied_min": 250.0}, r"Satisfaction bands"),
    ({"work_report_due_days": -1}, r"work report is due after its period cannot be negative"),
    ({"execution_lc_warning_days": -7}, r"Days of the execution policies cannot be negative"),
    ({"execution_confirmation_target_days": -0.5}, r"Days of the execution policies cannot be negative"),
]


@pytest.mark.parametrize(("values", "text"), POLICY_CASES, ids=[",".join(v) for v, _t in POLICY_CASES])
def test_settings_refuse_absurd_policies(env, values, text):
    company = env.company

    def save():
        settings = env["res.config.settings"].create(values)
        settings.execute()

    refuse(env, SETTINGS, save, _validation_error(), text, ["res_config_settings"], [("res_company", company.id)])


def test_settings_in_chinese(env):
    env_zh = zh(env)
    refuse(
        env,
        SETTINGS,
        lambda: env["res.config.settings"].create({"pool_days_b": -60}).execute(),
        _validation_error(),
        r"cannot be negative",
        ["res_config_settings"],
        [("res_company", env.company.id)],
        zh=(
            lambda: env_zh["res.config.settings"].create({"pool_days_b": -60}).execute(),
            "策略中的天数、数量、金额和百分比不能为负数",
        ),
    )


def test_settings_of_another_company_by_a_salesperson(env):
    """A salesperson writes no company's policies, over RPC either."""
    from odoo.exceptions import AccessError

    other = env["res.company"].create({"name": "Branch Elsewhere"})
    sales = user_env(env, "crm_foreign_trade.user_salesperson")
    refuse(
        env,
        SETTINGS,
        lambda: other.with_env(sales).write({"pool_days_a": 5}),
        AccessError,
        r"not allowed to modify 'Companies'",
        records=[("res_company", other.id)],
    )


# ----------------------------------------------------------------------
# Records: absurd numbers, other people's records
# ----------------------------------------------------------------------
RECORDS = "record writes (RPC write/create)"


def test_negative_credit_limit(env):
    partner = customer(env)
    refuse(
        env,
        RECORDS,
        lambda: partner.write({"credit_limit": -10000.0}),
        _validation_error(),
        r"A credit limit cannot be negative",
        records=[("res_partner", partner.id)],
    )


def test_credit_application_for_a_negative_limit(env):
    call = lambda: env["crm.credit.application"].create(
        {"partner_id": customer(env).id, "requested_limit": -5000.0, "reason": "a big order"}
    )
    refuse(env, RECORDS, call, _validation_error(), r"A credit limit must be positive", ["crm_credit_application"])


@pytest.mark.parametrize("rate", [-2.0, 3.0])
def test_cooperation_willingness_out_of_range(env, rate):
    call = lambda: env["crm.customer.cooperation"].create(
        {"partner_id": customer(env).id, "year": date.today().year, "rate": rate, "justification": "x"}
    )
    refuse(
        env,
        RECORDS,
        call,
        _validation_error(),
        r"Cooperation willingness must be between -100% and 100%",
        ["crm_customer_cooperation"],
    )


def letter_of_credit(env):
    lc = env["sale.letter.credit"].search([], limit=1)
    assert lc, "the demo has a letter of credit"
    return lc


def test_letter_of_credit_numbers_and_dates(env):
    lc = letter_of_credit(env)
    cases = [
        ({"amount": 0.0}, r"The amount of a letter of credit must be positive"),
        ({"amount": -100.0}, r"The amount of a letter of credit must be positive"),
        ({"date_issue": "2026-06-01", "date_expiry": "2026-01-01"}, r"expires before it is issued"),
        (
            {"latest_shipment_date": "2030-01-01", "date_expiry": "2026-01-01", "date_issue": False},
            r"latest shipment date .* is after its expiry date",
        ),
        ({"presentation_days": -21}, r"presentation period of a letter of credit cannot be negative"),
        (
            {"date_expiry": "2030-01-01", "date_documents_presented": "2030-01-02"},
            r"expired on .*: documents presented on .* are too late",
        ),
    ]
    for values, text in cases:
        refuse(
            env,
            RECORDS,
            lambda values=values: lc.write(values),
            _validation_error(),
            text,
            ["sale_letter_credit"],
            [("sale_letter_credit", lc.id)],
        )


def test_competitor_price_negative(env):
    price = env["crm.competitor.price"].search([], limit=1)
    refuse(
        env,
        RECORDS,
        lambda: price.write({"price": -3.0}),
        _validation_error(),
        r"A competitor's price cannot be negative",
        records=[("crm_competitor_price", price.id)],
    )


def test_sample_line_negative_quantity_or_cost(env):
    line = env["crm.sample.request.line"].search([], limit=1)
    for values in ({"quantity": -3.0}, {"unit_cost": -10.0}):
        refuse(
            env,
            RECORDS,
            lambda values=values: line.write(values),
            _validation_error(),
            r"quantity and unit cost of a sample cannot be negative",
            ["crm_sample_request_line"],
            [("crm_sample_request_line", line.id), ("crm_sample_request", line.request_id.id)],
        )


def test_charged_samples_billed_without_a_fee(env):
    env.company.sample_fee_billing = "invoice"
    line = env["crm.sample.request.line"].search([], limit=1)
    request = env["crm.sample.request"].create(
        {
            "partner_id": line.request_id.partner_id.id,
            "expected_class": "c",
            "line_ids": [(0, 0, {"product_id": line.product_id.id, "quantity": 1.0, "unit_cost": 100000.0})],
        }
    )
    request.fee_amount = 0.0
    assert request.fee_policy == "charge"
    refuse(
        env,
        RECORDS,
        request.action_request,
        _user_error(),
        r"Enter the sample fee of .*: the samples are charged",
        ["crm_sample_request", "account_move"],
        [("crm_sample_request", request.id)],
    )


def test_write_another_salespersons_customer_with_the_pool_on(env):
    """With the public pool on, a salesperson cannot touch a colleague's customer, even by id."""
    from odoo.exceptions import AccessError

    env.company.pool_enabled = True
    colleague = env.ref("crm_foreign_trade.user_salesperson_2")
    partner = env["res.partner"].create(
        {"name": "Colleague's Customer Ltd", "is_company": True, "customer_rank": 1, "user_id": colleague.id}
    )
    # Odoo words a record-rule refusal in the user's own language: this one reads English
    env.ref("crm_foreign_trade.user_salesperson").lang = "en_US"
    sales = user_env(env, "crm_foreign_trade.user_salesperson")
    refuse(
        env,
        RECORDS,
        lambda: partner.with_env(sales).write({"comment": "mine now"}),
        AccessError,
        r"doesn't have 'write' access to:\n- Contact \(res.partner\)",
        records=[("res_partner", partner.id)],
    )


def test_policy_records_with_absurd_numbers(env):
    """Churn rules, price-cut requests, visit frequencies, evaluation weights, ABC profiles."""
    rule = env["crm.customer.signal.rule"].search([], limit=1)
    question = env["crm.opportunity.evaluation.question"].search([], limit=1)
    frequency = env["crm.visit.frequency"].search([], limit=1)
    profile = env["crm.customer.abc.profile"].search([], limit=1)
    cases = [
        (lambda: rule.write({"min_count": 0}), r"minimum count of at least 1", [("crm_customer_signal_rule", rule.id)]),
        (
            lambda: rule.write({"period_days": -30}),
            r"Days and percentages of a churn rule cannot be negative",
            [("crm_customer_signal_rule", rule.id)],
        ),
        (
            lambda: question.write({"weight": -5}),
            r"cannot be negative",
            [("crm_opportunity_evaluation_question", question.id)],
        ),
        (
            lambda: frequency.write({"interval_days": -7}),
            r"The visit interval cannot be negative",
            [("crm_visit_frequency", frequency.id)],
        ),
        (
            lambda: profile.write({"hysteresis_years": 0}),
            r"A customer moves down after at least 1 year",
            [("crm_customer_abc_profile", profile.id)],
        ),
        (
            lambda: env["crm.customer.feedback"].create(
                {
                    "partner_id": customer(env).id,
                    "kind": "price_cut",
                    "description": "cheaper!",
                    "requested_cut_percent": 150,
                }
            ),
            r"A price-cut request needs the cut asked for, between 0 and 100",
            [],
        ),
    ]
    for call, text, records in cases:
        refuse(env, RECORDS, call, _validation_error(), text, ["crm_customer_feedback", "crm_customer_signal"], records)


# ----------------------------------------------------------------------
# Customer handover and the public pool
# ----------------------------------------------------------------------
HANDOVER = "customer handover"
POOL = "public pool claim"
HANDOVER_TABLES = ("crm_customer_pool_move", "crm_customer_handover_line")


def handover(env, lines=None, receivers=("crm_foreign_trade.user_salesperson_2",)):
    leaver = env.ref("crm_foreign_trade.user_salesperson")
    values = {"from_user_id": leaver.id, "to_user_ids": [(6, 0, [env.ref(x).id for x in receivers])]}
    if lines is not None:
        values["line_ids"] = [(0, 0, line) for line in lines]
    return env["crm.customer.handover"].create(values)


def leavers_customer(env):
    leaver = env.ref("crm_foreign_trade.user_salesperson")
    return env["res.partner"].search([("user_id", "=", leaver.id), ("parent_id", "=", False)], limit=1)


def test_handover_without_what_it_needs(env):
    receiver = env.ref("crm_foreign_trade.user_salesperson_2")
    partner = leavers_customer(env)
    leaver = env.ref("crm_foreign_trade.user_salesperson")
    cases = [
        (handover(env, receivers=()).action_load_customers, r"Choose who receives the customers first"),
        (handover(env, lines=[]).action_done, r"Add the customers to hand over"),
        (
            handover(env, lines=[{"partner_id": partner.id}]).action_done,
            r"Every customer needs a receiving salesperson",
        ),
        (
            handover(env, lines=[{"partner_id": partner.id, "to_user_id": leaver.id}]).action_done,
            r"The leaving salesperson cannot receive customers",
        ),
    ]
    for call, text in cases:
        refuse(env, HANDOVER, call, _user_error(), text, HANDOVER_TABLES, [("res_partner", partner.id)])
    done = handover(env, lines=[{"partner_id": partner.id, "to_user_id": receiver.id}])
    done.action_done()
    refuse(
        env,
        HANDOVER,
        done.action_done,
        _user_error(),
        r"This handover is already done",
        HANDOVER_TABLES,
        [("res_partner", partner.id)],
    )


def test_handover_of_a_customer_the_leaver_does_not_own(env):
    """A line naming someone else's customer (an id typed over RPC) would log a false handover."""
    receiver = env.ref("crm_foreign_trade.user_salesperson_2")
    others = env["res.partner"].search([("user_id", "=", receiver.id), ("parent_id", "=", False)], limit=1)
    ours = leavers_customer(env)
    wiz = handover(
        env,
        lines=[
            {"partner_id": ours.id, "to_user_id": receiver.id},
            {"partner_id": others.id, "to_user_id": receiver.id},
        ],
    )
    refuse(
        env,
        HANDOVER,
        wiz.action_done,
        _user_error(),
        rf"{re.escape(others.name)}.* not a customer of Zhao Wei",
        HANDOVER_TABLES,
        [("res_partner", others.id), ("res_partner", ours.id)],
    )


def test_pool_claim_by_someone_else_or_of_a_taken_customer(env):
    pool_customer = env["res.partner"].search([("in_public_pool", "=", True)], limit=1)
    taken = env["res.partner"].search(
        [("user_id", "=", env.ref("crm_foreign_trade.user_salesperson_2").id), ("parent_id", "=", False)], limit=1
    )
    accountant = user_env(env, "crm_foreign_trade.user_accountant")
    sales = user_env(env, "crm_foreign_trade.user_salesperson")
    refuse(
        env,
        POOL,
        pool_customer.with_env(accountant).action_pool_claim,
        _user_error(),
        r"Only salespeople can claim customers from the public pool",
        ["crm_customer_pool_move"],
        [("res_partner", pool_customer.id)],
        zh=(
            pool_customer.with_env(user_env(env, "crm_foreign_trade.user_accountant", "zh_CN")).action_pool_claim,
            "只有销售人员可以从客户公海领取客户",
        ),
    )
    refuse(
        env,
        POOL,
        taken.with_env(sales).action_pool_claim,
        _user_error(),
        r"is no longer in the public pool",
        ["crm_customer_pool_move"],
        [("res_partner", taken.id)],
    )


SAMPLES = "sample request buttons"
STEPS = "execution step buttons"
SAMPLE_TABLES = ("crm_sample_request", "crm_sample_request_line", "mail_activity")


def sample_request(env, lines=True, **values):
    product = env["product.product"].search([("sale_ok", "=", True)], limit=1)
    lines = [(0, 0, {"product_id": product.id, "quantity": 2, "unit_cost": 10.0})] if lines else []
    return env["crm.sample.request"].create(dict({"partner_id": customer(env).id, "line_ids": lines}, **values))


def test_sample_request_buttons_out_of_turn(env):
    empty, draft = sample_request(env, lines=False), sample_request(env)
    requested = env["crm.sample.request"].search([("state", "=", "requested")], limit=1)
    sent = env["crm.sample.request"].search([("state", "=", "sent")], limit=1)
    sales = user_env(env, "crm_foreign_trade.user_salesperson")
    cases = [
        (empty.action_request, _validation_error(), r"Add the samples to make"),
        (requested.action_request, _user_error(), r"Only draft sample requests can be requested"),
        (draft.action_made, _user_error(), r"must be Approved first"),
        (requested.with_env(sales).action_approve, _user_error(), r"Only a sales manager approves free samples"),
        (
            requested.with_env(sales).action_refuse_waiver,
            _user_error(),
            r"Only a sales manager decides on the sample fee",
        ),
        (sent.with_context(lang="en_US").action_feedback, _user_error(), r"Write the customer's feedback first"),
    ]
    records = [("crm_sample_request", r.id) for r in (empty, draft, requested, sent)]
    for call, error, text in cases:
        refuse(env, SAMPLES, call, error, text, SAMPLE_TABLES, records)


def test_sample_requests_requested_together_with_one_out_of_turn(env):
    """A list's Request button on a draft and a requested sample: the draft is not requested alone."""
    draft = sample_request(env)
    requested = env["crm.sample.request"].search([("state", "=", "requested")], limit=1)
    refuse(
        env,
        SAMPLES,
        (draft | requested).action_request,
        _user_error(),
        r"Only draft sample requests can be requested",
        SAMPLE_TABLES,
        [("crm_sample_request", draft.id), ("crm_sample_request", requested.id)],
    )


def test_execution_step_buttons_out_of_turn(env):
    done = env["sale.execution.step"].search([("state", "=", "done")], limit=1)
    todo = env["sale.execution.step"].search([("state", "=", "todo"), ("skip_reason", "=", False)], limit=1)
    records = [("sale_execution_step", done.id), ("sale_execution_step", todo.id)]
    refuse(env, STEPS, done.action_done, _user_error(), r"is already Done", ["mail_activity"], records)
    refuse(
        env,
        STEPS,
        todo.action_skip,
        _user_error(),
        r"Give the reason for skipping the step",
        ["mail_activity"],
        records,
        zh=(todo.with_context(lang="zh_CN").action_skip, "请填写跳过该步骤的原因"),
    )


# ----------------------------------------------------------------------
# Concurrent edits
# ----------------------------------------------------------------------
CONCURRENT = "concurrent edit (pool claim)"


def test_claiming_a_customer_a_colleague_is_claiming(env, registry):
    """The pool claim promises: while a colleague's claim holds the customer, the second claim is told so.

    The colleague's transaction (another cursor) holds the row lock its claim takes; the
    second claim fails at once with a clear error instead of waiting or a serialization error.
    """
    partner = env["res.partner"].search([("in_public_pool", "=", True)], limit=1)
    assert partner, "the demo has customers in the public pool"
    sales = user_env(env, "crm_foreign_trade.user_salesperson")
    sales_zh = user_env(env, "crm_foreign_trade.user_salesperson", "zh_CN")
    with registry.cursor() as colleague:
        colleague.execute("SELECT id FROM res_partner WHERE id = %s FOR UPDATE", [partner.id])
        refuse(
            env,
            CONCURRENT,
            partner.with_env(sales).action_pool_claim,
            _user_error(),
            r"A colleague is taking this customer right now",
            ["crm_customer_pool_move"],
            [("res_partner", partner.id)],
            zh=(partner.with_env(sales_zh).action_pool_claim, "有同事正在领取该客户"),
        )
        colleague.rollback()


# ----------------------------------------------------------------------
# Figures
# ----------------------------------------------------------------------
def test_zz_figures(capsys):
    """Printed last: the cases tried per entry point (runs after the others in file order)."""
    if not CASES:
        pytest.skip("no case ran")
    with capsys.disabled():
        print(f"\nbad input: {sum(CASES.values())} cases refused cleanly, {sum(ZH.values())} also read in Chinese")
        for entry, count in sorted(CASES.items(), key=lambda kv: -kv[1]):
            print(f"  {entry:<40} {count:>3} cases, {ZH[entry]:>2} in Chinese")
