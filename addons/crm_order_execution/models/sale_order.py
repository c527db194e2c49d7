# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .sale_execution_template import STEP_COPIED_FIELDS, planned_date


def working_days_between(start, end):
    """Days between two datetimes, Saturdays and Sundays left out (no query: it runs on every confirmation)."""
    total = 0.0
    day = start
    while day < end:
        next_day = datetime.combine(day.date() + timedelta(days=1), time.min)
        if day.weekday() < 5:
            total += (min(next_day, end) - day).total_seconds() / 86400
        day = next_day
    return total


class SaleOrder(models.Model):
    _inherit = "sale.order"

    execution_step_ids = fields.One2many("sale.execution.step", "order_id", string="Execution Checklist")
    execution_template_id = fields.Many2one("sale.execution.template", readonly=True, copy=False)
    vessel = fields.Char(string="Vessel / Voyage", copy=False)
    container_number = fields.Char(copy=False)
    port_of_loading = fields.Char()
    port_of_destination = fields.Char()
    date_etd = fields.Date(string="ETD", copy=False)
    date_eta = fields.Date(string="ETA", copy=False)
    bill_of_lading = fields.Char(string="B/L Number", copy=False)
    shipping_marks = fields.Text(help="Marks and numbers printed on the packages and the packing list.")
    execution_changeable = fields.Boolean(
        string="Can Still Be Changed",
        compute="_compute_execution_changeable",
        help="False once a purchase contract is confirmed, goods are delivered or a step that freezes the order "
        "(e.g. production started) is done.",
    )
    execution_late_count = fields.Integer(string="Late Steps", compute="_compute_execution_late_count")
    letter_of_credit_required = fields.Boolean(
        string="Paid by Letter of Credit",
        compute="_compute_letter_of_credit_required",
        store=True,
        readonly=False,
        help="The payment step is done only when a valid letter of credit covering the order is recorded.",
    )
    letter_of_credit_ids = fields.One2many("sale.letter.credit", "order_id", string="Letters of Credit")
    # seed 001: an order received must be confirmed within one working day
    date_order_received = fields.Datetime(
        string="Customer Order Received",
        default=fields.Datetime.now,
        copy=False,
        help="When the customer's purchase order arrived; the confirmation time counts from here.",
    )
    confirmation_working_days = fields.Float(
        string="Confirmation Time (Working Days)",
        compute="_compute_confirmation_time",
        store=True,
        aggregator="avg",
        digits=(16, 2),
    )
    confirmation_on_time = fields.Boolean(string="Confirmed on Time", compute="_compute_confirmation_time", store=True)

    @api.depends(
        "state", "execution_step_ids.state", "execution_step_ids.freezes_order", "execution_supply_started",
        "picking_ids.state",
    )  # fmt: skip
    def _compute_execution_changeable(self):
        for order in self:
            # the facts first: purchase or production under way, or goods out; else the step that freezes it
            frozen = order.execution_step_ids.filtered(lambda s: s.freezes_order and s.state == "done")
            shipped = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing" and p.state == "done")
            order.execution_changeable = order.state in ("draft", "sent", "sale") and not (
                frozen or shipped or order.execution_supply_started
            )

    @api.depends("execution_step_ids.is_late")
    def _compute_execution_late_count(self):
        for order in self:
            order.execution_late_count = len(order.execution_step_ids.filtered("is_late"))

    @api.depends("payment_term_id")
    def _compute_letter_of_credit_required(self):
        for order in self:
            order.letter_of_credit_required = order.payment_term_id.letter_of_credit

    @api.depends("state", "date_order", "date_order_received", "company_id.execution_confirmation_target_days")
    def _compute_confirmation_time(self):
        for order in self:
            target = order.company_id.sudo().execution_confirmation_target_days
            received, confirmed = order.date_order_received, order.date_order
            if order.state != "sale" or not received or not confirmed or confirmed < received:
                order.confirmation_working_days = 0.0
                order.confirmation_on_time = order.state == "sale"
                continue
            days = working_days_between(received, confirmed)
            order.confirmation_working_days = days
            order.confirmation_on_time = days <= target

    def write(self, vals):
        res = super().write(vals)
        if "date_etd" in vals or "date_eta" in vals:
            self.execution_step_ids._replan_from_shipping_dates()
        return res

    def _action_confirm(self):
        # only orders that really became sales orders: a credit block or a risk wizard leaves none
        res = super()._action_confirm()
        with_checklists = self.filtered(lambda o: o.company_id.sudo().execution_checklists)
        if with_checklists:
            with_checklists._generate_execution_checklists()
        return res

    def _create_invoices(self, grouped=False, final=False, date=None):
        self._check_execution_blocks("invoicing")
        return super()._create_invoices(grouped=grouped, final=final, date=date)

    def _check_letter_of_credit(self):
        """A valid L/C: received, in the order's currency, covering its total, not expired."""
        today = fields.Date.context_today(self)
        for order in self:
            valid = order.letter_of_credit_ids.filtered(lambda lc, o=order: lc._covers(o, today))
            if not valid:
                raise UserError(
                    _(
                        "Order %(order)s is paid by letter of credit: record a received L/C in %(currency)s "
                        "covering %(amount)s that has not expired before marking the payment step done.",
                        order=order.name,
                        currency=order.currency_id.name,
                        amount=order.currency_id.format(order.amount_total),
                    )
                )

    def action_view_letters_of_credit(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_order_execution.action_sale_letter_credit")
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {
            "default_order_id": self.id,
            "default_currency_id": self.currency_id.id,
            "default_amount": self.amount_total,
        }
        return action

    def _execution_responsible(self, template_step, clerk):
        """The responsible of a step copied from `template_step` (its values from the template's cache)."""
        if template_step["responsible_role"] == "salesperson":
            return self.user_id
        if template_step["responsible_role"] == "user":
            return self.env["res.users"].browse(template_step["user_id"])
        return clerk or self.user_id

    def _generate_execution_checklists(self):
        """All steps of all confirmed orders in one create, whatever the number of lines."""
        Template = self.env["sale.execution.template"].sudo()
        templates = {order: Template._match(order) for order in self.filtered(lambda o: not o.execution_template_id)}
        values = []
        # the template steps' names in every language, which the steps and their activities read
        template_names = {}
        # an order that had its checklist keeps it (confirmed again after a cancellation)
        for order, template in templates.items():
            if not template:
                continue
            order.execution_template_id = template
            clerk = order.company_id.sudo().execution_default_clerk_id
            confirmed = fields.Date.to_date(order.date_order) or fields.Date.context_today(self)
            # the steps of the template from the registry's cache: no read on each confirmation
            for step in Template._step_values(template.id):
                template_names[step["id"]] = step["name"]
                base = {"confirmation": confirmed, "etd": order.date_etd, "eta": order.date_eta}.get(step["due_base"])
                values.append(
                    dict(
                        {fname: step[fname] for fname in STEP_COPIED_FIELDS},
                        order_id=order.id,
                        template_step_id=step["id"],
                        user_id=order._execution_responsible(step, clerk).id,
                        date_planned=planned_date(base, step["due_offset_days"]),
                    )
                )
        # no creation message or "assigned to you" mail per step: the activities tell the responsibles, who follow
        # their steps from one insert (12 steps cost 104 queries with them: tests/test_query_budget_confirm.py)
        self.env["sale.execution.template.step"]._cache_names(template_names)
        return self.env["sale.execution.step"].sudo().with_context(tracking_disable=True).create(values)
