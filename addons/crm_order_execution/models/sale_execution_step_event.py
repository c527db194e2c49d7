# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models

from .sale_execution_step import OPEN_STATES
from .sale_execution_template import COMPLETION_EVENTS

# the documents a step done by an ERP event links to
EVENT_DOCUMENT_MODELS = [
    ("purchase.order", "Purchase Order"),
    ("stock.picking", "Delivery"),
    ("account.move", "Invoice"),
    ("sale.order", "Sales Order"),
]


class SaleExecutionStep(models.Model):
    _inherit = "sale.execution.step"

    completion_event = fields.Selection(COMPLETION_EVENTS, string="Done When", readonly=True)
    document_ref = fields.Reference(
        EVENT_DOCUMENT_MODELS,
        string="Document",
        readonly=True,
        copy=False,
        help="The document whose event marked the step done; cancelling it re-opens the step.",
    )

    def _done_by_event(self, document):
        """The ERP fact happened: the step is done with its document, whatever its prerequisites say."""
        steps = self.filtered(lambda s: s.state in OPEN_STATES)
        if not steps:
            return steps
        today = fields.Date.context_today(self)
        steps.write({"state": "done", "date_done": today, "is_late": False, "document_ref": _reference(document)})
        steps._close_activities(_("Done: %s", document.display_name))
        steps._plan_following_steps(today)
        steps.filtered("customer_facing")._notify_milestone()
        return steps

    def _reopen_by_event(self, reason=False):
        """The document that completed the step was cancelled, or its fact undone (`reason` says how): the step
        is to do again, with its activity."""
        steps = self.filtered(lambda s: s.state == "done" and s.document_ref)
        for step in steps:
            step.message_post(
                body=reason or _("Re-opened: %(document)s is no longer valid.", document=step.document_ref.display_name)
            )
        steps.write({"state": "todo", "date_done": False, "document_ref": False})
        steps._schedule_responsible_activities()
        return steps


def _reference(document):
    return f"{document._name},{document.id}"
