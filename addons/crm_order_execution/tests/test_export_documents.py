# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from lxml import html as lxml_html

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.crm_foreign_trade.tests.common import use_chinese

PROFORMA = "crm_order_execution.action_report_proforma_invoice"
COMMERCIAL = "crm_order_execution.action_report_commercial_invoice"
PACKING = "crm_order_execution.action_report_packing_list"


@tagged("post_install", "-at_install")
class TestExportDocuments(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the documents as an English reader prints them, whatever language the database was installed with
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.salesperson = new_test_user(cls.env, "ft_doc_sales", groups="sales_team.group_sale_salesman", lang="en_US")
        cls.usd = cls.env.ref("base.USD")
        cls.usd.active = True
        cls.usd_pricelist = cls.env["product.pricelist"].create({"name": "Export USD", "currency_id": cls.usd.id})
        cls.env["res.lang"]._activate_lang("en_US")  # a database installed in Chinese only
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Lindqvist Haustechnik GmbH",
                "is_company": True,
                "trade_channel": "direct_export",
                "country_id": cls.env.ref("base.de").id,
                "city": "Hamburg",
                "lang": "de_DE",
            }
        )
        cls.ball_valve = cls.env["product.product"].create(
            {"name": "Stainless Steel Ball Valve DN25", "weight": 0.8, "volume": 0.05, "taxes_id": [(5, 0)]}
        )
        cls.ball_valve.with_context(lang="de_DE").name = "Edelstahl-Kugelhahn DN25"
        cls.gate_valve = cls.env["product.product"].create(
            {"name": "Brass Gate Valve DN50", "weight": 2.5, "volume": 0.12, "taxes_id": [(5, 0)]}
        )
        cls.fob = cls.env.ref("account.incoterm_FOB")

    def _order(self, **values):
        """100 ball valves at 10.00 and 50 gate valves at 5.00: 1,250.00 USD."""
        return self.env["sale.order"].create(
            dict(
                {
                    "partner_id": self.customer.id,
                    "user_id": self.salesperson.id,
                    "pricelist_id": self.usd_pricelist.id,
                    "incoterm": self.fob.id,
                    "port_of_loading": "Ningbo",
                    "port_of_destination": "Hamburg",
                    "order_line": [
                        (0, 0, {"product_id": self.ball_valve.id, "product_uom_qty": 100, "price_unit": 10.0}),
                        (0, 0, {"product_id": self.gate_valve.id, "product_uom_qty": 50, "price_unit": 5.0}),
                    ],
                },
                **values,
            )
        )

    def _render(self, report_ref, order, user=None):
        reports = self.env["ir.actions.report"]
        if user:
            # as in the user's browser: their own language
            reports = reports.with_user(user).with_context(lang=user.lang)
        return reports._render_qweb_html(report_ref, order.ids)[0].decode()

    def test_proforma_invoice(self):
        bank = self.env["res.bank"].create({"name": "Bank of Ningbo", "bic": "BKNBCN2N"})
        company_partner = self.env.company.partner_id
        self.env["res.partner.bank"].create(
            [
                {"partner_id": company_partner.id, "acc_number": "7001-2026-0088", "bank_id": bank.id,
                 "currency_id": self.usd.id},
                {"partner_id": company_partner.id, "acc_number": "7001-2026-0099", "bank_id": bank.id,
                 "currency_id": self.env.ref("base.EUR").id},
            ]
        )  # fmt: skip
        order = self._order(client_order_ref="PO-4471", validity_date=date(2026, 6, 30))
        self.assertEqual(order.amount_total, 1250.0)
        html = self._render(PROFORMA, order, user=self.salesperson)
        self.assertIn("SAY TOTAL: USD ONE THOUSAND, TWO HUNDRED AND FIFTY DOLLARS ONLY", html)
        self.assertIn("FOB Ningbo", html, "incoterm code and its named place, the port of loading for FOB")
        self.assertIn("Hamburg", html)
        self.assertIn("PO-4471", html)
        self.assertIn("06/30/2026", html, "validity")
        self.assertIn(order.name, html)
        self.assertIn("Lindqvist Haustechnik GmbH", html)
        # a German customer still reads English product names
        self.assertIn("Stainless Steel Ball Valve DN25", html)
        self.assertNotIn("Edelstahl-Kugelhahn", html)
        self.assertIn("Brass Gate Valve DN50", html)
        self.assertIn("1,000.00", html)
        self.assertIn("1,250.00", html)
        self.assertIn("7001-2026-0088", html, "the account in the order's currency")
        self.assertNotIn("7001-2026-0099", html, "not the EUR account")
        self.assertIn("BKNBCN2N", html)

    def test_cif_names_the_port_of_destination(self):
        order = self._order(incoterm=self.env.ref("account.incoterm_CIF").id)
        self.assertIn("CIF Hamburg", self._render(PROFORMA, order))

    def test_commercial_invoice_needs_a_confirmed_order(self):
        order = self._order(
            vessel="MSC AURORA V.026E",
            bill_of_lading="MEDU4471203",
            container_number="MSCU7654321",
            date_etd=date(2026, 5, 20),
            shipping_marks="LINDQVIST\nHAMBURG\nC/NO. 1-15",
        )
        with self.assertRaises(UserError) as cm:
            self._render(COMMERCIAL, order)
        self.assertIn("can only be printed for confirmed orders", str(cm.exception))
        self.assertIn(order.name, str(cm.exception))
        with self.assertRaises(UserError):
            self._render(PACKING, order)
        order.action_confirm()
        html = self._render(COMMERCIAL, order, user=self.salesperson)
        expected = ["Commercial Invoice", "MSC AURORA V.026E", "MEDU4471203", "MSCU7654321", "05/20/2026"]
        expected += ["C/NO. 1-15", "FOB Ningbo", "SAY TOTAL: USD ONE THOUSAND, TWO HUNDRED AND FIFTY DOLLARS ONLY"]
        for text in expected:
            self.assertIn(text, html)

    def test_packing_list_totals_without_prices(self):
        order = self._order(vessel="MSC AURORA V.026E", container_number="MSCU7654321", shipping_marks="LINDQVIST")
        ball, gate = order.order_line
        ball.export_packages = 10
        gate.write({"export_packages": 5, "export_gross_weight": 140.0})
        order.action_confirm()
        html = self._render(PACKING, order, user=self.salesperson)
        tree = lxml_html.fromstring(html)

        def total(name):
            return tree.xpath(f"//span[@name='{name}']")[0].text_content().strip()

        self.assertEqual(total("total_packages"), "15")
        self.assertEqual(total("total_net_weight"), "205.00", "80 + 125 kg")
        self.assertEqual(total("total_gross_weight"), "220.00", "80 (the net weight) + 140 kg")
        self.assertEqual(total("total_measurement"), "11.00", "5 + 6 m³")
        self.assertEqual(len(tree.xpath("//tr[@name='packing_line']")), 2)
        for text in ("MSC AURORA V.026E", "MSCU7654321", "Ningbo", "Hamburg", "LINDQVIST"):
            self.assertIn(text, html)
        self.assertNotIn("Unit Price", html)
        self.assertNotIn("1,250.00", html)
        self.assertNotIn("SAY TOTAL", html)

    def test_packing_data_defaults_from_the_product(self):
        order = self._order()
        ball = order.order_line[0]
        self.assertEqual(ball.export_net_weight, 80.0)
        self.assertEqual(ball.export_gross_weight, 80.0, "the net weight when empty")
        self.assertEqual(ball.export_measurement, 5.0)
        ball.product_uom_qty = 200
        self.assertEqual(ball.export_net_weight, 160.0)
        self.assertEqual(ball.export_gross_weight, 160.0, "never below the net weight")
        self.assertEqual(ball.export_measurement, 10.0)
        ball.write({"export_net_weight": 150.0, "export_gross_weight": 175.0, "export_measurement": 9.5})
        self.assertEqual((ball.export_net_weight, ball.export_gross_weight, ball.export_measurement), (150, 175, 9.5))
        # weight and volume are per product unit: 50 dozens are 600 units
        gate = order.order_line[1]
        gate.product_uom = self.env.ref("uom.product_uom_dozen")
        self.assertEqual((gate.export_net_weight, gate.export_measurement), (1500.0, 72.0))

    def test_bilingual_labels_follow_the_company_setting(self):
        self.env.company.export_documents_bilingual = False
        order = self._order(shipping_marks="LINDQVIST")
        html = self._render(PROFORMA, order)
        self.assertIn("Invoice No.", html)
        self.assertNotIn("发票号", html)
        self.assertNotIn("形式发票", html)
        self.env.company.export_documents_bilingual = True
        order.action_confirm()
        for report, label in ((PROFORMA, "形式发票"), (COMMERCIAL, "商业发票"), (PACKING, "净重（千克）")):
            html = self._render(report, order)
            self.assertIn(label, html)
            self.assertIn("唛头" if report != PROFORMA else "发票号", html)
            self.assertIn("Port of Loading</strong><span> / 装运港</span>", html, "English first, then Chinese")

    def test_usd_order_of_a_cny_company(self):
        cny = self.env.ref("base.CNY")
        cny.active = True
        company = self.env["res.company"].create(
            {
                "name": "Ningbo Haichen Trading Co., Ltd.",
                "currency_id": cny.id,
                "country_id": self.env.ref("base.cn").id,
            }
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "Export USD", "currency_id": self.usd.id, "company_id": company.id}
        )
        order = self._order(company_id=company.id, pricelist_id=pricelist.id, user_id=False)
        self.assertEqual(order.currency_id, self.usd)
        html = self._render(PROFORMA, order)
        self.assertIn("Ningbo Haichen Trading Co., Ltd.", html)
        self.assertIn("SAY TOTAL: USD ONE THOUSAND, TWO HUNDRED AND FIFTY DOLLARS ONLY", html)
        self.assertIn("(<span>USD</span>)", html)
        self.assertNotIn("CNY", html)
        self.assertNotIn("¥", html)

    def test_new_companies_print_bilingual_documents(self):
        company = self.env["res.company"].create({"name": "Yiwu Xinghai Import & Export Co., Ltd."})
        self.assertTrue(company.export_documents_bilingual, "bilingual (中/英) documents are the default")

    def test_a_chinese_reader_gets_chinese_labels_whatever_the_policy(self):
        self.env.company.export_documents_bilingual = False
        # a user of its own: Odoo caches each user's context (language) beyond the test's rollback
        reader = new_test_user(self.env, "ft_doc_sales_zh", groups="sales_team.group_sale_salesman")
        use_chinese(self.env, reader)
        order = self._order(user_id=reader.id)
        html = self._render(PROFORMA, order, user=reader)
        self.assertIn("形式发票", html)
        self.assertIn("Invoice No.</strong><span> / 发票号</span>", html)
        self.assertIn("Stainless Steel Ball Valve DN25", html, "the goods stay in English for the buyer")
        self.assertNotIn("形式发票", self._render(PROFORMA, order), "an English reader follows the policy")

    def _customs_setup(self):
        """Ball valves made in Vietnam, 20 per carton of 1.5 kg; gate valves of the company's country (China),
        12 per carton of 2 kg."""
        self.env.company.country_id = self.env.ref("base.cn")
        self.ball_valve.write({"hs_code": "8481.80.40", "country_of_origin": self.env.ref("base.vn").id})
        self.gate_valve.hs_code = "8481.80.90"
        self.env["product.packaging"].create(
            [
                {"name": "Carton of 20", "product_id": self.ball_valve.id, "qty": 20, "export_tare_weight": 1.5},
                {"name": "Carton of 12", "product_id": self.gate_valve.id, "qty": 12, "export_tare_weight": 2.0},
            ]
        )

    def test_packages_and_gross_weight_come_from_the_packaging(self):
        self._customs_setup()
        order = self._order()
        ball, gate = order.order_line
        self.assertEqual(ball.export_packages, 5, "100 valves, 20 per carton")
        self.assertEqual(gate.export_packages, 5, "50 valves, 12 per carton: the last carton is part-filled")
        self.assertAlmostEqual(ball.export_gross_weight, 80 + 5 * 1.5)
        self.assertAlmostEqual(gate.export_gross_weight, 125 + 5 * 2.0)
        self.assertEqual(order.export_package_count, 10)
        self.assertAlmostEqual(order.export_net_weight, 205.0)
        self.assertAlmostEqual(order.export_gross_weight, 222.5)
        ball.product_uom_qty = 110
        self.assertEqual(ball.export_packages, 6)
        self.assertAlmostEqual(ball.export_gross_weight, 88 + 6 * 1.5)
        # the clerk packs differently: one more carton, and its tare counts
        ball.export_packages = 7
        self.assertAlmostEqual(ball.export_gross_weight, 88 + 7 * 1.5)
        self.assertEqual(order.export_package_count, 12)

    def test_commercial_invoice_names_the_lc_and_the_customs_data(self):
        self._customs_setup()
        order = self._order(shipping_marks="LINDQVIST\nHAMBURG\nC/NO. 1-240")
        order.action_confirm()
        bank = self.env["res.bank"].create({"name": "Hanseatic Commerce Bank", "bic": "HCBKDEHHXXX"})
        lc_values = {"order_id": order.id, "amount": 1250.0, "currency_id": self.usd.id}
        self.env["sale.letter.credit"].create(
            [
                dict(lc_values, name="LC-HCB-0399", state="cancelled", date_expiry=date(2026, 8, 1)),
                dict(lc_values, name="LC-HCB-0415", state="received", date_expiry=date(2026, 7, 10),
                     issuing_bank_id=bank.id, date_issue=date(2026, 5, 5)),
            ]
        )  # fmt: skip
        html = self._render(COMMERCIAL, order, user=self.salesperson)
        tree = lxml_html.fromstring(html)

        def text(xpath):
            return " ".join(" ".join(node.text_content().split()) for node in tree.xpath(xpath))

        self.assertIn("LC-HCB-0415", text("//tr[@name='letter_of_credit']"))
        self.assertIn("05/05/2026", text("//tr[@name='letter_of_credit']"))
        self.assertNotIn("LC-HCB-0399", html, "a cancelled L/C is not presented")
        self.assertIn("Hanseatic Commerce Bank", text("//tr[@name='issuing_bank']"))
        self.assertEqual(text("//td[@name='hs_code']"), "8481.80.40 8481.80.90")
        self.assertEqual(text("//tr[@name='country_of_origin']/td[2]"), "Vietnam, China")
        self.assertEqual(text("//tr[@name='currency']/td[2]"), "USD")
        self.assertEqual(text("//span[@name='summary_packages']"), "10")
        self.assertEqual(text("//span[@name='summary_net_weight']"), "205.00")
        self.assertEqual(text("//span[@name='summary_gross_weight']"), "222.50")
        for fact in ("FOB Ningbo", "Hamburg", "SAY TOTAL: USD ONE THOUSAND, TWO HUNDRED AND FIFTY DOLLARS ONLY"):
            self.assertIn(fact, html)
        # the proforma is issued before any L/C: it names none
        self.assertNotIn("LC-HCB-0415", self._render(PROFORMA, order))

    def test_an_expected_lc_is_named_until_one_is_received(self):
        order = self._order()
        order.action_confirm()
        self.env["sale.letter.credit"].create(
            {"name": "LC-EXP-0007", "order_id": order.id, "amount": 1250.0, "currency_id": self.usd.id,
             "date_expiry": date(2026, 7, 10)}
        )  # fmt: skip
        self.assertIn("LC-EXP-0007", self._render(COMMERCIAL, order))
        self.assertIn("LC-EXP-0007", self._render(PACKING, order))

    def test_shipping_marks_count_the_cartons_packed(self):
        self._customs_setup()
        order = self._order(shipping_marks="LINDQVIST\nHAMBURG\nC/NO. 1-240")
        order.action_confirm()
        for report in (COMMERCIAL, PACKING):
            tree = lxml_html.fromstring(self._render(report, order))
            marks = tree.xpath("//div[@name='shipping_marks_text']")[0].text_content()
            self.assertIn("C/NO. 1-10", marks, "as many carton numbers as packages")
            self.assertNotIn("240", marks)
            self.assertIn("LINDQVIST", marks)
        packing = lxml_html.fromstring(self._render(PACKING, order))
        self.assertEqual(packing.xpath("//span[@name='total_packages']")[0].text_content().strip(), "10")
        order.shipping_marks = "LINDQVIST\nC/No. 1 - UP"
        self.assertEqual(order._export_shipping_marks(), "LINDQVIST\nC/No. 1-10")
        order.order_line.export_packages = 0
        self.assertEqual(order._export_shipping_marks(), "LINDQVIST\nC/No. 1 - UP", "unknown cartons: as typed")
