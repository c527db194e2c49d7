# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How the customer responded to a call, e-mail or visit (seed 001 §4.3.4a (3): "refuses to communicate").

The salesperson sets the response on the activity before marking it done. Odoo
deletes done activities unless their type keeps them; an activity with a
response is kept (archived with its done date) whatever its type, because the
churn rule counts it.
"""

from odoo import api, fields, models

CUSTOMER_RESPONSES = [
    ("answered", "Answered"),
    ("no_answer", "No Answer"),
    ("refused", "Refused"),
]


class MailActivity(models.Model):
    _inherit = "mail.activity"

    customer_response = fields.Selection(
        CUSTOMER_RESPONSES,
        help="How the customer responded, set before marking the activity done: refused or unanswered "
        "contacts count for the churn warning.",
    )
    customer_partner_id = fields.Many2one(
        "res.partner",
        string="Customer Company",
        compute="_compute_customer_partner_id",
        store=True,
        # computed before the insert: activities are created on each order confirmation (checklists), an update
        # after would be one more query each time (tests/test_query_budget_confirm.py)
        precompute=True,
        index="btree_not_null",
        help="The customer company of the document, kept for activities with a customer response.",
    )

    @api.depends("customer_response", "res_model", "res_id")
    def _compute_customer_partner_id(self):
        # only activities with a response matter: the others are not resolved (no read of their documents)
        for activity in self:
            partner = self.env["res.partner"]
            if activity.customer_response and activity.res_model and activity.res_id:
                record = self.env[activity.res_model].sudo().browse(activity.res_id).exists()
                if activity.res_model == "res.partner":
                    partner = record
                elif (
                    record
                    and "partner_id" in record._fields
                    and record._fields["partner_id"].comodel_name == ("res.partner")
                ):
                    partner = record.partner_id
            activity.customer_partner_id = partner.commercial_partner_id

    def _action_done(self, feedback=False, attachment_ids=None):
        return super(MailActivity, self.with_context(keep_customer_responses=True))._action_done(
            feedback=feedback, attachment_ids=attachment_ids
        )

    def unlink(self):
        # marking done unlinks activities of types that do not keep them: keep the answered ones archived
        if self.env.context.get("keep_customer_responses"):
            kept = self.filtered(lambda activity: activity.customer_response and activity.active)
            kept.action_archive()
            self -= kept
        return super().unlink()
