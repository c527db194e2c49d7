# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

CUSTOMER_CLASSES = [("a", "Class A"), ("b", "Class B"), ("c", "Class C")]
TRADE_CHANNELS = [
    ("direct_export", "Direct Export"),
    ("transfer_export", "Transfer-Factory Export"),
    ("domestic", "Domestic"),
]


class ResPartner(models.Model):
    """Customer profile: class, investor country, trade channel, order history, new customer, decision roles."""

    _inherit = "res.partner"

    customer_class = fields.Selection(
        CUSTOMER_CLASSES,
        tracking=True,
        copy=False,
        help="Importance of the customer to the company. A customers come first when "
        "production, samples or service conflict. Changed with the Change Class button, "
        "which records the reason.",
    )
    investor_country_id = fields.Many2one(
        "res.country",
        string="Investor Country/Region",
        tracking=True,
        help="Where the customer's investor comes from, distinct from the address: "
        "a Hong Kong-invested factory in Dongguan has Hong Kong here.",
    )
    trade_channel = fields.Selection(TRADE_CHANNELS, tracking=True)
    # kept by the orders (sale_order_history.py): counted up on confirmation without a query, recounted
    # when a confirmed order is cancelled, re-dated or moves to another customer
    first_order_date = fields.Datetime(readonly=True, copy=False, help="Date of the first confirmed sales order.")
    last_order_date = fields.Datetime(readonly=True, copy=False, help="Date of the latest confirmed sales order.")
    confirmed_order_count = fields.Integer(string="Confirmed Orders", readonly=True, copy=False)
    is_new_customer = fields.Boolean(
        string="New Customer",
        compute="_compute_is_new_customer",
        store=True,
        help="New while the first confirmed order is recent or the customer has placed "
        "few orders (both limits in Settings).",
    )
    decision_role_count = fields.Integer(compute="_compute_decision_role_count", string="Decision Roles")

    # ------------------------------------------------------------------
    # Policies
    # ------------------------------------------------------------------
    def _policy_company(self):
        """The company whose policies (models/res_company.py) apply to this customer: its own, else the current."""
        self.ensure_one()
        return (self.company_id or self.env.company).sudo()

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _recount_order_history(self):
        """Recount the confirmed orders of these customers' companies, in one grouped read for the batch."""
        commercial = self.commercial_partner_id
        history = {}
        if commercial.ids:
            # one query for the whole batch, whatever the number of partners
            groups = (
                self.env["sale.order"]
                .sudo()
                ._read_group(
                    [("partner_id.commercial_partner_id", "in", commercial.ids), ("state", "=", "sale")],
                    ["partner_id"],
                    ["date_order:min", "date_order:max", "__count"],
                )
            )
            for partner, first, last, count in groups:
                key = partner.commercial_partner_id.id
                old = history.get(key)
                if old:
                    first, last, count = min(first, old[0]), max(last, old[1]), count + old[2]
                history[key] = (first, last, count)
        partners = self | commercial
        for (first, last, count), group in partners.grouped(
            lambda p: history.get(p.commercial_partner_id.id, (False, False, 0))
        ).items():
            group._write_order_history(
                {"first_order_date": first, "last_order_date": last, "confirmed_order_count": count}
            )

    def _add_confirmed_orders(self, orders):
        """Orders just confirmed by this customer company (or its contacts): count them up, no query."""
        self.ensure_one()
        dates = [date for date in orders.mapped("date_order") if date]
        first, last = self.first_order_date, self.last_order_date
        values = {
            "confirmed_order_count": self.confirmed_order_count + len(orders),
            "first_order_date": min(dates + [first]) if first else min(dates, default=False),
            "last_order_date": max(dates + [last]) if last else max(dates, default=False),
        }
        # the company and the contacts that ordered show the company's history, as the recount does
        (self | orders.partner_id)._write_order_history(values)

    def _write_order_history(self, values):
        """The ORM's plain write (dependents such as the lifecycle follow): none of the partner's
        write overrides (contact sync, tracking, duplicate check) concern these counters, and they
        cost two queries on each confirmation."""
        models.BaseModel.write(self.sudo(), values)

    @api.depends("first_order_date", "confirmed_order_count")
    def _compute_is_new_customer(self):
        now = fields.Datetime.now()
        for partner in self:
            policy = partner._policy_company()
            limit = now - relativedelta(months=policy.new_customer_months)
            max_orders = policy.new_customer_max_orders
            # no confirmed order: a prospect (lifecycle "potential"), neither new nor existing
            partner.is_new_customer = bool(partner.first_order_date) and (
                partner.first_order_date > limit or partner.confirmed_order_count <= max_orders
            )

    def _compute_decision_role_count(self):
        counts = dict(
            self.env["crm.decision.contact"]._read_group(
                [("partner_id", "child_of", self.commercial_partner_id.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.decision_role_count = sum(
                count
                for contact, count in counts.items()
                if contact.commercial_partner_id == partner.commercial_partner_id
            )

    def action_open_decision_roles(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Decision Roles"),
            "res_model": "crm.decision.contact",
            "view_mode": "list,form",
            "domain": [("partner_id", "child_of", self.commercial_partner_id.id)],
        }

    # ------------------------------------------------------------------
    # A class change needs a sales manager and a reason
    # ------------------------------------------------------------------
    def write(self, vals):
        if "customer_class" in vals and not self.env.su:
            if not self.env.context.get("customer_class_change_reason"):
                raise UserError(_("Change a customer's class with the Change Class button: it asks for the reason."))
            if not self.env.user.has_group("sales_team.group_sale_manager"):
                raise UserError(_("Only sales managers can change a customer's class."))
        return super().write(vals)
