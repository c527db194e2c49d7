# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .res_partner import CUSTOMER_CLASSES

SAMPLE_STATES = [
    ("draft", "Draft"),
    ("requested", "Requested"),
    ("approved", "Approved"),
    ("made", "Made"),
    ("sent", "Sent"),
    ("feedback", "Feedback"),
    ("cancel", "Cancelled"),
]


class CrmSampleRequest(models.Model):
    """Samples stop being given away to customers who never order (seed 001 §4.3.2)."""

    _name = "crm.sample.request"
    _description = "Sample Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(required=True, copy=False, readonly=True, default=lambda self: _("New"))
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, tracking=True, index=True)
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Customer Company", store=True, index=True
    )
    lead_id = fields.Many2one("crm.lead", string="Opportunity", index=True)
    user_id = fields.Many2one("res.users", string="Salesperson", default=lambda self: self.env.user, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    line_ids = fields.One2many("crm.sample.request.line", "request_id", string="Samples", copy=True)
    value = fields.Monetary(compute="_compute_value", store=True, help="Cost of the samples.")
    expected_class = fields.Selection(
        CUSTOMER_CLASSES,
        string="Likely Class",
        help="The class the customer is likely to reach; the fee policy depends on it.",
    )
    fee_policy = fields.Selection(
        [("free", "Free of Charge"), ("charge", "Full Fee")], compute="_compute_fee_policy", store=True
    )
    free_requested = fields.Boolean(
        string="Ask to Waive the Fee", tracking=True, help="The policy charges, the salesperson asks for free."
    )
    is_free = fields.Boolean(compute="_compute_is_free", store=True, string="Free")
    state = fields.Selection(SAMPLE_STATES, default="draft", required=True, tracking=True, index=True)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    sent_date = fields.Date(readonly=True, copy=False)
    feedback = fields.Text(tracking=True)
    converted_order_id = fields.Many2one(
        "sale.order",
        string="Resulting Order",
        readonly=True,
        copy=False,
        help="First confirmed order with a sampled product.",
    )
    converted = fields.Boolean(compute="_compute_converted", store=True)
    converted_amount = fields.Monetary(
        string="Resulting Order Amount",
        readonly=True,
        copy=False,
        help="Untaxed amount of the sampled products ordered.",
    )
    conversion_checked_on = fields.Date(
        readonly=True, copy=False, help="Last daily search for the order the sample should bring."
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("crm.sample.request") or _("New")
            if "expected_class" not in vals and vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id
                vals["expected_class"] = partner.customer_class
        return super().create(vals_list)

    @api.depends("line_ids.value")
    def _compute_value(self):
        for request in self:
            request.value = sum(request.line_ids.mapped("value"))

    @api.depends(
        "value",
        "expected_class",
        "company_id.sample_free_value",
        "company_id.sample_full_fee_value",
        "company_id.sample_class_b_free",
    )
    def _compute_fee_policy(self):
        for request in self:
            company = request.company_id.sudo()
            # "free up to 0" is a value: every sample with a cost is charged
            if request.value <= company.sample_free_value:
                policy = "free"
            elif request.value >= company.sample_full_fee_value:
                policy = "charge"
            elif request.expected_class == "a" or (request.expected_class == "b" and company.sample_class_b_free):
                policy = "free"
            else:
                policy = "charge"
            request.fee_policy = policy

    @api.depends("fee_policy", "free_requested", "approved_by_id", "state")
    def _compute_is_free(self):
        for request in self:
            request.is_free = request.fee_policy == "free" or (
                request.free_requested and request.state not in ("draft", "requested", "cancel")
            )

    @api.depends("converted_order_id")
    def _compute_converted(self):
        for request in self:
            request.converted = bool(request.converted_order_id)

    def _needs_approval(self):
        self.ensure_one()
        return self.fee_policy == "charge" and self.free_requested

    def action_request(self):
        # every request checked before any is requested: a list's button requests all of them or none
        for request in self:
            if request.state != "draft":
                raise UserError(_("Only draft sample requests can be requested."))
            if not request.line_ids:
                raise ValidationError(_("Add the samples to make."))
        for request in self:
            request.state = "requested"
            if request._needs_approval():
                manager = request.user_id._sales_manager_of("branch_manager", request.company_id)
                request.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=(manager or request.user_id).id,
                    summary=_("Approve free samples"),
                    note=_("The fee policy charges %(value)s for these samples; the salesperson asks for free.",
                           value=request.value),
                )  # fmt: skip
            else:
                request._approve()
        return True

    def _approve(self):
        self.write({"state": "approved", "approved_by_id": self.env.user.id})

    def action_approve(self):
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise UserError(_("Only a sales manager approves free samples the policy would charge."))
        for request in self:
            if request.state != "requested":
                raise UserError(_("Only requested samples can be approved."))
        self._approve()
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_refuse_waiver(self):
        """The manager keeps the fee: the request goes on, charged."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise UserError(_("Only a sales manager decides on the sample fee."))
        self.write({"free_requested": False})
        self._approve()
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def _advance(self, from_state, to_state, **extra):
        for request in self:
            if request.state != from_state:
                raise UserError(
                    _("%(name)s must be %(state)s first.", name=request.name,
                      state=dict(SAMPLE_STATES)[from_state])
                )  # fmt: skip
        self.write(dict({"state": to_state}, **extra))
        return True

    def action_made(self):
        return self._advance("approved", "made")

    def action_sent(self):
        return self._advance("made", "sent", sent_date=fields.Date.context_today(self))

    def action_feedback(self):
        if any(not request.feedback for request in self):
            raise UserError(_("Write the customer's feedback first."))
        return self._advance("sent", "feedback")

    def action_cancel(self):
        self.write({"state": "cancel"})
        return True

    @api.model
    def _awaiting_order_domain(self):
        """Sent samples still waiting for the order they should bring (conversions and the customer's flag)."""
        return [("state", "in", ("sent", "feedback")), ("converted_order_id", "=", False), ("sent_date", "!=", False)]

    @api.model
    def _update_conversions(self, partners=None, batch_size=500):
        """Link sent samples to the first confirmed order of a sampled product within N days.

        For `partners` (their order was confirmed): their samples at once. Daily, without: one batch per call; the
        scheduler calls again while samples remain (`_notify_progress`), and a sample checked today leaves the
        search, so a killed run resumes with the others.
        """
        domain = self._awaiting_order_domain()
        if partners is not None:
            # the customers' own flag first: confirming an order usually finds no sample to convert
            partners = partners.commercial_partner_id.filtered("sample_awaiting_order")
            if not partners:
                return
            domain.append(("commercial_partner_id", "in", partners.ids))
            self.sudo().search(domain)._link_conversions()
            return
        today = fields.Date.context_today(self)
        domain += ["|", ("conversion_checked_on", "=", False), ("conversion_checked_on", "<", today)]
        samples = self.sudo().search(domain, order="id", limit=batch_size)
        remaining = self.sudo().search_count(domain) - len(samples)
        samples._link_conversions()
        # the ORM's plain write: a date stamp, no tracking nor write override concerns it
        models.BaseModel.write(samples, {"conversion_checked_on": today})
        self.env["ir.cron"]._notify_progress(done=len(samples), remaining=remaining)
        return remaining

    def _link_conversions(self):
        """Link these samples to the first confirmed order of a sampled product within their company's days."""
        samples = self
        if not samples:
            return
        order_lines = (
            self.env["sale.order.line"]
            .sudo()
            .search_fetch(
                [
                    ("order_id.state", "=", "sale"),
                    ("order_id.partner_id.commercial_partner_id", "in", samples.commercial_partner_id.ids),
                    ("product_id", "in", samples.line_ids.product_id.ids),
                    ("order_id.date_order", ">=", min(samples.mapped("sent_date"))),
                ],
                ["order_id", "product_id", "price_subtotal", "order_partner_id"],
                order="id",
            )
        )
        for sample in samples:
            limit = sample.sent_date + relativedelta(days=sample.company_id.sudo().sample_conversion_days)
            products = sample.line_ids.product_id
            commercial = sample.commercial_partner_id
            matching = order_lines.filtered(
                lambda l, s=sample, c=commercial, p=products, lim=limit: (
                    l.product_id in p
                    and l.order_partner_id.commercial_partner_id == c
                    and s.sent_date <= l.order_id.date_order.date() <= lim
                )
            )
            if matching:
                order = matching[0].order_id
                sample.write(
                    {
                        "converted_order_id": order.id,
                        "converted_amount": sum(
                            matching.filtered(lambda l, o=order: l.order_id == o).mapped("price_subtotal")
                        ),
                    }
                )


class CrmSampleRequestLine(models.Model):
    _name = "crm.sample.request.line"
    _description = "Sample Request Line"

    request_id = fields.Many2one("crm.sample.request", required=True, ondelete="cascade", index=True)
    product_id = fields.Many2one("product.product", required=True)
    description = fields.Char()
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    unit_cost = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one(related="request_id.currency_id")
    value = fields.Monetary(compute="_compute_line_value", store=True, currency_field="currency_id")

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.product_id:
            self.unit_cost = self.product_id.standard_price

    @api.constrains("quantity", "unit_cost")
    def _check_quantity_and_cost(self):
        # a negative line would lower the request's value below the free-sample threshold
        if any(line.quantity < 0 or line.unit_cost < 0 for line in self):
            raise ValidationError(_("The quantity and unit cost of a sample cannot be negative."))

    @api.depends("quantity", "unit_cost")
    def _compute_line_value(self):
        for line in self:
            line.value = line.quantity * line.unit_cost
