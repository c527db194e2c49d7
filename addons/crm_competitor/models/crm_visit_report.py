# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmVisitReport(models.Model):
    _inherit = "crm.visit.report"

    competitor_ids = fields.Many2many("crm.competitor", string="Competitors Met")
    competitor_order_ids = fields.One2many(
        "crm.competitor.order", "visit_report_id", string="Competitor Orders Heard Of"
    )
