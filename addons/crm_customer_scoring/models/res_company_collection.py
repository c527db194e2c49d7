# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """Collections by instalment (seed 004 §3.2.6, 分期收款 / 催款): the company's policy."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    collection_plans = fields.Boolean(
        string="Collection Plans by Instalment",
        help="Confirmed orders whose payment term has several lines get one instalment per line, followed up "
        "and dunned until paid.",
    )
    collection_dunning_days_1 = fields.Integer(
        string="First Reminder (Days Overdue)",
        default=7,
        help="Days after the due date of an unpaid instalment when the customer gets a payment reminder.",
    )
    collection_dunning_days_2 = fields.Integer(
        string="Second Reminder (Days Overdue)",
        default=30,
        help="Days overdue when the customer is reminded again and the salesperson gets an activity.",
    )
    collection_dunning_days_3 = fields.Integer(
        string="Escalation (Days Overdue)",
        default=60,
        help="Days overdue when the salesperson's sales manager gets an activity.",
    )

    @api.constrains("collection_dunning_days_1", "collection_dunning_days_2", "collection_dunning_days_3")
    def _check_collection_dunning_days(self):
        for company in self:
            days = (
                company.collection_dunning_days_1,
                company.collection_dunning_days_2,
                company.collection_dunning_days_3,
            )
            if min(days) < 0 or list(days) != sorted(days):
                raise ValidationError(
                    _("The dunning days must be zero or more and must not decrease from one level to the next.")
                )
