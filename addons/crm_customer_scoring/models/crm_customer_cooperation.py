# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Cooperation willingness of a customer for a year (seed 001 §4.2.2): "provided by the salesperson with
reasons, approved by the sales manager". Only approved values count in the ranking; until then the
company's default applies (res_company_ranking.py)."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

COOPERATION_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("refused", "Refused"),
]
# what the salesperson proposes; frozen once submitted
PROPOSAL_FIELDS = {"partner_id", "company_id", "year", "rate", "justification"}


class CrmCustomerCooperation(models.Model):
    _name = "crm.customer.cooperation"
    _description = "Cooperation Willingness"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain=[("is_company", "=", True)],
        check_company=True,
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    year = fields.Integer(
        required=True, aggregator=False, default=lambda self: fields.Date.context_today(self).year, tracking=True
    )
    rate = fields.Float(
        string="Cooperation Willingness",
        required=True,
        default=1.0,
        tracking=True,
        help="How willing the customer is to work with us: 100% fully, negative when it works against us.",
    )
    justification = fields.Text(required=True, help="Why this willingness: the facts the sales manager judges.")
    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, default=lambda self: self.env.user, index=True
    )
    customer_user_id = fields.Many2one(related="partner_id.user_id", string="Customer's Salesperson", store=True)
    state = fields.Selection(
        COOPERATION_STATES, string="Status", default="draft", required=True, tracking=True, readonly=True
    )
    approver_id = fields.Many2one("res.users", readonly=True, tracking=True)
    decided_by_id = fields.Many2one("res.users", readonly=True)
    decided_on = fields.Datetime(readonly=True)
    refuse_reason = fields.Text(string="Refusal Reason", tracking=True)

    @api.constrains("rate")
    def _check_rate(self):
        for request in self:
            if not -1.0 <= request.rate <= 1.0:
                raise ValidationError(_("Cooperation willingness must be between -100% and 100%."))

    @api.depends("partner_id", "year")
    def _compute_display_name(self):
        for request in self:
            request.display_name = f"{request.partner_id.name or ''} {request.year or ''}".strip()

    def write(self, vals):
        if PROPOSAL_FIELDS & set(vals) and any(request.state != "draft" for request in self):
            raise UserError(_("A submitted cooperation willingness cannot be changed: reset it to draft first."))
        return super().write(vals)

    # ------------------------------------------------------------------
    # Flow
    # ------------------------------------------------------------------
    def _find_approver(self):
        """The requester's sales manager; the general manager when the sales manager proposes it himself."""
        self.ensure_one()
        approver = self.user_id._sales_manager_of("sales_manager", company=self.company_id)
        if approver == self.user_id:
            approver = self.user_id._sales_manager_of("general_manager", company=self.company_id)
        return approver

    def action_submit(self):
        for request in self:
            if request.state != "draft":
                raise UserError(_("Only a draft cooperation willingness can be submitted."))
            approver = request._find_approver()
            if not approver:
                raise UserError(
                    _("Nobody can approve this cooperation willingness: set the sales manager in Settings.")
                )
            request.write({"state": "submitted", "approver_id": approver.id})
            request.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=approver.id,
                summary=_("Approve the cooperation willingness of %s", request.partner_id.name),
                note=request.justification,
            )
        return True

    def _check_can_decide(self):
        for request in self:
            if request.state != "submitted":
                raise UserError(_("Only a submitted cooperation willingness can be approved or refused."))
            if self.env.su:
                continue
            if self.env.user == request.user_id:
                raise UserError(_("You cannot approve or refuse your own cooperation willingness."))
            if self.env.user != request.approver_id:
                raise UserError(
                    _(
                        "Only %(approver)s, the sales manager of %(salesperson)s, can approve or refuse this "
                        "cooperation willingness.",
                        approver=request.approver_id.name,
                        salesperson=request.user_id.name,
                    )
                )

    def action_approve(self):
        self._check_can_decide()
        self.write({"state": "approved", "decided_by_id": self.env.uid, "decided_on": fields.Datetime.now()})
        self.activity_feedback(["mail.mail_activity_data_todo"], feedback=_("Approved"))
        for request in self:
            request.message_post(
                body=_("Cooperation willingness of %(rate)s%% approved.", rate=round(request.rate * 100, 2)),
                partner_ids=request.user_id.partner_id.ids,
            )
        self._apply_to_scores()
        return True

    def action_refuse(self):
        self._check_can_decide()
        self.write({"state": "refused", "decided_by_id": self.env.uid, "decided_on": fields.Datetime.now()})
        self.activity_feedback(["mail.mail_activity_data_todo"], feedback=_("Refused"))
        for request in self:
            request.message_post(
                body=_("Cooperation willingness refused: %s", request.refuse_reason or _("no reason given")),
                partner_ids=request.user_id.partner_id.ids,
            )
        return True

    def action_draft(self):
        if any(request.state != "refused" for request in self):
            raise UserError(_("Only a refused cooperation willingness can be reset to draft."))
        self.write({"state": "draft", "approver_id": False, "decided_by_id": False, "decided_on": False})
        return True

    def _apply_to_scores(self):
        """The approved willingness replaces the one in the customer's ranking row of the year, if ranked."""
        Score = self.env["crm.customer.score"].sudo()
        for request in self.sorted("decided_on"):
            scores = Score.search(
                [
                    ("partner_id", "=", request.partner_id.commercial_partner_id.id),
                    ("company_id", "=", request.company_id.id),
                    ("year", "=", request.year),
                ]
            )
            if scores:
                scores.write({"cooperation_id": request.id, "cooperation_rate": request.rate})
                scores.with_company(request.company_id)._finalise_year(request.year)
