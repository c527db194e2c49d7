# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import csv
import io

import openpyxl
import xlwt

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ForeignTradeCommon

HEADER_ZH = ["客户名称", "国家", "电子邮件", "电话", "客户类别", "销售方式", "投资方所属国家和地区", "业务员", "备注"]


def xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xls(rows):
    book = xlwt.Workbook()
    sheet = book.add_sheet("Customers")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows, encoding="utf-8-sig"):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


@tagged("post_install", "-at_install")
class TestCustomerImport(ForeignTradeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.existing = cls.env["res.partner"].create(
            {"name": "Kowa Denki Trading Co., Ltd.", "is_company": True, "city": "Osaka"}
        )

    def _wizard(self, content, filename, **values):
        wizard = (
            self.env["crm.customer.import"]
            .with_user(self.manager)
            .create(dict({"file": base64.b64encode(content), "filename": filename}, **values))
        )
        wizard.action_read_columns()
        return wizard

    def _result_rows(self, wizard):
        text = base64.b64decode(wizard.result_file).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text)))[1:]

    def test_chinese_headers_are_mapped(self):
        wizard = self._wizard(xlsx([HEADER_ZH, ["华洋电子", "中国", "", "", "A", "内销", "香港", "", ""]]), "c.xlsx")
        self.assertEqual(
            wizard.column_ids.mapped("target"),
            ["name", "country", "email", "phone", "customer_class", "trade_channel", "investor_country",
             "salesperson", "comment"],
        )  # fmt: skip

    def test_import_xlsx_creates_customers(self):
        rows = [
            HEADER_ZH,
            ["东莞华洋电子有限公司", "中国", "buy@huayang.example.com", "0769-88881234", "A类", "转厂外销", "香港",
             self.manager.login, "老客户"],
            ["Lakeshore Appliance Inc.", "United States", "", "+1 414 555 0100", "c", "Direct Export", "USA", "", ""],
        ]  # fmt: skip
        wizard = self._wizard(xlsx(rows), "customers.xlsx")
        wizard.action_preview()
        self.assertEqual((wizard.create_count, wizard.error_count), (2, 0))
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Lakeshore Appliance Inc.")]), "dry run")
        wizard.action_import()
        partner = self.env["res.partner"].search([("name", "=", "东莞华洋电子有限公司")])
        self.assertEqual(partner.customer_class, "a")
        self.assertEqual(partner.trade_channel, "transfer_export")
        self.assertEqual(partner.investor_country_id, self.env.ref("base.hk"))
        self.assertEqual(partner.country_id, self.env.ref("base.cn"))
        self.assertEqual(partner.user_id, self.manager)
        self.assertEqual(wizard.state, "done")
        self.assertEqual([r[2] for r in self._result_rows(wizard)], ["created", "created"])

    def test_twenty_bad_rows_write_nothing_and_are_all_reported(self):
        header = ["Customer Name", "Country", "Email", "Phone", "Class", "Trade Channel", "Salesperson"]
        good = ["Fine Buyer Ltd", "Germany", "ok@fine.example.com", "+49 911 123456", "B", "direct export", ""]
        bad_values = [
            ("Customer Name", ""),
            ("Email", "not-an-email"),
            ("Email", "two@@example.com"),
            ("Phone", "12-34"),
            ("Phone", "tel"),
            ("Country", "Atlantis"),
            ("Country", "ZZ"),
            ("Class", "D"),
            ("Class", "VIP"),
            ("Trade Channel", "smuggling"),
            ("Salesperson", "nobody-here"),
        ]
        rows = [header]
        for i in range(20):
            row = list(good)
            row[0] = f"Bad Buyer {i}"
            column, value = bad_values[i % len(bad_values)]
            row[header.index(column)] = value
            rows.append(row)
        rows.append(["Good Buyer GmbH", "Germany", "", "", "A", "", ""])
        before = self.env["res.partner"].search_count([])
        wizard = self._wizard(xlsx(rows), "legacy.xlsx")
        with self.assertRaisesRegex(UserError, "20 row"):
            wizard.action_import()
        self.assertEqual(self.env["res.partner"].search_count([]), before, "nothing written")
        results = self._result_rows(wizard)
        self.assertEqual(len(results), 21)
        errors = [r for r in results if r[2] == "error"]
        self.assertEqual(len(errors), 20)
        reasons = " | ".join(r[3] for r in errors)
        for expected in ("name is missing", "not an e-mail", "not a phone", "unknown country", "A, B or C",
                         "unknown trade channel", "no user"):  # fmt: skip
            self.assertIn(expected, reasons)
        self.assertEqual(results[-1][2], "to create")

    def test_duplicates_skip_or_update(self):
        rows = [
            ["Name", "City", "Class"],
            ["KOWA DENKI TRADING CO LTD", "Kyoto", "A"],  # the existing customer, written differently
            ["Sakura Cable KK", "Nagoya", "B"],
            ["Sakura Cable K.K.", "Nagoya", "B"],  # twice in the file
        ]
        wizard = self._wizard(csv_bytes(rows), "list.csv")
        wizard.action_import()
        results = self._result_rows(wizard)
        self.assertEqual([r[2] for r in results], ["skipped", "created", "skipped"])
        self.assertIn("row 3", results[2][3])
        self.assertEqual(self.existing.city, "Osaka")
        wizard = self._wizard(csv_bytes(rows[:2]), "list.csv", duplicate_mode="update")
        wizard.action_import()
        self.assertEqual(self.existing.city, "Kyoto")
        self.assertEqual(self.existing.customer_class, "a")

    def test_old_xls_and_gbk_csv_files_are_read(self):
        rows = [HEADER_ZH[:2], ["中山宏泰电子有限公司", "台湾"]]
        wizard = self._wizard(xls(rows), "old.xls")
        wizard.action_import()
        self.assertEqual(wizard.create_count, 1)
        wizard = self._wizard(csv_bytes([HEADER_ZH[:2], ["深圳天瑞电动工具有限公司", "中国"]], "gb18030"), "gbk.csv")
        wizard.action_import()
        partner = self.env["res.partner"].search([("name", "=", "深圳天瑞电动工具有限公司")])
        self.assertEqual(partner.country_id, self.env.ref("base.cn"))

    def test_manual_mapping_override_and_checks(self):
        wizard = self._wizard(csv_bytes([["Firma", "Ort"], ["Rhein Kabel GmbH", "Köln"]]), "de.csv")
        with self.assertRaisesRegex(UserError, "customer name"):
            wizard.action_preview()
        wizard.column_ids[0].target = "name"
        wizard.column_ids[1].target = "city"
        wizard.action_import()
        self.assertEqual(self.env["res.partner"].search([("name", "=", "Rhein Kabel GmbH")]).city, "Köln")
        with self.assertRaisesRegex(UserError, "Excel"):
            self._wizard(b"%PDF-1.4", "customers.pdf")

    def test_large_import_reports_progress(self):
        rows = [["Name", "City"]] + [[f"Progress Buyer {i} Ltd", "Hamburg"] for i in range(2500)]
        wizard = self._wizard(csv_bytes(rows), "big.csv")
        # progress goes through a cursor of its own: in tests it shares this transaction
        self.registry.enter_test_mode(self.cr)
        self.addCleanup(self.registry.leave_test_mode)
        before = self.env["bus.bus"].search([]).ids
        wizard.action_import()
        self.assertEqual(wizard.create_count, 2500)
        notes = (
            self.env["bus.bus"].search([("id", "not in", before)]).filtered(lambda n: "customers written" in n.message)
        )
        self.assertEqual(len(notes), 3, "after each batch of 1,000 rows")
        self.assertIn("2500 of 2500", notes.sorted("id")[-1].message)

    def test_salesperson_cannot_import(self):
        with self.assertRaises(AccessError):
            self.env["crm.customer.import"].with_user(self.salesperson).create(
                {"file": base64.b64encode(b"a"), "filename": "a.csv"}
            )
