# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The shipped templates are not updated (noupdate): their steps get the ERP event that now completes them,
where the consultant left them without one, and so do the open checklist steps copied from them. Nothing
starts blocking: which steps block a delivery stays the consultant's choice."""

from odoo import SUPERUSER_ID, api

STEP_EVENTS = {
    "step_direct_purchase": "purchase_confirmed",
    "step_direct_bl": "bill_of_lading",
    "step_direct_collection": "invoice_paid",
    "step_direct_rebate": "tax_rebate",
    "step_transfer_delivery": "delivery_done",
    "step_transfer_collection": "invoice_paid",
    "step_transfer_rebate": "tax_rebate",
    "step_domestic_delivery": "delivery_done",
    "step_domestic_collection": "invoice_paid",
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, event in STEP_EVENTS.items():
        template_step = env.ref(f"crm_order_execution.{xmlid}", raise_if_not_found=False)
        if not template_step or template_step.completion_event:
            continue
        template_step.completion_event = event
        cr.execute(
            """
            UPDATE sale_execution_step
               SET completion_event = %s
             WHERE template_step_id = %s AND completion_event IS NULL AND state IN ('todo', 'in_progress')
            """,
            (event, template_step.id),
        )
