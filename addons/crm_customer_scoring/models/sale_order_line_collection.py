# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from .sale_order_line import AMOUNT_FIELDS


class SaleOrderLine(models.Model):
    """A confirmed order's lines change its total: its instalment plan follows (models/sale_order_collection.py)."""

    _inherit = "sale.order.line"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["sale.order"].browse({vals["order_id"] for vals in vals_list if vals.get("order_id")})
        before = orders._instalment_plan_bases()
        lines = super().create(vals_list)
        orders._rebuild_changed_instalment_plans(before)
        return lines

    def write(self, vals):
        if not AMOUNT_FIELDS.intersection(vals):
            return super().write(vals)
        orders = self.order_id
        before = orders._instalment_plan_bases()
        res = super().write(vals)
        orders._rebuild_changed_instalment_plans(before)
        return res

    def unlink(self):
        orders = self.order_id
        before = orders._instalment_plan_bases()
        res = super().unlink()
        orders._rebuild_changed_instalment_plans(before)
        return res
