# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""After a complaint is solved its owner asks the customer whether the solution satisfied them (seed 001 §4.4:
the complaint is closed with the customer, not only in-house)."""

from datetime import timedelta

from odoo import _, fields, models
from odoo.exceptions import UserError

SATISFACTION = [("satisfied", "Satisfied"), ("not_satisfied", "Not Satisfied")]


class CrmCustomerComplaint(models.Model):
    _inherit = "crm.customer.complaint"

    customer_satisfaction = fields.Selection(
        SATISFACTION,
        string="Customer Satisfied With the Solution",
        tracking=True,
        copy=False,
        help="What the customer answered at the follow-up; not satisfied re-opens the complaint.",
    )

    def action_solve(self):
        res = super().action_solve()
        # solved again after the customer was not satisfied: the new solution waits for their new answer
        self.filtered("customer_satisfaction").customer_satisfaction = False
        todo = self.env.ref("mail.mail_activity_data_todo")
        for complaint in self:
            owner = complaint.user_id or self.env.user
            days = complaint.company_id.complaint_followup_days
            in_lang = complaint.with_context(lang=owner.lang)
            complaint.activity_schedule(
                activity_type_id=todo.id,
                user_id=owner.id,
                date_deadline=complaint.date_solved + timedelta(days=days),
                summary=in_lang.env._("Ask %(customer)s whether the solution satisfied them",
                                      customer=complaint.partner_id.display_name),
            )  # fmt: skip
        return res

    def write(self, vals):
        if vals.get("customer_satisfaction") and any(c.state != "solved" for c in self):
            raise UserError(_("Record the customer's satisfaction once the complaint is solved."))
        res = super().write(vals)
        if vals.get("customer_satisfaction"):
            self.activity_ids.filtered(lambda a: a.activity_type_id.category != "upload_file").action_feedback(
                feedback=dict(self._fields["customer_satisfaction"]._description_selection(self.env))[
                    vals["customer_satisfaction"]
                ]
            )
        if vals.get("customer_satisfaction") == "not_satisfied":
            # the solution did not hold for the customer: the complaint is open again, with its owner
            self.action_reopen()
        return res
