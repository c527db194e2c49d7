# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import float_compare

LC_STATES = [("expected", "Expected"), ("received", "Received"), ("cancelled", "Cancelled")]
# L/Cs a warning run handles per call; the scheduler calls again while L/Cs remain
LC_WARNING_BATCH = 500


class SaleLetterCredit(models.Model):
    """A documentary letter of credit opened by the buyer's bank for an export order (UCP 600 terms)."""

    _name = "sale.letter.credit"
    _description = "Letter of Credit"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_expiry desc, id desc"

    name = fields.Char(string="L/C Number", required=True, tracking=True)
    order_id = fields.Many2one("sale.order", required=True, index=True, ondelete="cascade", tracking=True)
    partner_id = fields.Many2one(related="order_id.partner_id.commercial_partner_id", store=True, string="Applicant")
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    user_id = fields.Many2one(related="order_id.user_id", store=True, string="Salesperson")
    state = fields.Selection(LC_STATES, default="expected", required=True, tracking=True)
    issuing_bank_id = fields.Many2one("res.bank", tracking=True)
    advising_bank_id = fields.Many2one("res.bank")
    amount = fields.Monetary(required=True, tracking=True)
    currency_id = fields.Many2one("res.currency", required=True, default=lambda self: self.env.company.currency_id)
    date_issue = fields.Date(string="Issued On")
    date_expiry = fields.Date(string="Expiry Date", required=True, tracking=True)
    place_of_expiry = fields.Char(string="Place of Expiry")
    latest_shipment_date = fields.Date(tracking=True)
    presentation_days = fields.Integer(
        string="Presentation Period (Days)",
        default=21,
        help="Days after shipment within which the documents must be presented (21 under UCP 600 if silent).",
    )
    partial_shipment_allowed = fields.Boolean(string="Partial Shipments Allowed")
    transhipment_allowed = fields.Boolean()
    amendment_ids = fields.One2many("sale.letter.credit.amendment", "letter_credit_id", string="Amendments")
    is_expired = fields.Boolean(compute="_compute_is_expired", search="_search_is_expired", string="Expired")
    shipment_warning_sent = fields.Boolean(readonly=True, copy=False)
    expiry_warning_sent = fields.Boolean(readonly=True, copy=False)
    notes = fields.Html()

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "The amount of a letter of credit must be positive."),
    ]

    @api.constrains("presentation_days")
    def _check_presentation_days(self):
        if any(lc.presentation_days < 0 for lc in self):
            raise ValidationError(_("The presentation period of a letter of credit cannot be negative."))

    @api.depends("date_expiry")
    def _compute_is_expired(self):
        today = fields.Date.context_today(self)
        for lc in self:
            lc.is_expired = bool(lc.date_expiry and lc.date_expiry < today)

    def _search_is_expired(self, operator, value):
        today = fields.Date.context_today(self)
        expired = (operator == "=") == bool(value)
        return [("date_expiry", "<" if expired else ">=", today)]

    @api.constrains("date_issue", "date_expiry", "latest_shipment_date")
    def _check_dates(self):
        for lc in self:
            if lc.date_issue and lc.date_expiry and lc.date_expiry < lc.date_issue:
                raise ValidationError(_("L/C %(lc)s expires before it is issued.", lc=lc.name))
            if lc.latest_shipment_date and lc.date_expiry and lc.latest_shipment_date > lc.date_expiry:
                raise ValidationError(_("The latest shipment date of L/C %(lc)s is after its expiry date.", lc=lc.name))

    def _covers(self, order, today):
        self.ensure_one()
        return (
            self.state == "received"
            and self.currency_id == order.currency_id
            and float_compare(self.amount, order.amount_total, precision_rounding=order.currency_id.rounding) >= 0
            and self.date_expiry >= today
        )

    def action_receive(self):
        self.write({"state": "received"})
        return True

    def action_cancel(self):
        self.write({"state": "cancelled"})
        return True

    @api.model
    def _cron_warn_deadlines(self, batch_size=LC_WARNING_BATCH):
        """Tell the salesperson (and the order's clerk) once when a deadline comes close, one batch per call.

        The scheduler calls again while L/Cs remain (`_notify_progress`); a warned deadline leaves the search, so a
        killed run resumes with the others.
        """
        today = fields.Date.context_today(self)
        warned, done, remaining = self.browse(), 0, 0
        for date_field, sent_field, domain in self._warned_deadlines():
            domain = expression.AND([domain, self._deadline_warning_domain(date_field, sent_field, today)])
            # a full batch leaves the other deadlines to the next call (a limit of 0 would be no limit)
            batch = self.search(domain, order="id", limit=batch_size - done) if done < batch_size else self.browse()
            remaining += self.search_count(domain) - len(batch)
            for lc in batch:
                lc._warn_deadline(date_field)
            batch.write({sent_field: True})
            done += len(batch)
            warned |= batch
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return warned

    @api.model
    def _warned_deadlines(self):
        """The deadlines warned of once: (date field, its warned flag, which L/Cs it concerns)."""
        return [("latest_shipment_date", "shipment_warning_sent", []), ("date_expiry", "expiry_warning_sent", [])]

    @api.model
    def _deadline_warning_domain(self, date_field, sent_field, today):
        """Received L/Cs not warned yet whose deadline comes within their company's L/C warning days."""
        within = expression.OR(
            [
                [
                    ("company_id", "=", company.id),
                    (date_field, "<=", fields.Date.add(today, days=company.execution_lc_warning_days)),
                ]
                for company in self.env["res.company"].sudo().search([])
            ]
        )
        return expression.AND(
            [[("state", "=", "received"), (sent_field, "=", False), (date_field, ">=", today)], within]
        )

    def _warn_deadline(self, date_field):
        """An activity about this deadline for the salesperson and the clerk of the order's shipping step."""
        self.ensure_one()
        warning = self.env.ref("mail.mail_activity_data_warning")
        order = self.order_id
        users = order.user_id | order.execution_step_ids.filtered(lambda s: s.milestone == "shipped").user_id
        for user in users or self.env.user:
            # each reader is warned in their own language, whoever runs the cron
            summary, deadline = self.with_context(lang=user.lang)._deadline_warning(date_field)
            self.activity_schedule(
                activity_type_id=warning.id, user_id=user.id, date_deadline=deadline, summary=summary
            )

    def _deadline_warning(self, date_field):
        """The warning's summary, in the context's language, and its due date."""
        if date_field == "latest_shipment_date":
            summary = self.env._("L/C %(lc)s: ship by %(date)s", lc=self.name, date=self.latest_shipment_date)
        else:
            summary = self.env._("L/C %(lc)s expires on %(date)s", lc=self.name, date=self.date_expiry)
        return summary, min(d for d in (self.latest_shipment_date, self.date_expiry) if d)
