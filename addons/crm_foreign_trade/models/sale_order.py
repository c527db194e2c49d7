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

    def _find_price_conflicts(self):
        """{order line: (earlier line, gap %)} for lines priced away from a recent quote, in one query.

        Each order follows its company's policy; a tolerance of 0 flags any difference.
        """
        orders = self.filtered(lambda o: o.company_id.sudo().quotation_consistency)
        lines = orders.order_line.filtered(lambda l: l.product_id and not l.display_type)
        if not lines:
            return {}
        now = fields.Datetime.now()
        partners = self.partner_id.commercial_partner_id
        Line = self.env["sale.order.line"].sudo()
        latest = {}
        # the newest earlier line per customer company and product, whatever the history's length: the lines
        # of the policy's window fetched newest first with what the comparison reads, in one query
        for company in orders.company_id.sudo():
            since = now - relativedelta(days=company.quotation_price_days)
            earlier = Line.search_fetch(
                [
                    ("order_id", "not in", self.ids),
                    ("order_id.state", "in", ("draft", "sent", "sale")),
                    ("order_id.partner_id.commercial_partner_id", "in", partners.ids),
                    ("product_id", "in", lines.product_id.ids),
                    ("order_id.date_order", ">=", since),
                    ("order_id.company_id", "=", company.id),
                    ("display_type", "=", False),
                ],
                ["order_partner_id", "product_id", "price_unit", "currency_id", "order_id", "salesman_id"],
                order="id desc",
            )
            for line in earlier:
                key = (company.id, line.order_partner_id.commercial_partner_id.id, line.product_id.id)
                latest.setdefault(key, line)
        conflicts = {}
        for line in lines:
            policy = line.order_id.company_id.sudo()
            key = (policy.id, line.order_id.partner_id.commercial_partner_id.id, line.product_id.id)
            previous = latest.get(key)
            if not previous or not previous.price_unit:
                continue
            previous_price = previous.currency_id._convert(
                previous.price_unit, line.currency_id, line.company_id, line.order_id.date_order or fields.Date.today()
            )
            gap = abs(line.price_unit - previous_price) / previous_price * 100
            if (
                line.currency_id.compare_amounts(line.price_unit, previous_price)
                and gap > policy.quotation_price_tolerance
            ):
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

    # ------------------------------------------------------------------
    # Confirmation: the gate before it, the log once the orders are sales orders
    # ------------------------------------------------------------------
    def action_confirm(self):
        conflicts = self._find_price_conflicts()
        unexplained = {line.order_id for line in conflicts if not line.order_id.price_conflict_reason}
        if unexplained:
            raise UserError(
                _(
                    "%(orders)s prices products away from a recent quote to the same customer. "
                    "Give the reason for the price difference before confirming.",
                    orders=", ".join(order.name for order in unexplained),
                )
            )
        # the log after confirmation takes what the gate found: the lines do not change in between
        # (one search less on each confirmation, tests/test_query_budget_confirm.py)
        found = [[line.id, previous.id, gap] for line, (previous, gap) in conflicts.items()]
        return super(SaleOrder, self.with_context(price_conflicts_found=found)).action_confirm()

    def _action_confirm(self):
        # only orders that really became sales orders get here (a credit block keeps them quotations)
        res = super()._action_confirm()
        self.env["crm.sample.request"]._update_conversions(self.partner_id)
        self._log_price_conflicts()
        return res

    def _log_price_conflicts(self):
        """The explained price differences of confirmed orders, for the managers' price-conflict report."""
        found = self.env.context.get("price_conflicts_found")
        if found is None:
            conflicts = self._find_price_conflicts()
        else:
            # one recordset for all: the lines share their prefetch; a colleague's earlier line is read for the
            # log as the gate read it, whoever confirms
            lines = {
                line.id: line
                for line in self.env["sale.order.line"].sudo().browse({i for row in found for i in row[:2]})
            }
            conflicts = {
                lines[line_id]: (lines[previous_id], gap)
                for line_id, previous_id, gap in found
                if lines[line_id].order_id in self
            }
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
