# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Presentation of the documents under a letter of credit (UCP 600 art. 14 c, 29 a).

The documents are due within the presentation period after the shipment (the B/L date), and never
after the L/C expires; a presentation after either is discrepant.
"""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression


class SaleLetterCredit(models.Model):
    _inherit = "sale.letter.credit"

    date_bill_of_lading = fields.Date(related="order_id.date_bill_of_lading", string="B/L Date")
    date_documents_due = fields.Date(
        string="Documents Due",
        compute="_compute_date_documents_due",
        store=True,
        help="B/L date plus the presentation period, but not after the expiry date.",
    )
    date_documents_presented = fields.Date(
        string="Documents Presented", copy=False, tracking=True, help="When the documents reached the bank."
    )
    documents_presented_late = fields.Boolean(compute="_compute_documents_presented_late", store=True)
    presentation_late = fields.Boolean(
        string="Documents Late",
        compute="_compute_presentation_late",
        search="_search_presentation_late",
        help="Presented after they were due, or due and still not presented.",
    )
    documents_warning_sent = fields.Boolean(readonly=True, copy=False)
    discrepancy_ids = fields.One2many("sale.letter.credit.discrepancy", "letter_credit_id", string="Discrepancies")

    @api.depends("order_id.date_bill_of_lading", "presentation_days", "date_expiry")
    def _compute_date_documents_due(self):
        for lc in self:
            shipped = lc.order_id.date_bill_of_lading
            due = shipped and fields.Date.add(shipped, days=lc.presentation_days)
            lc.date_documents_due = min(due, lc.date_expiry) if due and lc.date_expiry else due

    @api.depends("date_documents_presented", "date_documents_due")
    def _compute_documents_presented_late(self):
        for lc in self:
            lc.documents_presented_late = bool(
                lc.date_documents_presented
                and lc.date_documents_due
                and lc.date_documents_presented > lc.date_documents_due
            )

    @api.depends("documents_presented_late", "date_documents_presented", "date_documents_due", "state")
    @api.depends_context("tz")
    def _compute_presentation_late(self):
        today = fields.Date.context_today(self)
        for lc in self:
            overdue = not lc.date_documents_presented and lc.date_documents_due and lc.date_documents_due < today
            lc.presentation_late = lc.state != "cancelled" and bool(lc.documents_presented_late or overdue)

    def _search_presentation_late(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(_("Unsupported search on late documents."))
        today = fields.Date.context_today(self)
        late = [
            ("state", "!=", "cancelled"),
            "|",
            ("documents_presented_late", "=", True),
            "&",
            ("date_documents_presented", "=", False),
            ("date_documents_due", "<", today),
        ]
        if (operator == "=") != bool(value):
            return ["!"] + expression.normalize_domain(late)
        return late

    @api.constrains("date_documents_presented", "date_expiry", "order_id")
    def _check_date_documents_presented(self):
        for lc in self.filtered("date_documents_presented"):
            if lc.date_expiry and lc.date_documents_presented > lc.date_expiry:
                raise ValidationError(
                    _(
                        "L/C %(lc)s expired on %(expiry)s: documents presented on %(date)s are too late.",
                        lc=lc.name,
                        expiry=lc.date_expiry,
                        date=lc.date_documents_presented,
                    )
                )
            shipped = lc.order_id.date_bill_of_lading
            if shipped and lc.date_documents_presented < shipped:
                raise ValidationError(
                    _("The documents of L/C %(lc)s cannot be presented before the B/L date.", lc=lc.name)
                )

    @api.model
    def _warned_deadlines(self):
        """Also warn once when the documents come due, unless they were presented."""
        return super()._warned_deadlines() + [
            ("date_documents_due", "documents_warning_sent", [("date_documents_presented", "=", False)])
        ]

    def _deadline_warning(self, date_field):
        if date_field != "date_documents_due":
            return super()._deadline_warning(date_field)
        summary = self.env._(
            "L/C %(lc)s: present the documents by %(date)s", lc=self.name, date=self.date_documents_due
        )
        return summary, self.date_documents_due
