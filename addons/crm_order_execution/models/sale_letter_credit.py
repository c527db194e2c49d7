# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

LC_STATES = [("expected", "Expected"), ("received", "Received"), ("cancelled", "Cancelled")]


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
    def _cron_warn_deadlines(self):
        """Tell the salesperson (and the order's clerk) once when shipment or expiry comes close."""
        today = fields.Date.context_today(self)
        # one search per deadline, up to the longest warning any company gives; each L/C then follows its
        # company's own number of days
        longest = max(self.env["res.company"].sudo().search([]).mapped("execution_lc_warning_days"), default=0)
        horizon = fields.Date.add(today, days=longest)

        def close(lc, deadline):
            return lc[deadline] <= fields.Date.add(today, days=lc.company_id.sudo().execution_lc_warning_days)

        base = [("state", "=", "received")]
        shipment = self.search(
            base + [("shipment_warning_sent", "=", False), ("latest_shipment_date", "<=", horizon),
                    ("latest_shipment_date", ">=", today)]
        ).filtered(lambda lc: close(lc, "latest_shipment_date"))  # fmt: skip
        expiry = self.search(
            base + [("expiry_warning_sent", "=", False), ("date_expiry", "<=", horizon), ("date_expiry", ">=", today)]
        ).filtered(lambda lc: close(lc, "date_expiry"))
        warning = self.env.ref("mail.mail_activity_data_warning")
        todo = [(lc, "shipment") for lc in shipment] + [(lc, "expiry") for lc in expiry]
        for lc, deadline in todo:
            users = (
                lc.order_id.user_id
                | lc.order_id.execution_step_ids.filtered(lambda s: s.milestone == "shipped").user_id
            )
            for user in users or self.env.user:
                # each reader is warned in their own language, whoever runs the cron
                env = lc.with_context(lang=user.lang).env
                if deadline == "shipment":
                    summary = env._("L/C %(lc)s: ship by %(date)s", lc=lc.name, date=lc.latest_shipment_date)
                else:
                    summary = env._("L/C %(lc)s expires on %(date)s", lc=lc.name, date=lc.date_expiry)
                lc.activity_schedule(
                    activity_type_id=warning.id,
                    user_id=user.id,
                    date_deadline=min(d for d in (lc.latest_shipment_date, lc.date_expiry) if d),
                    summary=summary,
                )
        shipment.write({"shipment_warning_sent": True})
        expiry.write({"expiry_warning_sent": True})
        return shipment | expiry
