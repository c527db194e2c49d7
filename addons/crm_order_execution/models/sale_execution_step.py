# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import _, fields, models
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
        return True

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
