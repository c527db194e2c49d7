# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the export documents of an order (proforma, commercial invoice, packing list) print beyond the order."""

import re

from odoo import api, fields, models

# "C/NO. 1-240", "C/No.1 - 240", "C/NO. 1-UP": the carton numbers of the shipping marks
CARTON_NUMBERS = re.compile(r"(C/NO\.?\s*)1\s*-\s*(?:\d+|UP)\b", re.IGNORECASE)

# the documents a customer may download in the portal, with the order states they exist in
EXPORT_DOCUMENTS = {
    "proforma": ("crm_order_execution.action_report_proforma_invoice", ("draft", "sent", "sale")),
    "commercial": ("crm_order_execution.action_report_commercial_invoice", ("sale",)),
    "packing": ("crm_order_execution.action_report_packing_list", ("sale",)),
}


# a file per concern: sale_order.py holds the execution checklist
class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    export_package_count = fields.Integer(
        string="Packages", compute="_compute_export_packing_totals", store=True, help="Packages of all lines."
    )
    export_net_weight = fields.Float(
        string="Net Weight (kg)", digits="Stock Weight", compute="_compute_export_packing_totals", store=True
    )
    export_gross_weight = fields.Float(
        string="Gross Weight (kg)", digits="Stock Weight", compute="_compute_export_packing_totals", store=True
    )
    export_measurement = fields.Float(
        string="Measurement (m³)", digits="Volume", compute="_compute_export_packing_totals", store=True
    )
    export_letter_credit_id = fields.Many2one(
        "sale.letter.credit",
        string="Documentary L/C",
        compute="_compute_export_letter_credit_id",
        help="The letter of credit the documents are presented under: the received one, else the expected one.",
    )

    @api.depends(
        "order_line.display_type",
        "order_line.is_downpayment",
        "order_line.export_packages",
        "order_line.export_net_weight",
        "order_line.export_gross_weight",
        "order_line.export_measurement",
    )
    def _compute_export_packing_totals(self):
        for order in self:
            lines = order._export_goods_lines()
            order.export_package_count = sum(lines.mapped("export_packages"))
            order.export_net_weight = sum(lines.mapped("export_net_weight"))
            order.export_gross_weight = sum(lines.mapped("export_gross_weight"))
            order.export_measurement = sum(lines.mapped("export_measurement"))

    @api.depends("letter_of_credit_ids.state", "letter_of_credit_ids.date_expiry")
    def _compute_export_letter_credit_id(self):
        for order in self:
            credits = order.letter_of_credit_ids.filtered(lambda lc: lc.state != "cancelled")
            order.export_letter_credit_id = credits.filtered(lambda lc: lc.state == "received")[:1] or credits[:1]

    def _export_goods_lines(self):
        """The lines of goods the documents list: no section, note or down payment."""
        return self.order_line.filtered(lambda line: not line.display_type and not line.is_downpayment)

    def _export_shipping_marks(self):
        """The shipping marks with their carton numbers taken from the packages counted on the lines.

        Marks are typed once ("C/NO. 1-UP"); the number of cartons printed must be the one packed.
        """
        self.ensure_one()
        if not self.shipping_marks or not self.export_package_count:
            return self.shipping_marks or ""
        return CARTON_NUMBERS.sub(lambda m: f"{m.group(1)}1-{self.export_package_count}", self.shipping_marks)

    def _export_origin_countries(self):
        """The countries of origin of the goods, in the order of the lines."""
        self.ensure_one()
        countries = self.env["res.country"]
        for line in self._export_goods_lines():
            countries |= line._export_origin()
        return countries

    def _export_documents(self):
        """The export documents of the order in its current state: {key: report action}, in the env's language."""
        self.ensure_one()
        return {
            key: self.env.ref(report).sudo()
            for key, (report, states) in EXPORT_DOCUMENTS.items()
            if self.state in states
        }

    def _portal_export_documents(self):
        """The export documents the customer downloads in the portal: only export customers get them."""
        self.ensure_one()
        if self.partner_id.commercial_partner_id.trade_channel not in ("direct_export", "transfer_export"):
            return {}
        return self._export_documents()
