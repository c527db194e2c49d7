# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import UserError


class ReportProformaInvoice(models.AbstractModel):
    """Values shared by the export documents of a sale order (proforma, commercial invoice, packing list)."""

    _name = "report.crm_order_execution.report_proforma_invoice"
    _description = "Proforma Invoice Report"

    # documents of a shipment (commercial invoice, packing list) need a confirmed order
    _confirmed_orders_only = False

    def _document_name(self):
        return _("Proforma Invoice")

    @api.model
    def _get_report_values(self, docids, data=None):
        orders = self.env["sale.order"].browse(docids)
        if self._confirmed_orders_only:
            quotations = orders.filtered(lambda o: o.state != "sale")
            if quotations:
                raise UserError(
                    _(
                        "The %(document)s can only be printed for confirmed orders; confirm %(orders)s first.",
                        document=self._document_name(),
                        orders=", ".join(quotations.mapped("name")),
                    )
                )
        return {
            "doc_ids": docids,
            "doc_model": "sale.order",
            "docs": orders,
            "bilingual_labels": self._bilingual_labels,
            "amount_in_words": self._amount_in_words,
            "bank_accounts": self._bank_accounts,
            "product_lines": self._product_lines,
            "incoterm_text": self._incoterm_text,
            "line_description": self._line_description,
        }

    @api.model
    def _bilingual_labels(self, order):
        """Chinese after each English label: the company's policy, and always for a reader of Chinese."""
        lang = self.env.context.get("lang") or self.env.user.lang or ""
        return order.company_id.export_documents_bilingual or lang.startswith("zh_")

    @api.model
    def _amount_in_words(self, order):
        """The "say total" of export documents, always in English: SAY TOTAL: USD ... ONLY."""
        currency = order.currency_id.with_context(lang="en_US")
        words = currency.amount_to_text(order.amount_total).upper()
        return f"SAY TOTAL: {currency.name} {words} ONLY"

    @api.model
    def _bank_accounts(self, order):
        """The company's accounts in the order's currency, else those without a currency, else all."""
        # salespeople print the seller's bank details; with hr only billing users may read bank accounts
        banks = order.company_id.partner_id.sudo().bank_ids
        return (
            banks.filtered(lambda b: b.currency_id == order.currency_id)
            or banks.filtered(lambda b: not b.currency_id)
            or banks
        )

    @api.model
    def _incoterm_text(self, order):
        """Incoterm code and named place, e.g. "FOB Ningbo" or "CIF Hamburg"."""
        if not order.incoterm:
            return ""
        # sale_stock's explicit place first; otherwise E/F terms name the port of loading, C/D terms the destination
        place = order.incoterm_location
        if not place:
            departure = order.incoterm.code in ("EXW", "FCA", "FAS", "FOB")
            place = order.port_of_loading if departure else order.port_of_destination
        return " ".join(filter(None, [order.incoterm.code, place]))

    @api.model
    def _line_description(self, line):
        """The line's text when the order is in English, else the product's English description."""
        if not line.product_id or (line.order_id._get_lang() or "en_US").startswith("en_"):
            return line.name
        return line.with_context(lang="en_US")._get_sale_order_line_multiline_description_sale()

    @api.model
    def _product_lines(self, order):
        return order._export_goods_lines()


class ReportCommercialInvoice(models.AbstractModel):
    _name = "report.crm_order_execution.report_commercial_invoice"
    _inherit = "report.crm_order_execution.report_proforma_invoice"
    _description = "Commercial Invoice Report"

    _confirmed_orders_only = True

    def _document_name(self):
        return _("Commercial Invoice")


class ReportPackingList(models.AbstractModel):
    _name = "report.crm_order_execution.report_packing_list"
    _inherit = "report.crm_order_execution.report_proforma_invoice"
    _description = "Packing List Report"

    _confirmed_orders_only = True

    def _document_name(self):
        return _("Packing List")
