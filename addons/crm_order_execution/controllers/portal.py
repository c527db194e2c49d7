# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request
from odoo.tools.safe_eval import safe_eval, time

from odoo.addons.sale.controllers.portal import CustomerPortal


class ExportDocumentsPortal(CustomerPortal):
    """The customer downloads the export documents of an order they may see (/my/orders/<id>)."""

    @http.route(
        "/my/orders/<int:order_id>/export_document/<string:document>",
        type="http",
        auth="public",
    )
    def portal_order_export_document(self, order_id, document, access_token=None, download=False, **kw):
        # Odoo's order page check: the customer's own order, or the order's access token
        try:
            order_sudo = self._document_check_access("sale.order", order_id, access_token=access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        report = order_sudo._portal_export_documents().get(document)
        if not report:
            raise request.not_found()
        response = self._show_report(model=order_sudo, report_type="pdf", report_ref=report, download=download)
        # "PL - S00042" (translated), not sale's "Sales Order S00042" for all three documents
        filename = safe_eval(report.print_report_name, {"object": order_sudo, "time": time})
        response.headers["Content-Disposition"] = content_disposition(
            f"{filename}.pdf", disposition_type="attachment" if download else "inline"
        )
        return response
