# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    """An order collected by instalment (models/sale_order_instalment.py)."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    instalment_ids = fields.One2many("sale.order.instalment", "order_id", string="Instalments")
    instalment_overdue_amount = fields.Monetary(
        string="Overdue Instalments", compute="_compute_instalment_overdue_amount"
    )

    @api.depends("instalment_ids.state", "instalment_ids.amount_due")
    def _compute_instalment_overdue_amount(self):
        for order in self:
            order.instalment_overdue_amount = sum(
                order.instalment_ids.filtered(lambda i: i.state == "overdue").mapped("amount_due")
            )

    def _action_confirm(self):
        res = super()._action_confirm()
        self._create_instalments()
        return res

    def _create_instalments(self):
        """One create for the confirmed orders of companies collecting by instalment whose payment term has
        several lines (a single-line term is one invoice, dunned on the invoice)."""
        orders = self.filtered(
            lambda o: (
                o.state == "sale"
                and o.company_id.collection_plans
                and len(o.payment_term_id.line_ids) >= 2
                and not o.instalment_ids
            )
        )
        if not orders:
            return self.env["sale.order.instalment"]
        instalments = self.env["sale.order.instalment"]
        # the salesperson confirming creates none by hand: the instalments follow the order
        instalments = instalments.sudo().create(instalments._values_for_orders(orders))
        # the state depends on the day: computed on the confirmation's day, then by the daily cron
        instalments.flush_recordset()
        return instalments
