# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import csv
import io

import openpyxl
import xlwt
from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import ForeignTradeCommon, use_chinese

CARD_HEADER = ["客户名称", "国家", "联系人", "职位", "电话", "手机", "邮箱", "微信", "业务员"]
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


class CustomerImportCommon(ForeignTradeCommon):
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


@tagged("post_install", "-at_install")
class TestCustomerImport(CustomerImportCommon):
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


@tagged("post_install", "-at_install")
class TestCustomerImportNameCards(CustomerImportCommon):
    """Legacy lists kept as name cards: one row per person, the company repeated."""

    def test_name_cards_become_contacts_of_their_company(self):
        self.salesperson.local_name = "赵卫东"  # the demo's Zhao Wei is 赵伟
        rows = [
            CARD_HEADER,
            ["Gulf Power Trading LLC", "阿联酋", "Ahmed Al Mansoori", "Purchasing Manager", "+971 4 123 4567",
             "+971 50 123 4567", "ahmed@gulfpower.example.com", "ahmed_gp", "赵卫东"],
            ["GULF POWER TRADING L.L.C.", "阿联酋", "Fatima Noor", "Buyer", "", "+971 50 765 4321",
             "fatima@gulfpower.example.com", "", "赵卫东"],
            ["Rhein Elektro AG", "德国", "", "", "+49 221 555 0100", "", "", "", ""],
        ]  # fmt: skip
        wizard = self._wizard(xlsx(rows), "cards.xlsx")
        self.assertEqual(
            wizard.column_ids.mapped("target"),
            ["name", "country", "contact_name", "contact_function", "contact_phone", "contact_mobile",
             "contact_email", "contact_wechat", "salesperson"],
        )  # fmt: skip
        wizard.action_preview()
        self.assertEqual((wizard.create_count, wizard.contact_count, wizard.error_count), (2, 2, 0))
        self.assertEqual([r[2] for r in self._result_rows(wizard)], ["to create", "contact to add", "to create"])
        wizard.action_import()
        gulf = self.env["res.partner"].search([("name", "=", "Gulf Power Trading LLC")])
        self.assertEqual(gulf.country_id, self.env.ref("base.ae"))
        self.assertEqual(gulf.user_id, self.salesperson)
        self.assertFalse(gulf.email, "the name card's e-mail is the person's, not the company's")
        ahmed, fatima = gulf.child_ids.sorted("name")
        self.assertRecordValues(
            ahmed | fatima,
            [
                {"name": "Ahmed Al Mansoori", "function": "Purchasing Manager", "phone": "+971 4 123 4567",
                 "mobile": "+971 50 123 4567", "email": "ahmed@gulfpower.example.com", "wechat": "ahmed_gp",
                 "type": "contact", "is_company": False},
                {"name": "Fatima Noor", "function": "Buyer", "phone": False, "mobile": "+971 50 765 4321",
                 "email": "fatima@gulfpower.example.com", "wechat": False, "type": "contact", "is_company": False},
            ],
        )  # fmt: skip
        rhein = self.env["res.partner"].search([("name", "=", "Rhein Elektro AG")])
        self.assertEqual(rhein.phone, "+49 221 555 0100", "without a contact the number is the company's")
        self.assertEqual(rhein.country_id, self.env.ref("base.de"))
        self.assertFalse(rhein.child_ids)
        self.assertEqual((wizard.create_count, wizard.contact_count), (2, 2))
        self.assertEqual([r[2] for r in self._result_rows(wizard)], ["created", "contact added", "created"])

    def test_name_card_of_an_existing_customer_updates_its_contact_or_adds_one(self):
        self.customer.name = "Nordlicht Elektrotechnik GmbH"  # the demo data has a "Nordlicht Elektro GmbH"
        rows = [
            ["Customer", "Contact", "Job Position", "Email"],
            ["NORDLICHT ELEKTROTECHNIK GMBH", "Klaus Berger", "Einkaufsleiter", "k.berger@nordlicht.example.com"],
            ["Nordlicht Elektrotechnik GmbH", "Anna Schmidt", "Technical Buyer", ""],
        ]
        wizard = self._wizard(csv_bytes(rows), "cards.csv")
        wizard.action_import()
        self.assertEqual(self.customer.child_ids, self.buyer, "skip mode leaves existing customers alone")
        wizard = self._wizard(csv_bytes(rows), "cards.csv", duplicate_mode="update")
        wizard.action_preview()
        self.assertEqual((wizard.update_count, wizard.contact_count), (1, 1), "Klaus is there, Anna is new")
        wizard.action_import()
        self.assertEqual(self.customer.child_ids.sorted("name").mapped("name"), ["Anna Schmidt", "Klaus Berger"])
        self.assertEqual(self.buyer.function, "Einkaufsleiter")
        self.assertEqual(self.buyer.email, "k.berger@nordlicht.example.com")

    def test_job_position_without_a_contact_name_is_an_error(self):
        wizard = self._wizard(csv_bytes([CARD_HEADER[:4], ["Lakeshore Inc.", "美国", "", "Buyer"]]), "c.csv")
        with self.assertRaisesRegex(UserError, "1 row"):
            wizard.action_import()
        self.assertIn("no contact name", self._result_rows(wizard)[0][3])

    def test_countries_in_chinese_short_and_official_names(self):
        use_chinese(self.env)  # Odoo's own Chinese country names, besides the short ones lists use
        countries = [
            ("阿联酋", "美国"), ("德国", "香港"), ("美国", "阿拉伯联合酋长国"), ("俄罗斯联邦", "英国"), ("AE", "UAE")
        ]  # fmt: skip
        rows = [["客户名称", "国家", "投资方所属国家和地区"]]
        rows += [[f"Buyer {i} Ltd", country, investor] for i, (country, investor) in enumerate(countries)]
        wizard = self._wizard(xlsx(rows), "countries.xlsx")
        wizard.action_import()
        partners = self.env["res.partner"].search([("name", "=like", "Buyer % Ltd")], order="name")
        self.assertEqual(
            [(p.country_id.code, p.investor_country_id.code) for p in partners],
            [("AE", "US"), ("DE", "HK"), ("US", "AE"), ("RU", "GB"), ("AE", "AE")],
        )

    def test_salesperson_is_found_by_the_local_name_set_on_the_user(self):
        # 赵卫东, not 赵伟: the demo's Zhao Wei has that local name already
        rows = [["客户名称", "业务员"], ["Sakura Cable KK", "赵卫东"], ["Kabel Nord GmbH", self.salesperson.login]]
        wizard = self._wizard(xlsx(rows), "owners.xlsx")
        wizard.action_preview()
        self.assertEqual(self._result_rows(wizard)[0][3], "no user 赵卫东")
        self.salesperson.local_name = "赵卫东"
        wizard.action_import()
        partners = self.env["res.partner"].search([("name", "in", ["Sakura Cable KK", "Kabel Nord GmbH"])])
        self.assertEqual(len(partners), 2)
        self.assertEqual(partners.user_id, self.salesperson)

    def test_a_name_two_users_share_is_not_guessed(self):
        self.salesperson.local_name = "王芳"
        self.colleague.local_name = "王芳"
        wizard = self._wizard(xlsx([["客户名称", "业务员"], ["Sakura Cable KK", "王芳"]]), "owners.xlsx")
        with self.assertRaisesRegex(UserError, "1 row"):
            wizard.action_import()
        self.assertEqual(self._result_rows(wizard)[0][3], "several users are called 王芳: write the login")

    def test_counters_say_done_only_after_the_import(self):
        arch = self.env["crm.customer.import"].get_views([(False, "form")])["views"]["form"]["arch"]
        labels = etree.fromstring(arch).xpath("//label[@for]")

        def shown(field, state):
            return [
                label.get("string")
                for label in labels
                if label.get("for") == field and not safe_eval(label.get("invisible", "False"), {"state": state})
            ]

        for field, before, after in [
            ("create_count", "To Create", "Created"),
            ("update_count", "To Update", "Updated"),
            ("contact_count", "Contacts to Add", "Contacts Added"),
        ]:
            self.assertEqual(shown(field, "preview"), [before])
            self.assertEqual(shown(field, "done"), [after])
