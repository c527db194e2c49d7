# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Collections by instalment (seed 004 §3.2.6: 分期收款、催款).

An order confirmed with a payment term of several lines (a deposit before production, the
balance before shipment...) gets one instalment per line. What the customer paid on the
order's invoices is allocated to the instalments first due, first paid; an unpaid
instalment past its due date is overdue and dunned by a daily batched cron in three levels,
each once: a reminder to the customer, a second reminder and an activity for the
salesperson, an activity for the salesperson's sales manager.

The plan follows the order (models/sale_order_collection.py): a confirmed order whose amount or
payment term changes gets its instalments recomputed in place, a cancelled order loses its plan.
"""

from collections import defaultdict

from odoo import _, api, fields, models
from odoo.tools import float_compare, format_amount

INSTALMENT_STATES = [
    ("planned", "Planned"),
    ("partial", "Partially Paid"),
    ("paid", "Paid"),
    ("overdue", "Overdue"),
    ("cancelled", "Cancelled"),
]


class SaleOrderInstalment(models.Model):
    _name = "sale.order.instalment"
    _description = "Order Instalment"
    _order = "date_due, order_id, sequence, id"

    order_id = fields.Many2one("sale.order", required=True, readonly=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        related="order_id.partner_id.commercial_partner_id", string="Customer", store=True, index=True
    )
    user_id = fields.Many2one(related="order_id.user_id", string="Salesperson", store=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id", store=True)
    sequence = fields.Integer(default=10, readonly=True)
    name = fields.Char(string="Instalment", required=True, readonly=True)
    date_due = fields.Date(string="Due Date", required=True, readonly=True, index=True)
    amount_expected = fields.Monetary(string="Expected", required=True, readonly=True)
    amount_received = fields.Monetary(
        string="Received",
        compute="_compute_amount_received",
        store=True,
        help="What the customer paid on the order's posted invoices (refunds deducted), allocated to the "
        "instalments first due, first paid.",
    )
    amount_due = fields.Monetary(string="Still Due", compute="_compute_amount_due", store=True)
    state = fields.Selection(INSTALMENT_STATES, compute="_compute_state", store=True, index=True, string="Status")
    days_overdue = fields.Integer(compute="_compute_days_overdue")
    dunning_level = fields.Integer(
        readonly=True,
        default=0,
        help="0: not dunned; 1: customer reminded; 2: reminded again, salesperson asked to collect; "
        "3: escalated to the sales manager.",
    )
    date_last_dunning = fields.Date(string="Last Dunning", readonly=True)
    # the daily crons' stamps: a run stopped between two batches resumes with what it did not check that day
    received_checked_on = fields.Date(readonly=True, copy=False)
    dunning_checked_on = fields.Date(readonly=True, copy=False)
    cancelled = fields.Boolean(
        readonly=True,
        help="The order was cancelled, or its payment term no longer has this instalment. Kept (nothing "
        "expected, nothing dunned any more) because the customer was already dunned for it.",
    )

    _sql_constraints = [
        ("dunning_level_range", "CHECK(dunning_level BETWEEN 0 AND 3)", "The dunning level goes from 0 to 3."),
    ]

    # ------------------------------------------------------------------
    # Amounts and state
    # ------------------------------------------------------------------
    @api.depends("amount_expected", "date_due", "cancelled")
    def _compute_amount_received(self):
        """Allocate each order's received money to its instalments in due-date order.

        Not triggered by the invoices (an order's invoices are not a stored relation): the reconciliation
        hooks and the daily cron ask for it (`_refresh_received`), in one batch per call.
        """
        received = self._received_by_order(self.order_id)
        for order, instalments in self.grouped("order_id").items():
            left = received.get(order.id, 0.0)
            # all the order's instalments take part in the allocation, also those not in self
            for instalment in order.instalment_ids.sorted(lambda i: (i.date_due, i.sequence, i.id)):
                part = 0.0 if instalment.cancelled else max(min(left, instalment.amount_expected), 0.0)
                if instalment in instalments:
                    instalment.amount_received = part
                left -= part

    @api.model
    def _received_by_order(self, orders):
        """{order id: amount paid on its posted customer invoices minus refunds}, in the order's currency.

        One search for all the orders; an invoice of several orders is shared by their invoiced totals.
        """
        if not orders:
            return {}
        lines = (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("sale_line_ids.order_id", "in", orders.ids),
                    ("move_id.state", "=", "posted"),
                    ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                    ("display_type", "=", "product"),
                ]
            )
        )
        shares = defaultdict(lambda: defaultdict(float))  # move -> order -> invoiced total of its lines
        for line in lines:
            for order in line.sale_line_ids.order_id & orders:
                shares[line.move_id][order] += line.price_total
        received = defaultdict(float)
        for move, by_order in shares.items():
            paid = move.amount_total - move.amount_residual
            if move.move_type == "out_refund":
                paid = -paid
            total = sum(by_order.values())
            for order, part in by_order.items():
                amount = paid * (part / total) if total else paid / len(by_order)
                if move.currency_id != order.currency_id:
                    amount = move.currency_id._convert(
                        amount, order.currency_id, order.company_id, move.invoice_date or fields.Date.today()
                    )
                received[order.id] += amount
        return received

    @api.depends("amount_expected", "amount_received", "cancelled")
    def _compute_amount_due(self):
        for instalment in self:
            due = instalment.amount_expected - instalment.amount_received
            instalment.amount_due = 0.0 if instalment.cancelled else due

    @api.depends("amount_expected", "amount_received", "date_due", "cancelled")
    def _compute_state(self):
        # depends on today too: the daily cron refreshes the instalments falling due
        today = fields.Date.context_today(self)
        for instalment in self:
            rounding = instalment.currency_id.rounding or 0.01
            received, expected = instalment.amount_received, instalment.amount_expected
            if instalment.cancelled:
                instalment.state = "cancelled"
            elif float_compare(received, expected, precision_rounding=rounding) >= 0:
                instalment.state = "paid"
            elif instalment.date_due < today:
                instalment.state = "overdue"
            elif float_compare(instalment.amount_received, 0.0, precision_rounding=rounding) > 0:
                instalment.state = "partial"
            else:
                instalment.state = "planned"

    @api.depends("date_due", "state")
    def _compute_days_overdue(self):
        today = fields.Date.context_today(self)
        for instalment in self:
            instalment.days_overdue = (today - instalment.date_due).days if instalment.state == "overdue" else 0

    def _refresh_received(self):
        """Recompute what was received (and so the state) of these instalments' orders, in one batch."""
        instalments = self.sudo().order_id.instalment_ids
        if instalments:
            self.env.add_to_compute(self._fields["amount_received"], instalments)
            self.env.add_to_compute(self._fields["amount_due"], instalments)
            self.env.add_to_compute(self._fields["state"], instalments)
            instalments.flush_recordset(["amount_received", "amount_due", "state"])

    # ------------------------------------------------------------------
    # Creation from the payment term
    # ------------------------------------------------------------------
    @api.model
    def _values_for_orders(self, orders):
        """The instalments of these orders, from their payment term's lines on the order date and total."""
        vals_list = []
        for order in orders:
            term = order.payment_term_id
            date_ref = fields.Date.to_date(order.date_order) or fields.Date.context_today(self)
            # the order has one currency: the same amounts stand for the company and the order currency
            terms = term._compute_terms(
                date_ref=date_ref,
                currency=order.currency_id,
                company=order.company_id,
                tax_amount=order.amount_tax,
                tax_amount_currency=order.amount_tax,
                sign=1,
                untaxed_amount=order.amount_untaxed,
                untaxed_amount_currency=order.amount_untaxed,
            )
            for index, (line, term_line) in enumerate(zip(term.line_ids, terms["line_ids"], strict=True)):
                vals_list.append(
                    {
                        "order_id": order.id,
                        "sequence": index + 1,
                        # the customer reads it in reminders and on the portal, as the invoice's lines
                        "name": self.with_context(lang=order.partner_id.lang or self.env.lang)._label(
                            line, index, order
                        ),
                        "date_due": term_line["date"],
                        "amount_expected": term_line["foreign_amount"],
                    }
                )
        return vals_list

    @api.model
    def _label(self, line, index, order):
        """A readable name from the payment term line: "30% deposit", "70% after 60 days"."""
        if line.value == "percent":
            part = f"{line.value_amount:g}%"
        else:
            part = format_amount(self.env, line.value_amount, order.currency_id)
        if line.delay_type == "days_after" and not line.nb_days:
            return _("%(part)s deposit", part=part) if index == 0 else _("%(part)s on order", part=part)
        if line.delay_type == "days_after":
            return _("%(part)s after %(days)s days", part=part, days=line.nb_days)
        delay = dict(line._fields["delay_type"]._description_selection(self.env)).get(line.delay_type)
        return _("%(part)s, %(days)s %(delay)s", part=part, days=line.nb_days, delay=delay)

    def _follow_plan(self, vals):
        """Take this instalment's new name, due date and amount from its order's plan (`vals`)."""
        self.ensure_one()
        changes = {name: vals[name] for name in ("name", "date_due") if self[name] != vals[name]}
        if self.currency_id.compare_amounts(self.amount_expected, vals["amount_expected"]):
            changes["amount_expected"] = vals["amount_expected"]
        if self.cancelled:
            changes["cancelled"] = False
        if changes:
            self.write(changes)

    # ------------------------------------------------------------------
    # Daily crons
    # ------------------------------------------------------------------
    @api.model
    def _cron_refresh_collections(self, batch_size=1000):
        """Daily: what was received on the open instalments, and which fell due (their state), one batch per call.

        The scheduler calls again while instalments remain (`_notify_progress`) and commits between batches; a
        stopped run resumes with the instalments not refreshed that day.
        """
        today = fields.Date.context_today(self)
        Instalment = self.sudo()
        domain = [
            ("state", "not in", ("paid", "cancelled")),
            "|",
            ("received_checked_on", "=", False),
            ("received_checked_on", "<", today),
        ]
        batch = Instalment.search(domain, order="id", limit=batch_size)
        remaining = Instalment.search_count(domain) - len(batch)
        batch._refresh_received()
        batch.write({"received_checked_on": today})
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)

    @api.model
    def _cron_dun_overdue_instalments(self, batch_size=500):
        """Daily: raise the dunning level of overdue instalments by the company's thresholds, each level once, one
        batch per call (resumable as `_cron_refresh_collections`). Returns how many were dunned.

        An instalment jumps to the level its days overdue reach and gets only that level's dunning
        (never three mails in one morning when the policy is switched on late). Set-wise: one search,
        one refresh, one write per level.
        """
        today = fields.Date.context_today(self)
        Instalment = self.sudo()
        domain = [
            ("company_id.collection_plans", "=", True),
            ("dunning_level", "<", 3),
            ("date_due", "<", today),
            ("state", "not in", ("paid", "cancelled")),
            "|",
            ("date_last_dunning", "=", False),
            ("date_last_dunning", "<", today),
            "|",
            ("dunning_checked_on", "=", False),
            ("dunning_checked_on", "<", today),
        ]
        candidates = Instalment.search(domain, order="id", limit=batch_size)
        remaining = Instalment.search_count(domain) - len(candidates)
        # the state is stored: the instalments which fell due since the last refresh first
        candidates._refresh_received()
        by_level = defaultdict(lambda: self.sudo().browse())
        for instalment in candidates.filtered(lambda i: i.state == "overdue"):
            level = instalment._dunning_level_reached(today)
            if level > instalment.dunning_level:
                by_level[level] |= instalment
        for level, instalments in sorted(by_level.items()):
            instalments._dun(level, today)
        candidates.write({"dunning_checked_on": today})
        self.env["ir.cron"]._notify_progress(done=len(candidates), remaining=remaining)
        return sum(len(instalments) for instalments in by_level.values())

    def _dunning_level_reached(self, today):
        self.ensure_one()
        company = self.company_id
        days = (today - self.date_due).days
        thresholds = (
            company.collection_dunning_days_1,
            company.collection_dunning_days_2,
            company.collection_dunning_days_3,
        )
        return sum(1 for threshold in thresholds if days >= threshold)

    def _dun(self, level, today):
        """Dun these instalments at `level`: mail the customer (1, 2), activities (2: salesperson, 3: manager)."""
        self.write({"dunning_level": level, "date_last_dunning": today})
        if level in (1, 2):
            template = self.env.ref("crm_customer_scoring.mail_template_instalment_reminder")
            for instalment in self:
                template.send_mail(instalment.id)
        activity_type = self.env.ref("crm_customer_scoring.mail_activity_type_collect_instalment")
        if level < 2:
            return
        for instalment in self:
            order = instalment.order_id
            user = order.user_id
            if level == 3:
                user = order.user_id._sales_manager_of("sales_manager", order.company_id, order.team_id) or user
            lang = user.lang or "en_US"
            env = self.with_context(lang=lang).env
            note = env._(
                "%(instalment)s of %(order)s: %(amount)s still due since %(date)s (%(days)s days overdue), "
                "dunning level %(level)s.",
                instalment=instalment.name,
                order=order.name,
                amount=format_amount(env, instalment.amount_due, instalment.currency_id),
                date=instalment.date_due,
                days=(today - instalment.date_due).days,
                level=level,
            )
            order.activity_schedule(
                activity_type_id=activity_type.id,
                summary=env._("Collect overdue instalment") if level == 2 else env._("Escalated overdue instalment"),
                note=note,
                user_id=(user or self.env.user).id,
            )
