# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The export documents as the customer and customs get them: real PDFs (wkhtmltopdf), read back with pdftotext."""

import subprocess
import unicodedata
from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.misc import find_in_path

PROFORMA = "crm_order_execution.action_report_proforma_invoice"
COMMERCIAL = "crm_order_execution.action_report_commercial_invoice"
PACKING = "crm_order_execution.action_report_packing_list"


def missing_pdf_tools():
    """The reason PDFs cannot be printed and read back here, if any."""
    for tool in ("wkhtmltopdf", "pdftotext"):
        try:
            find_in_path(tool)
        except OSError:
            return f"{tool} is not installed: export documents cannot be printed and read back as PDF"
    return None


def pdf_text(pdf):
    """The text of a PDF, whitespace collapsed (pdftotext lays columns out with runs of spaces).

    NFKC: the CJK fonts map some characters to their Kangxi radical look-alikes (⽅ for 方).
    """
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(unicodedata.normalize("NFKC", result.stdout.decode()).split())


@tagged("post_install", "-at_install")
class TestExportDocumentsPdf(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(cls.env, "ft_pdf_sales", groups="sales_team.group_sale_salesman")
        usd = cls.env.ref("base.USD")
        usd.active = True
        pricelist = cls.env["product.pricelist"].create({"name": "Export USD", "currency_id": usd.id})
        cls.env.company.write({"export_documents_bilingual": True, "country_id": cls.env.ref("base.cn").id})
        customer = cls.env["res.partner"].create(
            {"name": "Lindqvist Haustechnik GmbH", "is_company": True, "trade_channel": "direct_export"}
        )
        ball_valve, gate_valve = cls.env["product.product"].create(
            [
                {"name": "Stainless Steel Ball Valve DN25", "weight": 0.8, "hs_code": "8481.80.40",
                 "taxes_id": [(5, 0)]},
                {"name": "Brass Gate Valve DN50", "weight": 2.5, "hs_code": "8481.80.90", "taxes_id": [(5, 0)]},
            ]
        )  # fmt: skip
        cls.env["product.packaging"].create(
            [
                {"name": "Carton of 20", "product_id": ball_valve.id, "qty": 20, "export_tare_weight": 1.5},
                {"name": "Carton of 10", "product_id": gate_valve.id, "qty": 10, "export_tare_weight": 2.0},
            ]
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": cls.salesperson.id,
                "pricelist_id": pricelist.id,
                "incoterm": cls.env.ref("account.incoterm_FOB").id,
                "port_of_loading": "Ningbo",
                "port_of_destination": "Hamburg",
                "shipping_marks": "LINDQVIST\nHAMBURG\nC/NO. 1-240",
                "order_line": [
                    (0, 0, {"product_id": ball_valve.id, "product_uom_qty": 100, "price_unit": 10.0}),
                    (0, 0, {"product_id": gate_valve.id, "product_uom_qty": 50, "price_unit": 5.0}),
                ],
            }
        )
        cls.order.action_confirm()
        cls.env["sale.letter.credit"].create(
            {"name": "LC-HCB-0415", "order_id": cls.order.id, "amount": 1250.0, "currency_id": usd.id,
             "state": "received", "date_expiry": date(2026, 7, 10)}
        )  # fmt: skip

    def setUp(self):
        super().setUp()
        reason = missing_pdf_tools()
        if reason:
            self.skipTest(reason)

    def _print(self, report_ref):
        # tests render HTML unless told to render for real, as Odoo's own report tests do
        reports = self.env["ir.actions.report"].with_user(self.salesperson).with_context(force_report_rendering=True)
        pdf, report_type = reports._render_qweb_pdf(report_ref, self.order.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"), "a PDF, not the HTML of the report")
        return pdf_text(pdf)

    def test_commercial_invoice_prints_the_lc_customs_data_and_chinese_labels(self):
        text = self._print(COMMERCIAL)
        labels = ("Commercial Invoice / 商业发票", "L/C No. / 信用证号", "Country of Origin / 原产国", "Seller / 卖方")
        for label in labels + ("Total Packages / 总件数", "Shipping Marks / 唛头"):
            self.assertIn(label, text)
        self.assertIn("LC-HCB-0415", text)
        self.assertIn("SAY TOTAL: USD ONE THOUSAND, TWO HUNDRED AND FIFTY DOLLARS ONLY", text)
        self.assertIn("8481.80.40", text)
        self.assertIn("8481.80.90", text)
        self.assertIn("China", text, "country of origin: the company's country")
        self.assertIn("FOB Ningbo", text)
        # 5 + 5 cartons; 80 + 125 kg net, plus 5 × 1.5 and 5 × 2 kg of cartons
        # packages, net and gross weight in this order (the columns or the rows of the totals, by the page's width)
        self.assertRegex(text, r"总件数 .*?\b10\b.*?\b205\.00\b.*?\b222\.50\b")
        self.assertIn("C/NO. 1-10", text)
        self.assertNotIn("1-240", text)

    def test_packing_list_prints_packages_weights_and_matching_marks(self):
        text = self._print(PACKING)
        # NFKC: （千克） reads (千克)
        for label in ("Packing List / 箱单", "Net Weight (kg) / 净重(千克)", "Shipping Marks / 唛头"):
            self.assertIn(label, text)
        self.assertIn(self.order.name, text)
        self.assertIn("LC-HCB-0415", text)
        self.assertIn("8481.80.40", text)
        # the lines (5 cartons, 80 kg net, 87.50 kg gross; 5, 125, 135) and the totals row
        self.assertRegex(text, r"\b5 80\.00 87\.50\b.*\b5 125\.00 135\.00\b.*\b10 205\.00 222\.50\b")
        self.assertIn("C/NO. 1-10", text, "the marks number as many cartons as packed")
        self.assertNotIn("SAY TOTAL", text, "no prices on a packing list")

    def test_proforma_invoice_prints_the_total_in_words(self):
        text = self._print(PROFORMA)
        self.assertIn("Proforma Invoice / 形式发票", text)
        self.assertIn("SAY TOTAL: USD ONE THOUSAND, TWO HUNDRED AND FIFTY DOLLARS ONLY", text)
        self.assertIn("Stainless Steel Ball Valve DN25", text)
        self.assertIn("1,250.00", text)
        self.assertNotIn("LC-HCB-0415", text, "issued before the L/C")
