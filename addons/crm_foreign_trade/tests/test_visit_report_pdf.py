# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import shutil
import subprocess
import tempfile
import unicodedata
import unittest

from odoo.tests import HttpCase, tagged

from .common import ForeignTradeCommon, use_chinese


def pdf_text(pdf):
    """The text of a PDF as pdftotext reads it.

    NFKC: the CJK font's glyphs for 日, 方, 人... come out as Kangxi radicals (U+2F00 block).
    Only text in system fonts is text in the PDF: Latin text in the layout's web font (Lato) is drawn
    as outlines by wkhtmltopdf, so Latin names cannot be searched for here.
    """
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", file.name, "-"], capture_output=True, check=True
        ).stdout.decode()
    return unicodedata.normalize("NFKC", text)


@tagged("post_install", "-at_install")
@unittest.skipUnless(shutil.which("wkhtmltopdf") and shutil.which("pdftotext"), "needs wkhtmltopdf and pdftotext")
class TestVisitReportPdf(HttpCase, ForeignTradeCommon):
    """The printed visit report, as wkhtmltopdf prints it (tests otherwise get HTML)."""

    def test_chinese_salesperson_prints_a_chinese_visit_report(self):
        use_chinese(self.env, self.salesperson)
        customer = self.env["res.partner"].create({"name": "东莞永发电器有限公司", "is_company": True})
        buyer = self.env["res.partner"].create({"name": "陈志强", "parent_id": customer.id})
        report = self.env["crm.visit.report"].create(
            {
                "partner_id": customer.id,
                "user_id": self.salesperson.id,
                "visitor_ids": [(6, 0, self.salesperson.ids)],
                "attendee_ids": [(6, 0, buyer.ids)],
                "purpose": "季度回访",
                "findings": "<p>三号线明年搬到越南。</p>",
            }
        )
        # printed as from the web client: in the printing user's language
        pdf, report_format = (
            self.env["ir.actions.report"]
            .with_user(self.salesperson)
            .with_context(self.salesperson.with_user(self.salesperson).context_get(), force_report_rendering=True)
            ._render_qweb_pdf("crm_foreign_trade.action_report_visit_report", report.ids)
        )
        self.assertEqual(report_format, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = pdf_text(pdf)
        for label in ("拜访发现", "我方拜访人员", "客户方参加人员", "目的"):
            self.assertIn(label, text)
        for content in ("东莞永发电器有限公司", "陈志强", "季度回访", "三号线明年搬到越南"):
            self.assertIn(content, text)
