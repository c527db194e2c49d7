# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer downloads the export documents of their orders in the portal, nobody else's."""

from unittest.mock import patch
from urllib.parse import quote

from lxml import html as lxml_html

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.crm_foreign_trade.tests.common import use_chinese

from .test_export_documents_pdf import missing_pdf_tools, pdf_text


@tagged("post_install", "-at_install")
class TestPortalDocuments(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")  # a database installed in Chinese only
        cls.env.company.execution_checklists = True
        cls.env.company.export_documents_bilingual = False
        cls.product = cls.env["product.product"].create({"name": "Portal Valve", "hs_code": "8481.80.40"})
        cls.company_a = cls.env["res.partner"].create(
            {"name": "Nordlicht Elektro GmbH", "is_company": True, "trade_channel": "direct_export"}
        )
        cls.company_b = cls.env["res.partner"].create(
            {"name": "Baltic Trading OÜ", "is_company": True, "trade_channel": "direct_export"}
        )
        cls.portal_a = cls._portal_user("ft_doc_portal_a", cls.company_a)
        cls.portal_b = cls._portal_user("ft_doc_portal_b", cls.company_b)
        cls.order_a = cls._order(cls.company_a)
        cls.order_a.action_confirm()
        steps = {s.name: s for s in cls.order_a.execution_step_ids}
        for name in ("Packing list and shipping instruction", "Space booked", "Bill of lading issued"):
            steps[name].action_done()
        cls.quotation_a = cls._order(cls.company_a)
        cls.quotation_a.action_quotation_sent()
        cls.order_b = cls._order(cls.company_b)
        cls.order_b.action_confirm()

    @classmethod
    def _portal_user(cls, login, company):
        user = new_test_user(cls.env, login, groups="base.group_portal", name=f"{company.name} buyer", lang="en_US")
        user.partner_id.parent_id = company
        return user

    @classmethod
    def _order(cls, company):
        return cls.env["sale.order"].create(
            {
                "partner_id": company.id,
                "port_of_loading": "Ningbo",
                "order_line": [(0, 0, {"product_id": cls.product.id, "product_uom_qty": 24})],
            }
        )

    def _links(self, order):
        response = self.url_open(f"/my/orders/{order.id}")
        self.assertEqual(response.status_code, 200)
        tree = lxml_html.fromstring(response.text)
        links = tree.xpath("//section[@id='export_documents']//a[@data-export-document]")
        return {a.get("data-export-document"): a.get("href") for a in links}

    def _download(self, order, document, access_token=None):
        query = f"?access_token={access_token}" if access_token else ""
        return self.url_open(f"/my/orders/{order.id}/export_document/{document}{query}", allow_redirects=False)

    def test_customer_downloads_the_documents_of_their_order(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        links = self._links(self.order_a)
        self.assertEqual(sorted(links), ["commercial", "packing", "proforma"])
        for document, href in links.items():
            self.assertIn(f"/my/orders/{self.order_a.id}/export_document/{document}", href)
            response = self.url_open(href, allow_redirects=False)
            self.assertEqual(response.status_code, 200, document)
            self.assertEqual(response.headers["Content-Type"], "application/pdf")
            self.assertIn("attachment", response.headers["Content-Disposition"])
            self.assertIn(self.order_a.name, response.text)
        disposition = self._download(self.order_a, "packing").headers["Content-Disposition"]
        self.assertIn(f"PL%20-%20{self.order_a.name}.pdf", disposition, "the document's own name, not sale's")

    def test_a_quotation_offers_only_the_proforma(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        self.assertEqual(list(self._links(self.quotation_a)), ["proforma"])
        self.assertEqual(self._download(self.quotation_a, "proforma").status_code, 200)
        self.assertEqual(self._download(self.quotation_a, "commercial").status_code, 404)
        self.assertEqual(self._download(self.order_a, "invoice").status_code, 404)

    def test_a_domestic_customer_gets_no_export_documents(self):
        self.company_a.trade_channel = "domestic"
        self.authenticate(self.portal_a.login, self.portal_a.login)
        self.assertFalse(self._links(self.order_a))
        self.assertEqual(self._download(self.order_a, "packing").status_code, 404)

    def test_another_customers_documents_are_refused(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        for document in ("proforma", "commercial", "packing"):
            response = self._download(self.order_b, document)
            self.assertEqual(response.status_code, 303, document)
            self.assertTrue(response.headers["Location"].endswith("/my"))
            self.assertNotIn(self.order_b.name, response.text)
        self.logout()
        response = self._download(self.order_b, "packing")
        self.assertEqual(response.status_code, 303)
        self.assertNotIn("application/pdf", response.headers.get("Content-Type", ""))
        # Odoo's share link: the holder of the order's access token may download its documents
        response = self._download(self.order_b, "packing", access_token=self.order_b._portal_ensure_token())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")

    def test_portal_documents_tour_in_chinese(self):
        # a buyer of its own: Odoo caches each user's context (language) beyond the test's rollback
        buyer = self._portal_user("ft_doc_portal_zh", self.company_a)
        use_chinese(self.env, buyer)
        self.start_tour("/my/orders", "crm_order_execution_portal_documents", login=buyer.login)
        reason = missing_pdf_tools()
        if reason:
            self.skipTest(reason)
        # the packing list as this customer downloads it: a real PDF, with Chinese labels for a reader of Chinese
        self.authenticate(buyer.login, buyer.login)
        # tests render the HTML of reports; print for real while the test server answers
        report_model = type(self.env["ir.actions.report"])
        render_pdf = report_model._render_qweb_pdf

        def render_for_real(reports, *args, **kwargs):
            return render_pdf(reports.with_context(force_report_rendering=True), *args, **kwargs)

        with patch.object(report_model, "_render_qweb_pdf", render_for_real):
            response = self._download(self.order_a, "packing")
        self.assertEqual(response.status_code, 200)
        self.assertIn(quote(f"箱单 - {self.order_a.name}.pdf"), response.headers["Content-Disposition"])
        self.assertTrue(response.content.startswith(b"%PDF-"))
        text = pdf_text(response.content)
        self.assertIn(self.order_a.name, text)
        self.assertIn("Packing List / 箱单", text)
        self.assertIn("8481.80.40", text)
