# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from dateutil.relativedelta import relativedelta
from psycopg2 import errors as pg_errors

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class ResPartner(models.Model):
    """Ownership and public pool (客户公海): owner, interactions, claim and release, the return cron."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

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
    pool_checked_on = fields.Date(readonly=True, copy=False, help="Last daily check of the public pool's rules.")
    pool_move_ids = fields.One2many("crm.customer.pool.move", "partner_id", string="Ownership History")

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

    def _pool_days(self):
        """Days without interaction before this customer returns to the pool (its company's policy)."""
        self.ensure_one()
        return self._policy_company()[f"pool_days_{self.customer_class or 'unclassified'}"]

    def _log_ownership_moves(self, move_type, from_users, to_user, reason, handover=None):
        """One history row and one chatter line per customer, written in batch."""
        moves = (
            self.env["crm.customer.pool.move"]
            .sudo()
            .create(
                [
                    {
                        "partner_id": partner.id,
                        "company_id": (partner.company_id or self.env.company).id,
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
        limit = self.env.company.pool_claim_limit
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
        cooldown = self.env.company.pool_reclaim_cooldown_days
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
        """Daily: warn owners, then return customers nobody works to the pool, one batch per call.

        The scheduler calls again while customers remain (`_notify_progress`) and commits between batches; a
        customer checked today leaves the search, so a killed run resumes with the others.
        """
        companies = self.env["res.company"].sudo().search([("pool_enabled", "=", True)])
        if not companies:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return 0
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        # customers of a company with the pool on; shared customers follow the main company's policy
        company_domain = [("company_id", "in", companies.ids)]
        if self.env.company in companies:
            company_domain = ["|", ("company_id", "=", False)] + company_domain
        domain = [
            ("user_id", "!=", False), ("is_company", "=", True), ("parent_id", "=", False),
            "|", ("customer_rank", ">", 0), ("customer_class", "!=", False),
            "|", ("pool_checked_on", "=", False), ("pool_checked_on", "<", today),
        ] + company_domain  # fmt: skip
        partners = self.sudo()
        batch = partners.search(domain, order="id", limit=batch_size)
        remaining = partners.search_count(domain) - len(batch)
        batch._pool_process_batch(now)
        # the ORM's plain write: a date stamp, none of the partner's write overrides concern it
        models.BaseModel.write(batch, {"pool_checked_on": today})
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return remaining

    def _pool_process_batch(self, now):
        latest = self._pool_interaction_dates()
        to_release = self.browse()
        to_warn = self.browse()
        for partner in self:
            last = latest.get(partner.id)
            days = partner._pool_days()
            warning_days = partner._policy_company().pool_warning_days
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
            activities = []
            for partner in to_warn:
                # the owner reads the warning in their own language, whoever runs the cron
                env = partner.with_context(lang=partner.user_id.lang or partner._policy_company().partner_id.lang).env
                activities.append(
                    {
                        "res_model_id": model_id,
                        "res_id": partner.id,
                        "activity_type_id": activity_type.id,
                        "user_id": partner.user_id.id,
                        "summary": env._("Customer returns to the public pool soon"),
                        "note": env._(
                            "No activity, visit or order for a long time: log one or this customer goes back "
                            "to the public pool in %(days)s days.",
                            days=partner._policy_company().pool_warning_days,
                        ),
                        "date_deadline": fields.Date.context_today(self),
                    }
                )
            self.env["mail.activity"].sudo().create(activities)
            to_warn.write({"pool_warning_date": now})
        if to_release:
            from_users = {p.id: p.user_id.id for p in to_release}
            to_release.write({"user_id": False, "owner_since": False, "pool_warning_date": False})
            to_release._log_ownership_moves("release_auto", from_users, False, _("no activity, visit or order"))
            _logger.info("Public pool: %s customers returned", len(to_release))
