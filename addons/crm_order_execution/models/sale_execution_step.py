# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .sale_execution_template import DUE_BASES

STEP_STATES = [("todo", "To Do"), ("in_progress", "In Progress"), ("done", "Done"), ("skipped", "Skipped")]


class SaleExecutionStep(models.Model):
    """One step of an export order's execution checklist."""

    _name = "sale.execution.step"
    _description = "Order Execution Step"
    _inherit = ["mail.thread"]
    _order = "order_id, sequence, id"

    order_id = fields.Many2one("sale.order", required=True, index=True, ondelete="cascade")
    template_step_id = fields.Many2one("sale.execution.template.step", ondelete="set null")
    name = fields.Char(required=True)
    sequence = fields.Integer()
    user_id = fields.Many2one("res.users", string="Responsible", index=True, tracking=True)
    due_base = fields.Selection(DUE_BASES)
    date_planned = fields.Date(string="Planned", index=True, tracking=True)
    date_done = fields.Date(string="Done On", readonly=True)
    state = fields.Selection(STEP_STATES, default="todo", required=True, index=True, tracking=True)
    skip_reason = fields.Char()
    is_late = fields.Boolean(string="Late", readonly=True, index=True)
    customer_facing = fields.Boolean(readonly=True)
    notes = fields.Text()
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    partner_id = fields.Many2one(related="order_id.partner_id", store=True, string="Customer")

    def action_start(self):
        self.filtered(lambda s: s.state == "todo").write({"state": "in_progress"})
        return True

    def action_done(self):
        for step in self:
            missing = (
                step.template_step_id.prerequisite_ids
                - step.order_id.execution_step_ids.filtered(lambda s: s.state in ("done", "skipped")).template_step_id
            )
            if missing:
                raise UserError(
                    _("%(step)s waits for: %(missing)s.", step=step.name, missing=", ".join(missing.mapped("name")))
                )
        today = fields.Date.context_today(self)
        self.write({"state": "done", "date_done": today, "is_late": False})
        self._plan_following_steps(today)
        self.filtered("customer_facing")._notify_milestone()
        return True

    def _notify_milestone(self):
        """A customer-facing milestone: the salesperson tells the customer, whose followers hear of it."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        for step in self:
            order = step.order_id
            order.activity_schedule(
                activity_type_id=todo.id,
                user_id=(order.user_id or self.env.user).id,
                summary=_("Inform the customer: %s", step.name),
            )
            order.message_post(
                body=_("Milestone reached: %(step)s on %(date)s.", step=step.name, date=step.date_done),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    @api.model
    def _cron_flag_late_steps(self):
        """Flag late steps once and tell the responsible's manager (the sales team leader)."""
        today = fields.Date.context_today(self)
        late = self.search(
            [("state", "in", ("todo", "in_progress")), ("date_planned", "<", today), ("is_late", "=", False)]
        )
        late.write({"is_late": True})
        todo = self.env.ref("mail.mail_activity_data_todo")
        for step in late:
            manager = step.order_id.team_id.user_id or step.order_id.user_id
            step.order_id.activity_schedule(
                activity_type_id=todo.id,
                user_id=manager.id,
                summary=_("Late: %(step)s (due %(date)s)", step=step.name, date=step.date_planned),
            )
        return late

    def _plan_following_steps(self, done_on):
        """Steps due "after the previous step" get their date when that step is done."""
        for step in self:
            following = step.order_id.execution_step_ids.filtered(
                lambda s, ref=step: s.sequence > ref.sequence and s.state in ("todo", "in_progress")
            ).sorted("sequence")[:1]
            if following.due_base == "previous" and following.template_step_id:
                following.date_planned = done_on + relativedelta(days=following.template_step_id.due_offset_days)

    def action_skip(self):
        if any(not step.skip_reason for step in self):
            raise UserError(_("Give the reason for skipping the step."))
        self.write({"state": "skipped", "is_late": False})
        return True
