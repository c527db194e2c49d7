# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class SaleOrder(models.Model):
    """The customer's order history (first, last, count) follows its confirmed orders."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    def _action_confirm(self):
        res = super()._action_confirm()
        # counted up from the orders in hand: a recount would read and flush every order of the customer
        # (3 queries on each confirmation, tests/test_query_budget_confirm.py)
        for customer, orders in self.grouped(lambda o: o.partner_id.commercial_partner_id).items():
            customer._add_confirmed_orders(orders)
        return res

    def write(self, vals):
        # a confirmed order cancelled, re-dated or moved to another customer: recount (rare)
        moved = self.browse()
        if "date_order" in vals or "partner_id" in vals or vals.get("state") not in (None, "sale"):
            moved = self.filtered(lambda o: o.state == "sale")
        customers = moved.partner_id | moved.partner_id.commercial_partner_id
        res = super().write(vals)
        if moved:
            (customers | moved.partner_id | moved.partner_id.commercial_partner_id)._recount_order_history()
        return res
