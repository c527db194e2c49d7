# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# what makes a confirmed order's amount grow
AMOUNT_FIELDS = {"product_uom_qty", "price_unit", "discount", "tax_id", "product_id", "product_uom"}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id.filtered(lambda o: o.state == "sale")._credit_recheck_after_change()
        return lines

    def write(self, vals):
        if not AMOUNT_FIELDS.intersection(vals):
            return super().write(vals)
        confirmed = self.order_id.filtered(lambda o: o.state == "sale")
        before = {order: order.amount_total for order in confirmed}
        res = super().write(vals)
        grown = confirmed.filtered(lambda o: o.currency_id.compare_amounts(o.amount_total, before[o]) > 0)
        grown._credit_recheck_after_change()
        return res
