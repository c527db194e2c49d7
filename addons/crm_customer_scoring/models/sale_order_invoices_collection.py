# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What was received on an order's instalments follows its invoices.

Every payment, refund, reset or unreconciliation of a customer invoice reaches its orders through
crm_foreign_trade's hook (models/account_move_orders.py): their instalments are refreshed then, in one batch.
"""

from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    def _invoices_changed(self):
        res = super()._invoices_changed()
        self.instalment_ids._refresh_received()
        return res
