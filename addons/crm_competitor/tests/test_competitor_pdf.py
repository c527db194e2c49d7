# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import shutil
import subprocess
import tempfile
import unicodedata
import unittest

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.crm_foreign_trade.tests.common import use_chinese


@tagged("post_install", "-at_install")
@unittest.skipUnless(shutil.which("wkhtmltopdf") and shutil.which("pdftotext"), "needs wkhtmltopdf and pdftotext")
class TestCompetitorBriefPdf(HttpCase):
    """The competitor brief as wkhtmltopdf prints it (tests otherwise get HTML)."""

    def test_chinese_manager_prints_a_chinese_competitor_brief(self):
        manager = new_test_user(self.env, "ft_cb_manager", groups="sales_team.group_sale_manager")
        use_chinese(self.env, manager)
        competitor = self.env["crm.competitor"].create(
            {"name": "深圳金线电缆有限公司", "strengths": "<p>价格低，UL认证齐全</p>"}
        )
        product = self.env["product.product"].create({"name": "电源线卷", "lst_price": 10.0})
        self.env["crm.competitor.price"].create(
            {"competitor_id": competitor.id, "product_id": product.id, "price": 9.0, "competitor_model": "金线七号"}
        )
        # printed as from the web client: in the printing user's language
        pdf, report_format = (
            self.env["ir.actions.report"]
            .with_user(manager)
            .with_context(manager.with_user(manager).context_get(), force_report_rendering=True)
            ._render_qweb_pdf("crm_competitor.action_report_competitor_brief", competitor.ids)
        )
        self.assertEqual(report_format, "pdf")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(pdf)
            file.flush()
            text = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", file.name, "-"], capture_output=True, check=True
            ).stdout.decode()
        # the CJK font's glyphs of some characters come out as Kangxi radicals; Latin text in the layout's
        # web font is drawn as outlines (not searchable), hence Chinese names here
        text = unicodedata.normalize("NFKC", text)
        for label in ("优势", "劣势", "价格历史", "对方型号"):
            self.assertIn(label, text)
        for content in ("深圳金线电缆有限公司", "价格低", "电源线卷", "金线七号"):
            self.assertIn(content, text)
