# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from .sale_execution_template import DUE_BASES, MILESTONES

STEP_STATES = [("todo", "To Do"), ("in_progress", "In Progress"), ("done", "Done"), ("skipped", "Skipped")]
OPEN_STATES = ("todo", "in_progress")
# steps a scheduled job handles per call; the scheduler calls again while steps remain
STEP_CRON_BATCH = 500


class SaleExecutionStep(models.Model):
    """One step of an export order's execution checklist."""

    _name = "sale.execution.step"
    _description = "Order Execution Step"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "order_id, sequence, id"

    order_id = fields.Many2one("sale.order", required=True, index=True, ondelete="cascade")
    template_step_id = fields.Many2one("sale.execution.template.step", ondelete="set null")
    # a step named after its template step reads the template step's name, in each user's language (and its
    # renaming); a step named by hand (or whose template step was deleted) keeps its own name
    name = fields.Char(compute="_compute_name", inverse="_inverse_name", search="_search_name")
    custom_name = fields.Char(string="Own Name", translate=True)
    sequence = fields.Integer()
    user_id = fields.Many2one("res.users", string="Responsible", index=True, tracking=True)
    due_base = fields.Selection(DUE_BASES)
    date_planned = fields.Date(string="Planned", index=True, tracking=True)
    date_done = fields.Date(string="Done On", readonly=True)
    state = fields.Selection(STEP_STATES, default="todo", required=True, index=True, tracking=True)
    skip_reason = fields.Char()
    is_late = fields.Boolean(string="Late", readonly=True, index=True)
    customer_facing = fields.Boolean(readonly=True)
    milestone = fields.Selection(MILESTONES, readonly=True)
    freezes_order = fields.Boolean(string="Freezes the Order", readonly=True)
    blocks_delivery = fields.Boolean(readonly=True)
    blocks_invoicing = fields.Boolean(readonly=True)
    eta_alert_sent = fields.Boolean(string="ETA Alert Sent", readonly=True, copy=False)
    notes = fields.Text()
    # precomputed: a checklist is inserted with them, not updated after (2 queries on each confirmation)
    company_id = fields.Many2one(related="order_id.company_id", store=True, precompute=True)
    partner_id = fields.Many2one(related="order_id.partner_id", store=True, precompute=True, string="Customer")
    order_user_id = fields.Many2one(related="order_id.user_id", store=True, precompute=True, string="Salesperson")
    date_confirmed = fields.Date(
        string="Order Confirmed On",
        compute="_compute_kpis",
        store=True,
        precompute=True,
        help="The order's confirmation date.",
    )
    lead_time_days = fields.Integer(
        string="Lead Time (Days)",
        compute="_compute_kpis",
        store=True,
        precompute=True,
        aggregator="avg",
        help="Days from the previous step done (or the order's confirmation) to this step done.",
    )
    delay_days = fields.Integer(
        string="Delay (Days)",
        compute="_compute_kpis",
        store=True,
        precompute=True,
        aggregator="avg",
        help="Days this step was done after its planned date (negative: early).",
    )

    @api.depends("custom_name", "template_step_id.name")
    @api.depends_context("lang")
    def _compute_name(self):
        for step in self:
            step.name = step.custom_name or step.template_step_id.name

    def _inverse_name(self):
        for step in self:
            # the template step's own name is no name of its own: the step keeps reading it in every language
            step.custom_name = False if step.name == step.template_step_id.name else step.name

    def _search_name(self, operator, value):
        if operator in expression.NEGATIVE_TERM_OPERATORS:
            positive = expression.TERM_OPERATORS_NEGATION[operator]
            return ["!", *self._search_name(positive, value)]
        return [
            "|",
            ("custom_name", operator, value),
            "&",
            ("custom_name", "=", False),
            ("template_step_id.name", operator, value),
        ]

    def _check_name(self):
        # after create() and write(), not as a constraint: the name is written by its inverse, after the insert
        if any(not step.custom_name and not step.template_step_id for step in self):
            raise ValidationError(_("Give the execution step a name."))

    # not on the order's date: steps exist only once it is confirmed, and confirming must not read them
    # the other steps of the order follow a step done in write(): as a dependency, creating a checklist
    # would read the order's steps (a search and a flush of the order on each confirmation)
    @api.depends("state", "date_done", "date_planned")
    def _compute_kpis(self):
        # steps of one order are computed together: their "previous done" dates come from the same read
        for order, steps in self.grouped("order_id").items():
            confirmed = fields.Date.to_date(order.date_order) if order.state == "sale" else False
            # a new checklist has nothing done: its steps are computed without reading the order's
            done = steps.browse()
            if any(s.state == "done" and s.date_done for s in steps):
                done = order.execution_step_ids.filtered(lambda s: s.state == "done" and s.date_done)
            for step in steps:
                step.date_confirmed = confirmed
                if step.state != "done" or not step.date_done:
                    step.lead_time_days = step.delay_days = 0
                    continue
                previous = [s.date_done for s in done if s.sequence < step.sequence and s.date_done <= step.date_done]
                start = max(previous) if previous else (confirmed or step.date_done)
                step.lead_time_days = max((step.date_done - start).days, 0)
                step.delay_days = (step.date_done - step.date_planned).days if step.date_planned else 0

    # ------------------------------------------------------------------
    # Activities: each responsible sees the step in "My Activities"
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        steps = super().create(vals_list)
        steps._check_name()
        steps._fetch_responsibles()
        steps._follow_by_responsibles()
        # their responsibles follow them already: mail.activity's own subscription (one per responsible,
        # 3 to 5 queries each on every confirmation, tests/test_query_budget_confirm.py) has nothing to add
        steps.with_context(execution_steps_followed=True)._schedule_responsible_activities()
        return steps

    def _fetch_responsibles(self):
        """The responsibles with their partners' language, timezone and state, in the cache from one query.

        Following and the activities need them; the ORM reads the users and then their partners (one query
        more on each confirmation, tests/test_query_budget_confirm.py). Values already in the cache stay.
        """
        users = self.user_id.sudo()
        if not users:
            return
        Partner = self.env["res.partner"]
        users.flush_recordset(["partner_id", "active"])
        Partner.flush_model(["lang", "tz", "active"])
        rows = self.env.execute_query(
            SQL(
                """SELECT users.id, users.partner_id, users.active, partner.lang, partner.tz, partner.active
                     FROM res_users users JOIN res_partner partner ON partner.id = users.partner_id
                    WHERE users.id IN %s""",
                tuple(users.ids),
            )
        )
        if not rows:
            return
        user_ids, partner_ids, user_active, langs, tzs, partner_active = zip(*rows, strict=True)
        cache = self.env.cache
        fetched_users, partners = users.browse(user_ids), Partner.browse(partner_ids)
        cache.insert_missing(fetched_users, users._fields["partner_id"], partner_ids)
        cache.insert_missing(fetched_users, users._fields["active"], user_active)
        for fname, values in (("lang", langs), ("tz", tzs), ("active", partner_active)):
            cache.insert_missing(partners, Partner._fields[fname], values)

    def _follow_by_responsibles(self):
        """New steps followed by their responsibles, as mail.activity would do, in one insert for all.

        Only for steps just created (nobody follows them yet): a responsible changed later follows through
        the activity, the standard way. The followers and their subtypes go in one statement: the ORM inserts
        them in two (one query more on each confirmation, tests/test_query_budget_confirm.py).
        """
        followers = [
            (step.id, step.user_id.partner_id.id)
            for step in self
            if step.user_id.active and step.user_id.partner_id.active
        ]
        if not followers:
            return
        subtype_ids = self.env["mail.message.subtype"]._default_subtypes(self._name)[0]
        self.env["mail.followers"].flush_model()
        self.env.execute_query(
            SQL(
                """WITH follower AS (
                       INSERT INTO mail_followers (res_model, res_id, partner_id)
                       SELECT %s, step_id, partner_id FROM unnest(%s::int[], %s::int[]) AS new(step_id, partner_id)
                       ON CONFLICT DO NOTHING
                       RETURNING id
                   )
                   INSERT INTO mail_followers_mail_message_subtype_rel (mail_followers_id, mail_message_subtype_id)
                   SELECT follower.id, subtype_id FROM follower CROSS JOIN unnest(%s::int[]) AS subtype_id""",
                self._name,
                [step_id for step_id, _partner in followers],
                [partner_id for _step, partner_id in followers],
                list(subtype_ids),
            )
        )
        # what mail.followers' create does: the documents' followers are read again
        self.invalidate_recordset(["message_follower_ids", "message_partner_ids"])

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        if self.env.context.get("execution_steps_followed"):
            return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def write(self, vals):
        res = super().write(vals)
        if {"name", "custom_name", "template_step_id"} & set(vals):
            self._check_name()
        if "user_id" in vals or "date_planned" in vals:
            self._sync_responsible_activities()
        if "state" in vals or "date_done" in vals:
            # a step done (or undone) moves the lead times of the order's later steps
            siblings = self.order_id.execution_step_ids - self
            for fname in ("lead_time_days", "delay_days", "date_confirmed"):
                self.env.add_to_compute(self._fields[fname], siblings)
        return res

    def _schedule_responsible_activities(self):
        """One activity per open step with a responsible, created in a single batch."""
        # the id from the ormcache: env.ref() would check that the type exists on each confirmation
        todo_type_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        # mail.activity computes its res_model from the model before the insert, whatever it is given: the
        # model's name is known, so it needs no read of ir.model (1 query on each confirmation)
        ir_model = self.env["ir.model"].browse(model_id)
        self.env.cache.insert_missing(ir_model, ir_model._fields["model"], [self._name])
        today = fields.Date.context_today(self)
        values = []
        for own_step in self:
            if not own_step.user_id or own_step.state not in OPEN_STATES:
                continue
            # in the responsible's language, whoever confirmed the order
            step = own_step.with_context(lang=own_step.user_id.lang)
            name = step.name
            note = step.env._("Order %(order)s, customer %(customer)s", order=step.order_id.name,
                              customer=step.order_id.partner_id.display_name)  # fmt: skip
            values.append(
                {
                    "res_model_id": model_id,
                    "res_id": step.id,
                    "activity_type_id": todo_type_id,
                    "user_id": step.user_id.id,
                    "date_deadline": step.date_planned or today,
                    "summary": name,
                    "note": note,
                    # what mail.activity would compute from the user and the step: inserted with the
                    # activity instead of read and updated after (queries on each confirmation)
                    "res_name": name,
                    "date_done": False,
                    "user_tz": step.user_id.tz,
                }
            )
        activities = self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(values)
        # the document name is inserted with them, in the responsible's language: mail.activity computes it again
        # in the confirming user's and updates it (one query on each confirmation)
        self.env.remove_to_compute(activities._fields["res_name"], activities)
        return activities

    def _sync_responsible_activities(self):
        open_steps = self.filtered(lambda s: s.state in OPEN_STATES)
        activities = open_steps.sudo().activity_ids.filtered(lambda a: a.activity_type_id.category != "upload_file")
        today = fields.Date.context_today(self)
        for step in open_steps:
            mine = activities.filtered(lambda a, s=step: a.res_id == s.id)
            if not step.user_id:
                mine.unlink()
            elif mine:
                mine.write({"user_id": step.user_id.id, "date_deadline": step.date_planned or today})
            else:
                step._schedule_responsible_activities()

    def _close_activities(self, feedback):
        self.sudo().activity_ids.action_feedback(feedback=feedback)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_start(self):
        self.filtered(lambda s: s.state == "todo").write({"state": "in_progress"})
        return True

    def action_done(self):
        for step in self:
            if step.state not in OPEN_STATES:
                raise UserError(_("%(step)s is already %(state)s.", step=step.name, state=step._state_label()))
            # steps done together in one call may be each other's prerequisites
            closed = step.order_id.execution_step_ids.filtered(lambda s: s.state in ("done", "skipped")) | self
            missing = step.template_step_id.prerequisite_ids - closed.template_step_id
            if missing:
                raise UserError(
                    _("%(step)s waits for: %(missing)s.", step=step.name, missing=", ".join(missing.mapped("name")))
                )
            if step.milestone == "shipped":
                blocking = step.order_id.execution_step_ids.filtered(
                    lambda s, ref=step: s.blocks_delivery and s.state in OPEN_STATES and s != ref
                )
                if blocking:
                    raise UserError(
                        _(
                            "The goods cannot ship before: %(steps)s.",
                            steps=", ".join(blocking.mapped("name")),
                        )
                    )
            if step.milestone == "letter_of_credit" and step.order_id.letter_of_credit_required:
                step.order_id._check_letter_of_credit()
        today = fields.Date.context_today(self)
        self.write({"state": "done", "date_done": today, "is_late": False})
        self._close_activities(_("Done"))
        self._plan_following_steps(today)
        self.filtered("customer_facing")._notify_milestone()
        return True

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _notify_milestone(self):
        """A customer-facing milestone: the salesperson tells the customer, whose followers hear of it."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        template = self.env.ref("crm_order_execution.mail_template_execution_milestone", raise_if_not_found=False)
        bodies = template._render_field("body_html", self.ids, compute_lang=True) if template else {}
        for step in self:
            order = step.order_id
            salesperson = order.user_id or self.env.user
            # the activity in the salesperson's language, the message in the customer's
            to_salesperson = step.with_context(lang=salesperson.lang)
            order.activity_schedule(
                activity_type_id=todo.id,
                user_id=salesperson.id,
                summary=to_salesperson.env._("Inform the customer: %s", to_salesperson.name),
            )
            to_customer = step.with_context(lang=order.partner_id.lang or self.env.lang)
            order.message_post(
                body=bodies.get(step.id)
                or to_customer.env._(
                    "Milestone reached: %(step)s on %(date)s.", step=to_customer.name, date=step.date_done
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    @api.model
    def _cron_flag_late_steps(self, batch_size=STEP_CRON_BATCH):
        """Flag late steps once and tell the salesperson's branch manager (the sales organisation's answer).

        One batch per call: the scheduler calls again while late steps remain (`_notify_progress`); a flagged
        step leaves the search, so a killed run resumes with the others.
        """
        today = fields.Date.context_today(self)
        domain = [("state", "in", OPEN_STATES), ("date_planned", "<", today), ("is_late", "=", False)]
        late = self.search(domain, order="id", limit=batch_size)
        remaining = self.search_count(domain) - len(late)
        late.write({"is_late": True})
        todo = self.env.ref("mail.mail_activity_data_todo")
        for step in late:
            order = step.order_id
            manager = order.user_id._sales_manager_of("branch_manager", order.company_id, order.team_id)
            manager = manager or order.user_id
            in_lang = step.with_context(lang=manager.lang)
            order.activity_schedule(
                activity_type_id=todo.id,
                user_id=manager.id,
                summary=in_lang.env._("Late: %(step)s (due %(date)s)", step=in_lang.name, date=step.date_planned),
            )
        self.env["ir.cron"]._notify_progress(done=len(late), remaining=remaining)
        return late

    @api.model
    def _cron_alert_eta_passed(self, batch_size=STEP_CRON_BATCH):
        """The ETA passed and nobody marked the goods arrived: salesperson and clerk hear of it once.

        One batch per call, as for late steps: an alerted step leaves the search.
        """
        today = fields.Date.context_today(self)
        domain = [
            ("milestone", "=", "arrival"),
            ("state", "in", OPEN_STATES),
            ("eta_alert_sent", "=", False),
            ("order_id.date_eta", "<", today),
        ]
        steps = self.search(domain, order="id", limit=batch_size)
        remaining = self.search_count(domain) - len(steps)
        warning = self.env.ref("mail.mail_activity_data_warning")
        for step in steps:
            order = step.order_id
            for user in (order.user_id | step.user_id) or self.env.user:
                env = self.with_context(lang=user.lang).env
                order.activity_schedule(
                    activity_type_id=warning.id,
                    user_id=user.id,
                    summary=env._("ETA %(eta)s passed: are the goods at %(port)s?", eta=order.date_eta,
                                  port=order.port_of_destination or env._("the destination port")),
                )  # fmt: skip
        steps.write({"eta_alert_sent": True})
        self.env["ir.cron"]._notify_progress(done=len(steps), remaining=remaining)
        return steps

    def _plan_following_steps(self, done_on):
        """Steps due "after the previous step" get their date when that step is done."""
        for step in self:
            following = step.order_id.execution_step_ids.filtered(
                lambda s, ref=step: s.sequence > ref.sequence and s.state in OPEN_STATES
            ).sorted("sequence")[:1]
            if following.due_base == "previous" and following.template_step_id:
                following.date_planned = following.template_step_id._planned_date(done_on)

    def action_skip(self):
        if any(not step.skip_reason for step in self):
            raise UserError(_("Give the reason for skipping the step."))
        self.write({"state": "skipped", "is_late": False})
        self._close_activities(_("Skipped"))
        return True

    def _replan_from_shipping_dates(self):
        """ETD/ETA changed on the order: open steps based on them move with it."""
        steps = self.filtered(lambda s: s.state in OPEN_STATES and s.due_base in ("etd", "eta"))
        for order, order_steps in steps.grouped("order_id").items():
            for step in order_steps:
                base = order.date_etd if step.due_base == "etd" else order.date_eta
                planned = step.template_step_id._planned_date(base)
                if step.date_planned != planned:
                    step.write({"date_planned": planned, "is_late": False})
            if any(s.due_base == "eta" for s in order_steps):
                order_steps.filtered(lambda s: s.milestone == "arrival").eta_alert_sent = False
