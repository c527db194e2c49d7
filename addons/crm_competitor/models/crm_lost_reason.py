# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmLostReason(models.Model):
    _inherit = "crm.lost.reason"

    is_competition = fields.Boolean(
        string="Lost to a Competitor", help="Marking a deal lost with this reason asks which competitor won it."
    )
