# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        # an invoice made by hand from the order's lines is held by its blocking steps as the order's invoicing is
        self.filtered(lambda m: m.move_type == "out_invoice")._invoiced_orders()._check_execution_blocks("invoicing")
        return super()._post(soft=soft)
