# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The work report policy of seed 001 §4.5, per company (branch), shown in Settings.

The seed asks for reports "every 2-3 days, daily in special cases" and checked by the managers, but names no
deadline: one day after the period gives the salesperson the next morning to write it; 0 (the period's last
day) is a value.
"""

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    work_report_due_days = fields.Integer(
        string="Work Reports Due After (Days)",
        default=1,
        help="A work report is due this many days after the last day of its period; not submitted by then, "
        "it is overdue. 0: due on the period's last day.",
    )

    _sql_constraints = [
        (
            "work_report_due_days_positive",
            "CHECK(work_report_due_days >= 0)",
            "The number of days a work report is due after its period cannot be negative.",
        ),
    ]
