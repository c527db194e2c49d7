# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The sales dynamics policy of seed 001 §4.2.2 b: one value per company (branch), shown in Settings.

What counts as a month worth a manager's look (models/crm_customer_sales_month.py): the recent months
the customer's level is taken from, how far below or above its expectation a month must be, the monthly
volume below which a customer is too small to be flagged, and how many years of history teach a
customer's seasonal pattern. The company holds each value: 0 is a value.
"""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

DYNAMICS_POLICY = (
    "dynamics_recent_months",
    "dynamics_drop_threshold",
    "dynamics_rise_threshold",
    "dynamics_min_volume",
    "dynamics_pattern_years",
)


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    dynamics_recent_months = fields.Integer(
        string="Recent Months",
        default=3,
        help="The customer's recent level is the average of this many months before the month compared.",
    )
    dynamics_drop_threshold = fields.Float(
        string="Drop Threshold",
        default=0.5,
        help="A month this far below the customer's expected amount is flagged as a drop (0.5 = 50 %).",
    )
    dynamics_rise_threshold = fields.Float(
        string="Rise Threshold",
        default=1.0,
        help="A month this far above the customer's expected amount is flagged as a rise (1.0 = 100 %).",
    )
    dynamics_min_volume = fields.Float(
        string="Minimum Monthly Volume",
        default=10000.0,
        help="Customers whose expected or recent monthly amount (company currency) is below this are not "
        "flagged: small customers do not raise noise.",
    )
    dynamics_pattern_years = fields.Integer(
        string="Years to Learn the Season",
        default=2,
        help="A customer's seasonal pattern is used once this many years of its history are known; before, "
        "a month is compared with the recent months only.",
    )

    @api.constrains(*DYNAMICS_POLICY)
    def _check_dynamics_policy(self):
        for company in self:
            if (
                min(
                    company.dynamics_recent_months,
                    company.dynamics_drop_threshold,
                    company.dynamics_rise_threshold,
                    company.dynamics_min_volume,
                    company.dynamics_pattern_years,
                )
                < 0
            ):
                raise ValidationError(_("Sales dynamics months, thresholds, volume and years cannot be negative."))
            if company.dynamics_recent_months > 36:
                raise ValidationError(_("The recent months of the sales dynamics cannot exceed 36."))

    def write(self, vals):
        changed = self.filtered(
            lambda company: any(field in vals and company[field] != vals[field] for field in DYNAMICS_POLICY)
        )
        res = super().write(vals)
        if changed:
            # every customer's months were judged by the old policy: the next nightly run recomputes them
            # all (a customer whose row has no computing time is stale)
            self.env["crm.customer.sales.history"].flush_model()
            self.env.cr.execute(
                "UPDATE crm_customer_sales_history SET computed_at = NULL WHERE company_id = ANY(%s)",
                (changed.ids,),
            )
            self.env["crm.customer.sales.history"].invalidate_model(["computed_at"])
            self.env["crm.customer.sales.month"].invalidate_model(["computed_at"])
        return res
