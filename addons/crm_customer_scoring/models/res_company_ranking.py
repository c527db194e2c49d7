# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The ranking policy of seed 001 §4.2.2, per company (branch), shown in Settings.

The seed gives the formula (sales × net margin × cooperation % × payment %) but no numbers for the two
percentages; the defaults below are neutral and explained on each field.
"""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    # 100 %: a customer without an approved willingness is neither rewarded nor punished
    ranking_default_cooperation_rate = fields.Float(
        string="Default Cooperation Willingness",
        default=1.0,
        help="Cooperation willingness of a customer until the sales manager approves one for the year.",
    )
    # the payment status falls from 100 % (everything paid on time) by the amount-weighted days late and reaches
    # 0 % at 90 days: the longest class term of the seed is 60 days, three more months late is a serious debtor;
    # later or still unpaid amounts make it negative (down to -100 %)
    ranking_payment_zero_days = fields.Integer(
        string="Days Late for 0% Payment Status",
        default=90,
        help="Payment status is 100% when the year's invoices were paid on time and falls with the days late, "
        "weighted by the amounts (unpaid amounts count until today): 0% at this many days, negative beyond.",
    )
    # the seed lets small, low-margin or slow-paying customers go: ten is a short list to review each year
    ranking_drop_bottom_count = fields.Integer(
        string="Bottom Customers to Review",
        default=10,
        help="The lowest-ranked customers of a year shown as candidates to drop, besides those with a negative score.",
    )
    ranking_nightly = fields.Boolean(
        string="Recompute the Ranking Every Night",
        help="The current year's ranking is recomputed in the background every night.",
    )
    ranking_last_computed = fields.Datetime(readonly=True, copy=False)
    ranking_pending_count = fields.Integer(
        string="Customers Left to Rank",
        compute="_compute_ranking_pending_count",
        help="Customers a background recomputation still has to rank.",
    )

    def _compute_ranking_pending_count(self):
        counts = dict(
            self.env["crm.customer.score"]
            .sudo()
            ._read_group([("company_id", "in", self.ids), ("needs_compute", "=", True)], ["company_id"], ["__count"])
        )
        for company in self:
            company.ranking_pending_count = counts.get(company, 0)

    @api.constrains("ranking_payment_zero_days", "ranking_drop_bottom_count", "ranking_default_cooperation_rate")
    def _check_ranking_policy(self):
        for company in self:
            # the range of an approved willingness (crm.customer.cooperation)
            if not -1.0 <= company.ranking_default_cooperation_rate <= 1.0:
                raise ValidationError(_("Default cooperation willingness must be between -100% and 100%."))
            if company.ranking_payment_zero_days <= 0:
                raise ValidationError(_("The days late for a 0% payment status must be more than zero."))
            if company.ranking_drop_bottom_count < 0:
                raise ValidationError(_("The number of bottom customers to review cannot be negative."))
