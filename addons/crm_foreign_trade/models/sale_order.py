# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    """Quotation consistency: one customer, one price, whoever quotes it."""

    _inherit = "sale.order"

    price_conflict_html = fields.Html(
        string="Price Conflicts", compute="_compute_price_conflicts", sanitize=False, readonly=True
    )
    price_conflict_count = fields.Integer(compute="_compute_price_conflicts")
    price_conflict_reason = fields.Char(
        string="Reason for Price Difference",
        tracking=True,
        copy=False,
        help="Required to confirm an order whose prices differ from a recent quote to the same customer.",
    )

    @api.model
    def _price_policy(self):
        if not self.env["ir.config_parameter"].sudo().get_param("crm_foreign_trade.quotation_consistency"):
            return None
        policy = self.env["res.partner"]._foreign_trade_policy
        return policy("quotation_price_tolerance"), policy("quotation_price_days")

    def _find_price_conflicts(self):
        """{order line: earlier line} for lines priced away from a recent quote, in one query."""
        policy = self._price_policy()
        lines = self.order_line.filtered(lambda l: l.product_id and not l.display_type)
        if not policy or not lines:
            return {}
        tolerance, days = policy
        since = fields.Datetime.now() - relativedelta(days=days)
        partners = self.partner_id.commercial_partner_id
        earlier = (
            self.env["sale.order.line"]
            .sudo()
            .search_fetch(
                [
                    ("order_id", "not in", self.ids),
                    ("order_id.state", "in", ("draft", "sent", "sale")),
                    ("order_id.partner_id.commercial_partner_id", "in", partners.ids),
                    ("product_id", "in", lines.product_id.ids),
                    ("order_id.date_order", ">=", since),
                    ("display_type", "=", False),
                ],
                ["order_id", "product_id", "price_unit", "currency_id", "order_partner_id", "salesman_id"],
                order="id desc",
            )
        )
        latest = {}
        for line in earlier:  # newest first: keep the first per customer and product
            key = (line.order_partner_id.commercial_partner_id.id, line.product_id.id)
            latest.setdefault(key, line)
        conflicts = {}
        for line in lines:
            previous = latest.get((line.order_id.partner_id.commercial_partner_id.id, line.product_id.id))
            if not previous or not previous.price_unit:
                continue
            previous_price = previous.currency_id._convert(
                previous.price_unit, line.currency_id, line.company_id, line.order_id.date_order or fields.Date.today()
            )
            gap = abs(line.price_unit - previous_price) / previous_price * 100
            if gap > tolerance:
                conflicts[line] = (previous, gap)
        return conflicts

    @api.depends("order_line.price_unit", "order_line.product_id", "partner_id")
    def _compute_price_conflicts(self):
        conflicts = self._find_price_conflicts() if self.ids else {}
        for order in self:
            rows = []
            for line, (previous, _gap) in conflicts.items():
                if line.order_id != order:
                    continue
                # formatted before _(): Babel's extractor evaluates literal arguments of _()
                price = "%.2f %s" % (line.price_unit, line.currency_id.name)
                earlier = "%.2f %s" % (previous.price_unit, previous.currency_id.name)
                rows.append(
                    _(
                        "%(product)s at %(price)s: %(document)s quoted %(earlier)s on %(date)s (%(salesperson)s).",
                        product=line.product_id.display_name,
                        price=price,
                        document=previous.order_id.name,
                        earlier=earlier,
                        date=fields.Date.to_string(previous.order_id.date_order),
                        salesperson=previous.salesman_id.name or _("nobody"),
                    )
                )
            order.price_conflict_count = len(rows)
            order.price_conflict_html = (
                Markup("<ul>%s</ul>") % Markup("").join(Markup("<li>%s</li>") % escape(row) for row in rows)
                if rows
                else False
            )

    def action_confirm(self):
        conflicts = self._find_price_conflicts()
        if conflicts:
            unexplained = {line.order_id for line in conflicts if not line.order_id.price_conflict_reason}
            if unexplained:
                raise UserError(
                    _(
                        "%(orders)s prices products away from a recent quote to the same customer. "
                        "Give the reason for the price difference before confirming.",
                        orders=", ".join(order.name for order in unexplained),
                    )
                )
        res = super().action_confirm()
        self.env["crm.sample.request"]._update_conversions(self.partner_id)
        if conflicts:
            self.env["sale.price.conflict"].sudo().create(
                [
                    {
                        "order_id": line.order_id.id,
                        "order_line_id": line.id,
                        "partner_id": line.order_id.partner_id.commercial_partner_id.id,
                        "product_id": line.product_id.id,
                        "user_id": line.order_id.user_id.id,
                        "currency_id": line.currency_id.id,
                        "price_unit": line.price_unit,
                        "earlier_order_id": previous.order_id.id,
                        "earlier_price_unit": previous.price_unit,
                        "earlier_currency_id": previous.currency_id.id,
                        "earlier_user_id": previous.salesman_id.id,
                        "gap_percent": gap,
                        "reason": line.order_id.price_conflict_reason,
                    }
                    for line, (previous, gap) in conflicts.items()
                ]
            )
        return res
