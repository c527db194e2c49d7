# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

LIFECYCLE_STAGES = [
    ("potential", "Potential"),
    ("development", "Development"),
    ("growth", "Growth & Maturity"),
    ("decline", "Decline"),
    ("ended", "Ended"),
]


class ResPartner(models.Model):
    """Lifecycle stage: computed from opportunities, quotations, samples and orders, or overridden."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

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
    customer_profile_checked_on = fields.Date(
        readonly=True, copy=False, help="Last daily recomputation of the new-customer flag and the lifecycle stage."
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
        to_check = self.filtered(lambda p: not p.lifecycle_stage_override and p.active and not p.last_order_date)
        developing = to_check._lifecycle_in_development() if to_check else set()
        for partner in self:
            if partner.lifecycle_stage_override:
                stage = partner.lifecycle_stage_override
            elif not partner.active:
                stage = "ended"
            elif partner.last_order_date:
                policy = partner._policy_company()
                if partner.last_order_date < now - relativedelta(days=policy.lifecycle_ended_days):
                    stage = "ended"
                elif partner.last_order_date < now - relativedelta(days=policy.lifecycle_decline_days):
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
        """Daily: time moves the profile on (new customer, decline, ended) without any write, one batch per call.

        The scheduler calls again while customers remain (`_notify_progress`); a customer checked today leaves the
        search, so a killed run resumes with the others.
        """
        today = fields.Date.context_today(self)
        partners = self.with_context(active_test=False)
        domain = [
            "|",
            ("first_order_date", "!=", False),
            ("lifecycle_stage", "in", ("growth", "decline")),
            "|",
            ("customer_profile_checked_on", "=", False),
            ("customer_profile_checked_on", "<", today),
        ]
        batch = partners.search(domain, order="id", limit=batch_size)
        remaining = partners.search_count(domain) - len(batch)
        self.env.add_to_compute(self._fields["is_new_customer"], batch)
        self.env.add_to_compute(self._fields["lifecycle_stage"], batch)
        batch.flush_recordset(["is_new_customer", "lifecycle_stage"])
        # the ORM's plain write: a date stamp, none of the partner's write overrides concern it
        models.BaseModel.write(batch, {"customer_profile_checked_on": today})
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return remaining

    def _recompute_customer_profile_all(self):
        """After a policy change in Settings: every customer with history."""
        partners = self.with_context(active_test=False).search([("commercial_partner_id", "!=", False)])
        self.env.add_to_compute(self._fields["is_new_customer"], partners)
        self.env.add_to_compute(self._fields["lifecycle_stage"], partners)
        partners.flush_recordset(["is_new_customer", "lifecycle_stage"])

    # ------------------------------------------------------------------
    # An override needs the general manager and a reason
    # ------------------------------------------------------------------
    def write(self, vals):
        if vals.get("lifecycle_stage_override"):
            if not (vals.get("lifecycle_override_reason") or all(self.mapped("lifecycle_override_reason"))):
                raise UserError(_("Give the reason for overriding the lifecycle stage."))
            if not self.env.su and not self.env.user.has_group("crm_foreign_trade.group_general_manager"):
                raise UserError(_("Only the general manager can override a customer's lifecycle stage."))
        return super().write(vals)
