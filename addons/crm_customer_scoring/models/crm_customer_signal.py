# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Churn early warning (seed 001 §4.3.4): one signal per customer and warning sign, with its evidence.

The switched-on rules (crm.customer.signal.rule) are evaluated daily by a batched
cron and on demand for one customer. A rule that holds raises a signal, or
refreshes the open one (never a second); a signal whose evidence no longer holds
decays (is resolved) after the rule's decay time; a signal resolved by hand is not
raised again on the same evidence. Open signals put the customer in the decline
stage (res_partner_churn.py); a new signal gives the salesperson an activity, and
for A customers the sales manager too, who visits in person (seed §4.3.4b).
"""

import logging

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount, format_date

from .crm_customer_signal_rule import SIGNAL_RULES

_logger = logging.getLogger(__name__)

SIGNAL_STATES = [("active", "Active"), ("acknowledged", "Acknowledged"), ("resolved", "Resolved")]
OPEN_STATES = ("active", "acknowledged")
RESOLUTIONS = [
    ("handled", "Handled"),
    ("kept", "Customer Kept"),
    ("let_go", "Customer Let Go"),
    ("decayed", "Decayed"),
]
# what acknowledging and resolving write
USER_FIELDS = {"state", "acknowledged_by_id", "acknowledged_date", "resolution", "resolved_by_id", "resolved_date"}
# what can prove a warning sign; the sales months exist once the sales dynamics are installed
EVIDENCE_MODELS = (
    "account.move",
    "mail.activity",
    "crm.customer.feedback",
    "crm.customer.sales.month",
    "sale.order.instalment",
    # complaints recorded on their order (crm_order_execution), when that module is installed too
    "crm.customer.complaint",
)


class CrmCustomerSignal(models.Model):
    _name = "crm.customer.signal"
    _description = "Churn Signal"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True, ondelete="cascade"
    )
    rule = fields.Selection(SIGNAL_RULES, required=True, readonly=True, index=True)
    date = fields.Date(required=True, readonly=True, default=fields.Date.context_today, help="First raised on.")
    state = fields.Selection(SIGNAL_STATES, required=True, default="active", readonly=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, default=lambda self: self.env.company
    )
    evidence_ref = fields.Reference(
        selection="_selection_evidence_ref",
        string="Evidence",
        readonly=True,
        help="The record that proves the sign: the invoice, the activity, the feedback or the sales month.",
    )
    explanation = fields.Text(readonly=True)
    last_seen_date = fields.Date(readonly=True, help="Last evaluation that found the sign still there.")
    decay_date = fields.Date(
        readonly=True, help="Resolved automatically on this day unless the sign is seen again before."
    )
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson", store=True, index=True)
    customer_class = fields.Selection(related="partner_id.customer_class", store=True)
    acknowledged_by_id = fields.Many2one("res.users", readonly=True)
    acknowledged_date = fields.Date(readonly=True)
    resolution = fields.Selection(RESOLUTIONS, readonly=True, tracking=True)
    resolved_by_id = fields.Many2one("res.users", readonly=True)
    resolved_date = fields.Date(readonly=True)

    def init(self):
        # one open signal per customer, company and rule, also with several workers evaluating at once
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS crm_customer_signal_open_unique
               ON crm_customer_signal (partner_id, company_id, rule) WHERE state != 'resolved'"""
        )

    @api.model
    def _selection_evidence_ref(self):
        labels = {
            "account.move": _("Invoice"),
            "mail.activity": _("Activity"),
            "crm.customer.feedback": _("Customer Feedback"),
            "crm.customer.sales.month": _("Sales Month"),
            "sale.order.instalment": _("Order Instalment"),
            "crm.customer.complaint": _("Customer Complaint"),
        }
        return [(model, labels[model]) for model in EVIDENCE_MODELS if model in self.env]

    @api.depends("partner_id", "rule")
    def _compute_display_name(self):
        labels = dict(self._fields["rule"]._description_selection(self.env))
        for signal in self:
            signal.display_name = f"{signal.partner_id.name or ''}: {labels.get(signal.rule, '')}"

    # ------------------------------------------------------------------
    # What a user does with a signal
    # ------------------------------------------------------------------
    def write(self, vals):
        # the rules write the sign and its evidence; people only acknowledge and resolve
        if not self.env.su and set(vals) - USER_FIELDS:
            raise AccessError(_("Churn signals are written by the churn rules: acknowledge or resolve them."))
        return super().write(vals)

    def action_acknowledge(self):
        if self.filtered(lambda s: s.state != "active"):
            raise UserError(_("Only active signals can be acknowledged."))
        self.write(
            {
                "state": "acknowledged",
                "acknowledged_by_id": self.env.user.id,
                "acknowledged_date": fields.Date.context_today(self),
            }
        )

    def action_resolve(self):
        if self.filtered(lambda s: s.state == "resolved"):
            raise UserError(_("This signal is already resolved."))
        self._resolve("handled")

    def _resolve(self, resolution):
        self.write(
            {
                "state": "resolved",
                "resolution": resolution,
                # nobody resolves a sign that faded away
                "resolved_by_id": self.env.user.id if resolution != "decayed" else False,
                "resolved_date": fields.Date.context_today(self),
            }
        )

    # ------------------------------------------------------------------
    # Evaluation
    # ------------------------------------------------------------------
    @api.model
    def _churn_candidate_domain(self):
        """Customer companies that can churn: they ordered or were invoiced, or have open signals."""
        return [
            ("parent_id", "=", False),
            "|",
            "|",
            ("first_order_date", "!=", False),
            ("customer_rank", ">", 0),
            ("churn_signal_ids.state", "in", OPEN_STATES),
        ]

    @api.model
    def _cron_evaluate_churn_signals(self, batch_size=500):
        """Daily: evaluate the customers not evaluated today, one batch per call.

        The scheduler calls again while customers remain (`_notify_progress`) and commits
        between batches; a killed run resumes with the customers it did not finish, and
        evaluating a customer twice refreshes its signals without duplicating them.
        """
        today = fields.Date.context_today(self)
        partners = self.env["res.partner"].sudo().with_context(active_test=False)
        domain = self._churn_candidate_domain() + [
            "|",
            ("churn_evaluated_on", "=", False),
            ("churn_evaluated_on", "<", today),
        ]
        batch = partners.search(domain, order="id", limit=batch_size)
        remaining = partners.search_count(domain) - len(batch)
        self.sudo()._evaluate(batch)
        # the ORM's plain write: a date stamp, none of the partner's write overrides concern it
        models.BaseModel.write(batch, {"churn_evaluated_on": today})
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return remaining

    @api.model
    def _evaluate(self, partners):
        """Raise, refresh and decay the signals of these customer companies in every company."""
        partners = partners.commercial_partner_id.filtered(lambda p: not p._churn_let_go())
        if not partners:
            return self.browse()
        today = fields.Date.context_today(self)
        hits = {}  # (company id, rule code, partner id) -> (evidence record, explanation values)
        rules = self.env["crm.customer.signal.rule"].sudo().search([("enabled", "=", True)])
        for rule in rules:
            scope = partners.filtered(lambda p, c=rule.company_id: not p.company_id or p.company_id == c)
            if scope:
                for partner_id, found in getattr(self, f"_detect_{rule.rule}")(rule, scope, today).items():
                    hits[(rule.company_id.id, rule.rule, partner_id)] = (rule, *found)
        signals = self.sudo().search([("partner_id", "in", partners.ids)])
        open_signals = {(s.company_id.id, s.rule, s.partner_id.id): s for s in signals if s.state in OPEN_STATES}
        # a sign resolved by hand stays resolved until new evidence shows up
        handled = {}
        for signal in signals.filtered(lambda s: s.state == "resolved" and s.resolution != "decayed").sorted("id"):
            handled[(signal.company_id.id, signal.rule, signal.partner_id.id)] = signal.evidence_ref
        new_values = []
        new_explained = []  # the explanation values of each new signal, told in each recipient's language
        for key, (rule, evidence, values) in hits.items():
            partner = self.env["res.partner"].browse(key[2])
            refresh = {
                "last_seen_date": today,
                "decay_date": today + relativedelta(days=rule.decay_days),
                "evidence_ref": f"{evidence._name},{evidence.id}",
                "explanation": self._explain(rule.rule, values, partner._churn_owner_lang(rule.company_id)),
            }
            if key in open_signals:
                open_signals[key].write(refresh)
            elif handled.get(key) != evidence:
                new_values.append(dict(refresh, partner_id=key[2], company_id=key[0], rule=key[1], date=today))
                new_explained.append(values)
        # signals resolved in this transaction must reach the database before the new ones: the unique
        # index on open signals does not see the ORM's pending writes
        self.sudo().flush_model(["state"])
        new_signals = self.sudo().create(new_values)
        # a kept customer showing new signs is at risk again: its retention outcome is open once more
        new_signals.partner_id.filtered(lambda p: p.retention_outcome == "kept").write(
            {"retention_outcome": False, "retention_date": False}
        )
        # signs no longer seen fade away after their decay time
        self.sudo().search(
            [("partner_id", "in", partners.ids), ("state", "in", OPEN_STATES), ("decay_date", "<", today)]
        )._resolve("decayed")
        new_signals._notify_new_signals(dict(zip(new_signals.ids, new_explained, strict=True)))
        return new_signals

    # one detector per rule: {partner id: (evidence record, values of the explanation)}
    def _detect_overdue(self, rule, partners, today):
        invoices = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("company_id", "=", rule.company_id.id),
                    ("commercial_partner_id", "in", partners.ids),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("invoice_date_due", "<", today),
                    ("overdue_reminder_counter", ">=", rule.min_count),
                ],
                order="overdue_reminder_counter desc, invoice_date_due, id",
            )
        )
        found = {}
        for partner_id, group in invoices.grouped("commercial_partner_id").items():
            invoice = group[0]  # the most reminded
            found[partner_id.id] = (
                invoice,
                {
                    "invoice": invoice.name,
                    "due": invoice.invoice_date_due,
                    "count": invoice.overdue_reminder_counter,
                    "amount": (invoice.amount_residual, invoice.currency_id),
                    "invoices": len(group),
                },
            )
        # an order instalment dunned as often (before any invoice exists: a deposit, a balance before
        # shipment) is the same sign; its dunning levels count as reminders, at most three
        instalments = (
            self.env["sale.order.instalment"]
            .sudo()
            .search(
                [
                    ("company_id", "=", rule.company_id.id),
                    ("partner_id", "in", [p.id for p in partners if p.id not in found]),
                    ("state", "=", "overdue"),
                    ("dunning_level", ">=", min(rule.min_count, 3)),
                ],
                order="dunning_level desc, date_due, id",
            )
        )
        for partner, group in instalments.grouped("partner_id").items():
            instalment = group[0]
            found[partner.id] = (
                instalment,
                {
                    "instalment": instalment.name,
                    "order": instalment.order_id.name,
                    "due": instalment.date_due,
                    "count": instalment.dunning_level,
                    "amount": (instalment.amount_due, instalment.currency_id),
                    "invoices": len(group),
                },
            )
        return found

    def _detect_volume_drop(self, rule, partners, today):
        if "crm.customer.sales.month" not in self.env:
            return {}
        months = (
            self.env["crm.customer.sales.month"]
            .sudo()
            .search(
                [
                    ("company_id", "=", rule.company_id.id),
                    ("partner_id", "in", partners.ids),
                    ("flag", "=", "drop"),
                    ("month", ">=", today - relativedelta(days=rule.period_days)),
                ],
                order="month desc, id desc",
            )
        )
        found = {}
        for partner, group in months.grouped("partner_id").items():
            if len(group) >= rule.min_count:
                month = group[0]
                found[partner.commercial_partner_id.id] = (
                    month,
                    {"month": month.month, "count": len(group), "reason": month.flag_reason or ""},
                )
        return found

    def _detect_no_response(self, rule, partners, today):
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("active", "=", False),
                    # activities carry no company: those of the company's own people count for it
                    ("user_id.company_ids", "in", rule.company_id.ids),
                    ("customer_partner_id", "in", partners.ids),
                    ("customer_response", "in", ("no_answer", "refused")),
                    ("date_done", ">=", today - relativedelta(days=rule.period_days)),
                ],
                order="date_done desc, id desc",
            )
        )
        found = {}
        for partner, group in activities.grouped("customer_partner_id").items():
            if len(group) >= rule.min_count:
                found[partner.id] = (
                    group[0],
                    {
                        "count": len(group),
                        "refused": len(group.filtered(lambda a: a.customer_response == "refused")),
                        "days": rule.period_days,
                    },
                )
        return found

    def _detect_feedback(self, rule, partners, today, kinds, extra_domain=None):
        found = {}
        for partner, group in self._recent_feedback(rule, partners, today, kinds, extra_domain).items():
            if len(group) >= rule.min_count:
                found[partner.id] = (
                    group[0],
                    {
                        "count": len(group),
                        "days": rule.period_days,
                        "percent": max(group.mapped("requested_cut_percent")),
                        "description": group[0].description,
                    },
                )
        return found

    def _recent_feedback(self, rule, partners, today, kinds, extra_domain=None):
        """{customer: its feedback of `kinds` in the rule's period, latest first}."""
        feedback = (
            self.env["crm.customer.feedback"]
            .sudo()
            .search(
                [
                    ("company_id", "=", rule.company_id.id),
                    ("partner_id", "in", partners.ids),
                    ("kind", "in", kinds),
                    ("date", ">=", today - relativedelta(days=rule.period_days)),
                ]
                + (extra_domain or []),
                order="date desc, id desc",
            )
        )
        return feedback.grouped("partner_id")

    def _detect_complaint(self, rule, partners, today):
        """Complaints and public criticism logged as feedback, and complaints recorded on their order."""
        evidence = {
            partner: list(group)
            for partner, group in self._recent_feedback(
                rule, partners, today, ("complaint", "public_criticism")
            ).items()
        }
        if "crm.customer.complaint" in self.env:
            complaints = (
                self.env["crm.customer.complaint"]
                .sudo()
                .search(
                    [
                        ("company_id", "=", rule.company_id.id),
                        ("partner_id", "in", partners.ids),
                        ("state", "!=", "cancelled"),
                        ("date_received", ">=", today - relativedelta(days=rule.period_days)),
                    ]
                )
            )
            for partner, group in complaints.grouped("partner_id").items():
                evidence.setdefault(partner, []).extend(group)
        found = {}
        for partner, records in evidence.items():
            if len(records) < rule.min_count:
                continue
            latest = max(
                records, key=lambda r: (r.date if r._name == "crm.customer.feedback" else r.date_received, r.id)
            )
            found[partner.id] = (
                latest,
                {"count": len(records), "days": rule.period_days, "description": latest.description},
            )
        return found

    def _detect_price_cut(self, rule, partners, today):
        return self._detect_feedback(
            rule, partners, today, ("price_cut",), [("requested_cut_percent", ">=", rule.min_percent)]
        )

    def _detect_tighter_terms(self, rule, partners, today):
        return self._detect_feedback(rule, partners, today, ("quality_demand", "lead_time_demand"))

    @api.model
    def _explain(self, rule, values, lang):
        """The explanation of a sign, in `lang` (the salesperson's: they act on it)."""
        env = self.with_context(lang=lang).env
        if rule == "overdue" and "instalment" in values:
            amount, currency = values["amount"]
            return env._(
                "Instalment %(instalment)s of order %(order)s, due %(due)s, is still unpaid after %(count)s "
                "reminders (%(amount)s open); %(instalments)s overdue instalment(s) dunned that often.",
                instalment=values["instalment"],
                order=values["order"],
                due=format_date(env, values["due"]),
                count=values["count"],
                amount=format_amount(env, amount, currency),
                instalments=values["invoices"],
            )
        if rule == "overdue":
            amount, currency = values["amount"]
            return env._(
                "Invoice %(invoice)s, due %(due)s, is still unpaid after %(count)s reminders (%(amount)s open); "
                "%(invoices)s overdue invoice(s) reminded that often.",
                invoice=values["invoice"],
                due=format_date(env, values["due"]),
                count=values["count"],
                amount=format_amount(env, amount, currency),
                invoices=values["invoices"],
            )
        if rule == "volume_drop":
            return env._(
                "Sales of %(month)s dropped outside the customer's seasonal pattern (%(count)s drop month(s) "
                "recently). %(reason)s",
                month=format_date(env, values["month"], date_format="MMMM y"),
                count=values["count"],
                reason=values["reason"],
            )
        if rule == "no_response":
            return env._(
                "%(count)s contacts in the last %(days)s days went unanswered or were refused (%(refused)s refused).",
                count=values["count"],
                days=values["days"],
                refused=values["refused"],
            )
        if rule == "complaint":
            return env._(
                "%(count)s complaint(s) or public criticism(s) in the last %(days)s days. Latest: %(description)s",
                **values,
            )
        if rule == "price_cut":
            return env._(
                "%(count)s large price-cut requests in the last %(days)s days, up to %(percent)s %%. "
                "Latest: %(description)s",
                **values,
            )
        return env._(
            "%(count)s demand(s) of much tighter quality or lead times in the last %(days)s days. "
            "Latest: %(description)s",
            **values,
        )

    def _explanation_in(self, lang, explained=None):
        """The explanation in `lang` when the values behind it are at hand, else the stored one."""
        self.ensure_one()
        values = (explained or {}).get(self.id)
        return self._explain(self.rule, values, lang) if values else self.explanation

    # ------------------------------------------------------------------
    # Who is told
    # ------------------------------------------------------------------
    def _notify_new_signals(self, explained=None):
        """The salesperson gets an activity on the customer; for A customers the sales manager too.

        One open churn activity per customer and person: new signs of a customer already being
        looked at are listed on the customer, not scheduled again.
        """
        if not self:
            return
        activity_type = self.env.ref("crm_customer_scoring.mail_activity_type_churn_warning")
        open_activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", self.partner_id.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        busy = {(a.res_id, a.user_id.id) for a in open_activities}
        model_id = self.env["ir.model"]._get_id("res.partner")
        values = []
        for (partner, company), signals in self.grouped(lambda s: (s.partner_id, s.company_id)).items():
            owner = partner.user_id
            recipients = owner or owner._sales_manager_of("sales_manager", company=company)
            if partner.customer_class == "a":
                recipients |= owner._sales_manager_of("sales_manager", company=company)
            for user in recipients:
                if (partner.id, user.id) in busy:
                    continue
                busy.add((partner.id, user.id))
                env = self.with_context(lang=user.lang or partner._churn_owner_lang(company)).env
                labels = dict(self._fields["rule"]._description_selection(env))
                lines = Markup().join(
                    Markup("<li>%s: %s</li>") % (labels[s.rule], s._explanation_in(env.lang, explained))
                    for s in signals
                )
                if user == owner:
                    note = env._("Find out why the customer may be leaving and try to keep it.")
                else:
                    note = env._(
                        "An A customer shows churn signs: visit the customer in person to find out why and keep it."
                    )
                values.append(
                    {
                        "res_model_id": model_id,
                        "res_id": partner.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "summary": env._("Churn warning: %(customer)s", customer=partner.name),
                        "note": Markup("<p>%s</p><ul>%s</ul>") % (note, lines),
                        "date_deadline": fields.Date.context_today(self)
                        + relativedelta(days=activity_type.delay_count),
                    }
                )
        if values:
            self.env["mail.activity"].sudo().create(values)
        _logger.info("Churn warning: %s new signals", len(self))
