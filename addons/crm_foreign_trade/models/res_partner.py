# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import re
import threading

from dateutil.relativedelta import relativedelta
from psycopg2 import errors as pg_errors

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, email_normalize

from .partner_keys import normalize_company_name, normalize_phone_digits, normalize_vat, normalize_website

_logger = logging.getLogger(__name__)

CUSTOMER_CLASSES = [("a", "Class A"), ("b", "Class B"), ("c", "Class C")]
TRADE_CHANNELS = [
    ("direct_export", "Direct Export"),
    ("transfer_export", "Transfer-Factory Export"),
    ("domestic", "Domestic"),
]
LIFECYCLE_STAGES = [
    ("potential", "Potential"),
    ("development", "Development"),
    ("growth", "Growth & Maturity"),
    ("decline", "Decline"),
    ("ended", "Ended"),
]
COLLISION_FIELDS = ("name", "vat", "email", "phone", "mobile", "website", "is_company", "parent_id")
# Every policy number and its default. New customer (6 months, 6 orders) is seed 001
# §4.2.3 c; the seeds give no figures for the others, these are starting points.
DEFAULTS = {
    "pool_days_a": 90,
    "pool_days_b": 60,
    "pool_days_c": 30,
    "pool_days_unclassified": 30,
    "pool_warning_days": 7,
    "pool_claim_limit": 30,
    "pool_reclaim_cooldown_days": 30,
    "new_customer_months": 6,
    "new_customer_max_orders": 6,
    "lifecycle_decline_days": 180,
    "lifecycle_ended_days": 365,
    "quotation_price_tolerance": 5.0,
    "quotation_price_days": 90,
    "sample_free_value": 500.0,
    "sample_full_fee_value": 5000.0,
    "sample_conversion_days": 90,
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_class = fields.Selection(
        CUSTOMER_CLASSES,
        tracking=True,
        copy=False,
        help="Importance of the customer to the company. A customers come first when "
        "production, samples or service conflict. Changed with the Change Class button, "
        "which records the reason.",
    )
    investor_country_id = fields.Many2one(
        "res.country",
        string="Investor Country/Region",
        tracking=True,
        help="Where the customer's investor comes from, distinct from the address: "
        "a Hong Kong-invested factory in Dongguan has Hong Kong here.",
    )
    trade_channel = fields.Selection(TRADE_CHANNELS, tracking=True)
    first_order_date = fields.Datetime(
        compute="_compute_order_history", store=True, help="Date of the first confirmed sales order."
    )
    last_order_date = fields.Datetime(
        compute="_compute_order_history", store=True, help="Date of the latest confirmed sales order."
    )
    confirmed_order_count = fields.Integer(string="Confirmed Orders", compute="_compute_order_history", store=True)
    is_new_customer = fields.Boolean(
        string="New Customer",
        compute="_compute_is_new_customer",
        store=True,
        help="New while the first confirmed order is recent or the customer has placed "
        "few orders (both limits in Settings).",
    )
    lifecycle_stage = fields.Selection(
        LIFECYCLE_STAGES,
        compute="_compute_lifecycle_stage",
        store=True,
        help="Computed from opportunities, quotations and orders unless overridden.",
    )
    lifecycle_stage_override = fields.Selection(
        LIFECYCLE_STAGES, string="Lifecycle Override", tracking=True, copy=False
    )
    lifecycle_override_reason = fields.Char(tracking=True, copy=False)
    sample_request_ids = fields.One2many("crm.sample.request", "partner_id", string="Sample Requests")
    company_sample_request_ids = fields.One2many(
        "crm.sample.request",
        "commercial_partner_id",
        string="Sample Requests of the Company",
        groups="sales_team.group_sale_salesman",
    )
    sample_awaiting_order = fields.Boolean(
        compute="_compute_sample_awaiting_order",
        store=True,
        help="Samples were sent to this customer company and no order has followed yet.",
    )

    # ------------------------------------------------------------------
    # Policies
    # ------------------------------------------------------------------
    @api.model
    def _foreign_trade_policy(self, key):
        """A number of the Settings, or the source documents' default (one place for all)."""
        value = self.env["ir.config_parameter"].sudo().get_param(f"crm_foreign_trade.{key}")
        return type(DEFAULTS[key])(value) if value else DEFAULTS[key]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends(
        "sale_order_ids.state",
        "sale_order_ids.date_order",
        "child_ids.sale_order_ids.state",
        "child_ids.sale_order_ids.date_order",
    )
    def _compute_order_history(self):
        commercial = self.commercial_partner_id
        history = {}
        if commercial.ids:
            # one query for the whole batch, whatever the number of partners
            groups = (
                self.env["sale.order"]
                .sudo()
                ._read_group(
                    [("partner_id.commercial_partner_id", "in", commercial.ids), ("state", "=", "sale")],
                    ["partner_id"],
                    ["date_order:min", "date_order:max", "__count"],
                )
            )
            for partner, first, last, count in groups:
                key = partner.commercial_partner_id.id
                old = history.get(key)
                if old:
                    first, last, count = min(first, old[0]), max(last, old[1]), count + old[2]
                history[key] = (first, last, count)
        for partner in self:
            first, last, count = history.get(partner.commercial_partner_id.id, (False, False, 0))
            partner.first_order_date = first
            partner.last_order_date = last
            partner.confirmed_order_count = count

    @api.depends(
        "company_sample_request_ids.state",
        "company_sample_request_ids.sent_date",
        "company_sample_request_ids.converted_order_id",
    )
    def _compute_sample_awaiting_order(self):
        awaiting = self.env["crm.sample.request"]._awaiting_order_domain()
        for partner in self:
            partner.sample_awaiting_order = bool(partner.sudo().company_sample_request_ids.filtered_domain(awaiting))

    @api.depends("first_order_date", "confirmed_order_count")
    def _compute_is_new_customer(self):
        months = self._foreign_trade_policy("new_customer_months")
        max_orders = self._foreign_trade_policy("new_customer_max_orders")
        limit = fields.Datetime.now() - relativedelta(months=months)
        for partner in self:
            partner.is_new_customer = (
                not partner.first_order_date
                or partner.first_order_date > limit
                or partner.confirmed_order_count <= max_orders
            )

    def _lifecycle_in_development(self):
        """Partners (of self) being developed: open opportunities, quotations or samples."""
        commercial_ids = self.commercial_partner_id.ids
        leads = (
            self.env["crm.lead"]
            .sudo()
            ._read_group(
                [
                    ("partner_id.commercial_partner_id", "in", commercial_ids),
                    ("type", "=", "opportunity"),
                    ("active", "=", True),
                    ("stage_id.is_won", "=", False),
                ],
                ["partner_id"],
            )
        )
        quotations = (
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [("partner_id.commercial_partner_id", "in", commercial_ids), ("state", "in", ("draft", "sent"))],
                ["partner_id"],
            )
        )
        samples = (
            self.env["crm.sample.request"]
            .sudo()
            ._read_group(
                [("partner_id.commercial_partner_id", "in", commercial_ids), ("state", "not in", ("draft", "cancel"))],
                ["partner_id"],
            )
        )
        return {partner.commercial_partner_id.id for (partner,) in leads + quotations + samples}

    @api.depends(
        "active",
        "last_order_date",
        "lifecycle_stage_override",
        "opportunity_ids.active",
        "opportunity_ids.stage_id",
        "sale_order_ids.state",
        "sample_request_ids.state",
    )
    def _compute_lifecycle_stage(self):
        now = fields.Datetime.now()
        decline_limit = now - relativedelta(days=self._foreign_trade_policy("lifecycle_decline_days"))
        ended_limit = now - relativedelta(days=self._foreign_trade_policy("lifecycle_ended_days"))
        to_check = self.filtered(lambda p: not p.lifecycle_stage_override and p.active and not p.last_order_date)
        developing = to_check._lifecycle_in_development() if to_check else set()
        for partner in self:
            if partner.lifecycle_stage_override:
                stage = partner.lifecycle_stage_override
            elif not partner.active:
                stage = "ended"
            elif partner.last_order_date:
                if partner.last_order_date < ended_limit:
                    stage = "ended"
                elif partner.last_order_date < decline_limit:
                    stage = "decline"
                else:
                    stage = "growth"
            elif partner.commercial_partner_id.id in developing:
                stage = "development"
            else:
                stage = "potential"
            partner.lifecycle_stage = stage

    @api.model
    def _cron_recompute_customer_profile(self, batch_size=1000):
        """Time moves the profile on (new customer, decline, ended) without any write."""
        partners = self.with_context(active_test=False).search(
            ["|", ("first_order_date", "!=", False), ("lifecycle_stage", "in", ("growth", "decline"))]
        )
        for start in range(0, len(partners), batch_size):
            batch = partners[start : start + batch_size]
            self.env.add_to_compute(self._fields["is_new_customer"], batch)
            self.env.add_to_compute(self._fields["lifecycle_stage"], batch)
            batch.flush_recordset(["is_new_customer", "lifecycle_stage"])

    def _recompute_customer_profile_all(self):
        """After a policy change in Settings: every customer with history."""
        partners = self.with_context(active_test=False).search([("commercial_partner_id", "!=", False)])
        self.env.add_to_compute(self._fields["is_new_customer"], partners)
        self.env.add_to_compute(self._fields["lifecycle_stage"], partners)
        partners.flush_recordset(["is_new_customer", "lifecycle_stage"])

    # ------------------------------------------------------------------
    # Class and lifecycle changes need a reason
    # ------------------------------------------------------------------
    def write(self, vals):
        if "customer_class" in vals and not self.env.su:
            if not self.env.context.get("customer_class_change_reason"):
                raise UserError(_("Change a customer's class with the Change Class button: it asks for the reason."))
            if not self.env.user.has_group("sales_team.group_sale_manager"):
                raise UserError(_("Only sales managers can change a customer's class."))
        if vals.get("lifecycle_stage_override"):
            if not (vals.get("lifecycle_override_reason") or all(self.mapped("lifecycle_override_reason"))):
                raise UserError(_("Give the reason for overriding the lifecycle stage."))
            if not self.env.su and not self.env.user.has_group("crm_foreign_trade.group_general_manager"):
                raise UserError(_("Only the general manager can override a customer's lifecycle stage."))
        res = super().write(vals)
        if any(fname in vals for fname in COLLISION_FIELDS):
            self._check_customer_collision()
        return res

    # ------------------------------------------------------------------
    # Collision check (撞单): one customer must not be entered twice
    # ------------------------------------------------------------------
    collision_name_key = fields.Char(compute="_compute_collision_keys", store=True, index=True, copy=False)
    collision_vat_key = fields.Char(compute="_compute_collision_keys", store=True, index=True, copy=False)
    collision_phone_key = fields.Char(compute="_compute_collision_keys", store=True, index=True, copy=False)
    collision_website_key = fields.Char(compute="_compute_collision_keys", store=True, index=True, copy=False)

    def _collision_keys(self):
        """The keys of one partner as it is now (also a new record in a form)."""
        self.ensure_one()
        return self._collision_keys_from_values(
            name=self.name if self.is_company else "",
            vat=self.vat,
            email=self.email,
            phone=self.phone or self.mobile,
            website=self.website,
            country=self.country_id,
        )

    @api.model
    def _collision_keys_from_values(self, name="", vat="", email="", phone="", website="", country=None):
        """Keys recognising one company however it is written (shared with the legacy import)."""
        phone_key = ""
        if phone:
            # Odoo's own E.164 formatting where the number parses, digits otherwise
            formatted = self._phone_format(
                number=phone, country=country or self.env.company.country_id, force_format="E164"
            )
            phone_key = re.sub(r"\D", "", formatted) if formatted else normalize_phone_digits(phone)
        return {
            "collision_name_key": normalize_company_name(name),
            "collision_vat_key": normalize_vat(vat),
            "collision_phone_key": phone_key,
            "collision_website_key": normalize_website(website),
            "email_normalized": email_normalize(email or "") or "",
        }

    @api.depends("name", "vat", "phone", "mobile", "website", "is_company", "country_id")
    def _compute_collision_keys(self):
        for partner in self:
            keys = partner._collision_keys()
            for fname in ("collision_name_key", "collision_vat_key", "collision_phone_key", "collision_website_key"):
                partner[fname] = keys[fname] or False

    @api.model
    def _collision_check_enabled(self):
        return bool(self.env["ir.config_parameter"].sudo().get_param("crm_foreign_trade.collision_check"))

    def _find_collisions(self):
        """{partner: the other company it duplicates}, in one query for the whole batch."""
        keys_by_partner = {partner: partner._collision_keys() for partner in self}
        values = {}
        for keys in keys_by_partner.values():
            for fname, value in keys.items():
                if value:
                    values.setdefault(fname, set()).add(value)
        if not values:
            return {}
        domain = ["|"] * (len(values) - 1)
        for fname, keys in values.items():
            domain.append((fname, "in", list(keys)))
        own_ids = [pid for pid in self._origin.ids if pid] + [pid for pid in self.commercial_partner_id._origin.ids]
        candidates = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch([("id", "not in", own_ids)] + domain, list(values) + ["commercial_partner_id"], limit=100)
        )
        result = {}
        for partner, keys in keys_by_partner.items():
            own_commercial = partner.commercial_partner_id._origin
            for candidate in candidates:
                if candidate.commercial_partner_id == own_commercial or candidate == partner._origin:
                    continue
                if any(value and candidate[fname] == value for fname, value in keys.items()):
                    result[partner] = candidate.commercial_partner_id
                    break
        return result

    def _collision_message(self, match):
        owner = match.user_id
        if not owner:
            return _(
                "%(name)s is already a customer: %(match)s, in the public pool. "
                "Claim it from the pool instead of creating a duplicate.",
                name=self.display_name,
                match=match.display_name,
            )
        return _(
            "%(name)s is already a customer: %(match)s, owned by %(owner)s. "
            "Ask %(owner)s or your sales manager instead of creating a duplicate.",
            name=self.display_name,
            match=match.display_name,
            owner=owner.name,
        )

    def _check_customer_collision(self):
        """Salespeople cannot duplicate a colleague's or a pool customer; managers can (and merge)."""
        if not self or self.env.su or not self._collision_check_enabled():
            return
        if self.env.user.has_group("sales_team.group_sale_manager"):
            return
        for partner, match in self._find_collisions().items():
            if match.sudo().user_id != self.env.user:
                raise ValidationError(partner.sudo()._collision_message(match.sudo()))

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners._check_customer_collision()
        return partners

    @api.onchange("name", "vat", "email", "phone", "mobile", "website", "is_company")
    def _onchange_collision_warning(self):
        if not self._collision_check_enabled():
            return None
        match = self._find_collisions().get(self)
        if not match:
            return None
        return {
            "warning": {
                "title": _("Possible duplicate customer"),
                "message": self._collision_message(match.sudo()),
            }
        }

    # ------------------------------------------------------------------
    # Ownership and public pool (客户公海)
    # ------------------------------------------------------------------
    in_public_pool = fields.Boolean(
        compute="_compute_in_public_pool",
        store=True,
        index=True,
        help="A customer company nobody owns: any salesperson can claim it.",
    )
    owner_since = fields.Datetime(
        copy=False, help="When the current salesperson got the customer (claim, handover or assignment)."
    )
    last_interaction_date = fields.Datetime(
        copy=False,
        readonly=True,
        help="Latest logged note, e-mail, done activity, visit report or order on the customer or its opportunities.",
    )
    pool_warning_date = fields.Datetime(copy=False, readonly=True)
    pool_move_ids = fields.One2many("crm.customer.pool.move", "partner_id", string="Ownership History")
    decision_role_count = fields.Integer(compute="_compute_decision_role_count", string="Decision Roles")

    def _compute_decision_role_count(self):
        counts = dict(
            self.env["crm.decision.contact"]._read_group(
                [("partner_id", "child_of", self.commercial_partner_id.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.decision_role_count = sum(
                count
                for contact, count in counts.items()
                if contact.commercial_partner_id == partner.commercial_partner_id
            )

    def action_open_decision_roles(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Decision Roles"),
            "res_model": "crm.decision.contact",
            "view_mode": "list,form",
            "domain": [("partner_id", "child_of", self.commercial_partner_id.id)],
        }

    @api.depends("user_id", "is_company", "parent_id", "customer_rank", "customer_class", "active")
    def _compute_in_public_pool(self):
        for partner in self:
            partner.in_public_pool = bool(
                partner.active
                and partner.is_company
                and not partner.parent_id
                and not partner.user_id
                and (partner.customer_rank > 0 or partner.customer_class)
            )

    @api.model
    def _pool_enabled(self):
        return bool(self.env["ir.config_parameter"].sudo().get_param("crm_foreign_trade.pool_enabled"))

    def _pool_days(self):
        """Days without interaction before this customer returns to the pool."""
        self.ensure_one()
        return self._foreign_trade_policy(f"pool_days_{self.customer_class or 'unclassified'}")

    def _log_ownership_moves(self, move_type, from_users, to_user, reason, handover=None):
        """One history row and one chatter line per customer, written in batch."""
        moves = (
            self.env["crm.customer.pool.move"]
            .sudo()
            .create(
                [
                    {
                        "partner_id": partner.id,
                        "move_type": move_type,
                        "from_user_id": from_users.get(partner.id),
                        "to_user_id": to_user.id if to_user else False,
                        "reason": reason,
                        "handover_id": handover.id if handover else False,
                    }
                    for partner in self
                ]
            )
        )
        labels = dict(self.env["crm.customer.pool.move"]._fields["move_type"]._description_selection(self.env))
        bodies = {}
        for move in moves:
            parts = [labels[move_type]]
            if move.from_user_id:
                parts.append(_("from %(user)s", user=move.from_user_id.name))
            if move.to_user_id:
                parts.append(_("to %(user)s", user=move.to_user_id.name))
            if reason:
                parts.append(f"({reason})")
            bodies[move.partner_id.id] = " ".join(parts)
        self.sudo()._message_log_batch(bodies)
        return moves

    def _lock_for_ownership_change(self):
        """Serialise claims: two salespeople cannot take one pool customer at once."""
        try:
            self.env.cr.execute(SQL("SELECT id FROM res_partner WHERE id IN %s FOR UPDATE NOWAIT", tuple(self.ids)))
        except pg_errors.LockNotAvailable as exc:
            raise UserError(_("A colleague is taking this customer right now. Try again in a moment.")) from exc
        self.invalidate_recordset(["user_id"])

    def action_pool_claim(self):
        user = self.env.user
        if not user.has_group("sales_team.group_sale_salesman"):
            raise UserError(_("Only salespeople can claim customers from the public pool."))
        partners = self.sudo()
        partners._lock_for_ownership_change()
        taken = partners.filtered("user_id")
        if taken or not all(partners.mapped("in_public_pool")):
            raise UserError(
                _(
                    "%(customers)s is no longer in the public pool.",
                    customers=", ".join((taken or partners).mapped("name")),
                )
            )
        limit = self._foreign_trade_policy("pool_claim_limit")
        # customers claimed and not yet won count against the cap
        open_claims = self.sudo().search_count(
            [("user_id", "=", user.id), ("owner_since", "!=", False), ("confirmed_order_count", "=", 0),
             ("pool_move_ids.move_type", "=", "claim"), ("pool_move_ids.to_user_id", "=", user.id)]
        )  # fmt: skip
        if open_claims + len(partners) > limit:
            raise UserError(
                _(
                    "You already hold %(count)s customers claimed from the pool without an order; "
                    "the limit is %(limit)s. Win or release some first.",
                    count=open_claims,
                    limit=limit,
                )
            )
        cooldown = self._foreign_trade_policy("pool_reclaim_cooldown_days")
        recent = self.env["crm.customer.pool.move"].sudo().search(
            [("partner_id", "in", partners.ids), ("from_user_id", "=", user.id),
             ("move_type", "in", ("release", "release_auto")),
             ("date", ">", fields.Datetime.now() - relativedelta(days=cooldown))],
            limit=1,
        )  # fmt: skip
        if recent:
            raise UserError(
                _(
                    "%(customer)s left you on %(date)s: you can claim it again after %(days)s days.",
                    customer=recent.partner_id.name,
                    date=fields.Date.to_string(recent.date),
                    days=cooldown,
                )
            )
        now = fields.Datetime.now()
        partners.write({"user_id": user.id, "owner_since": now, "pool_warning_date": False})
        partners._log_ownership_moves("claim", {}, user, False)
        return True

    def action_pool_release(self, reason=False):
        user = self.env.user
        is_manager = user.has_group("sales_team.group_sale_manager")
        partners = self.sudo()
        if not is_manager and partners.filtered(lambda p: p.user_id != user):
            raise UserError(_("You can only release your own customers."))
        owned = partners.filtered("user_id")
        from_users = {p.id: p.user_id.id for p in owned}
        owned.write({"user_id": False, "owner_since": False, "pool_warning_date": False})
        owned._log_ownership_moves("release", from_users, False, reason or _("Released by %s", user.name))
        return True

    def _pool_interaction_dates(self):
        """{commercial partner id: latest interaction}, in a constant number of queries."""
        ids = self.ids
        latest = dict.fromkeys(ids, False)

        def bump(pid, date):
            if pid in latest and date and (not latest[pid] or date > latest[pid]):
                latest[pid] = date

        # notes, e-mails and done activities (logged as messages with their activity type)
        logged = ["|", ("message_type", "in", ("comment", "email")), ("mail_activity_type_id", "!=", False)]
        Message = self.env["mail.message"].sudo()
        messages = Message._read_group(
            [("model", "=", "res.partner"), ("res_id", "in", ids)] + logged, ["res_id"], ["date:max"]
        )
        for pid, date in messages:
            bump(pid, date)
        leads = (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch([("partner_id.commercial_partner_id", "in", ids)], ["partner_id"])
        )
        lead_partner = {lead.id: lead.partner_id.commercial_partner_id.id for lead in leads}
        if lead_partner:
            lead_messages = Message._read_group(
                [("model", "=", "crm.lead"), ("res_id", "in", list(lead_partner))] + logged, ["res_id"], ["date:max"]
            )
            for lead_id, date in lead_messages:
                bump(lead_partner[lead_id], date)
        orders = (
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [("partner_id.commercial_partner_id", "in", ids), ("state", "!=", "cancel")],
                ["partner_id"],
                ["date_order:max"],
            )
        )
        for partner, date in orders:
            bump(partner.commercial_partner_id.id, date)
        visits = (
            self.env["crm.visit.report"]
            .sudo()
            ._read_group(
                [("partner_id.commercial_partner_id", "in", ids), ("state", "in", ("submitted", "reviewed"))],
                ["partner_id"],
                ["visit_date:max"],
            )
        )
        for partner, visit_date in visits:
            bump(partner.commercial_partner_id.id, fields.Datetime.to_datetime(visit_date))
        for partner in self:
            bump(partner.id, partner.owner_since)
        return latest

    @api.model
    def _cron_public_pool(self, batch_size=500):
        """Warn owners, then return customers nobody works to the pool."""
        if not self._pool_enabled():
            return
        now = fields.Datetime.now()
        warning_days = self._foreign_trade_policy("pool_warning_days")
        last_id = 0
        while True:
            batch = self.sudo().search(
                [("id", ">", last_id), ("user_id", "!=", False), ("is_company", "=", True), ("parent_id", "=", False),
                 "|", ("customer_rank", ">", 0), ("customer_class", "!=", False)],
                order="id", limit=batch_size,
            )  # fmt: skip
            if not batch:
                break
            last_id = batch[-1].id
            batch._pool_process_batch(now, warning_days)
            # keep memory flat and commit progress of long runs (cron only)
            if not self.env.context.get("pool_cron_no_commit") and not getattr(
                threading.current_thread(), "testing", False
            ):
                self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.invalidate_all()

    def _pool_process_batch(self, now, warning_days):
        latest = self._pool_interaction_dates()
        to_release = self.browse()
        to_warn = self.browse()
        for partner in self:
            last = latest.get(partner.id)
            days = partner._pool_days()
            idle_since = last or partner.create_date
            if idle_since <= now - relativedelta(days=days):
                to_release |= partner
            elif idle_since <= now - relativedelta(days=days - warning_days) and not partner.pool_warning_date:
                to_warn |= partner
        for partner in self - to_release:
            if latest.get(partner.id) and latest[partner.id] != partner.last_interaction_date:
                partner.last_interaction_date = latest[partner.id]
        if to_warn:
            activity_type = self.env.ref("mail.mail_activity_data_todo")
            model_id = self.env["ir.model"]._get_id("res.partner")
            self.env["mail.activity"].sudo().create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": partner.id,
                        "activity_type_id": activity_type.id,
                        "user_id": partner.user_id.id,
                        "summary": _("Customer returns to the public pool soon"),
                        "note": _(
                            "No activity, visit or order for a long time: log one or this customer goes back "
                            "to the public pool in %(days)s days.",
                            days=warning_days,
                        ),
                        "date_deadline": fields.Date.context_today(self),
                    }
                    for partner in to_warn
                ]
            )
            to_warn.write({"pool_warning_date": now})
        if to_release:
            from_users = {p.id: p.user_id.id for p in to_release}
            to_release.write({"user_id": False, "owner_since": False, "pool_warning_date": False})
            to_release._log_ownership_moves("release_auto", from_users, False, _("no activity, visit or order"))
            _logger.info("Public pool: %s customers returned", len(to_release))
