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
# Every policy number and its default. New customer (6 months, 6 orders) is seed 001
# §4.2.3 c; the seeds give no figures for the others, these are starting points.
DEFAULTS = {
    "pool_days_a": 90,
    "pool_days_b": 60,
    "pool_days_c": 30,
    "pool_days_unclassified": 30,
    "pool_warning_days": 7,
    "pool_claim_limit": 30,
    "pool_reclaim_cooldown_days": 30,
    "new_customer_months": 6,
    "new_customer_max_orders": 6,
    "lifecycle_decline_days": 180,
    "lifecycle_ended_days": 365,
    "quotation_price_tolerance": 5.0,
    "quotation_price_days": 90,
    "sample_free_value": 500.0,
    "sample_full_fee_value": 5000.0,
    "sample_conversion_days": 90,
}


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
    first_order_date = fields.Datetime(
        compute="_compute_order_history", store=True, help="Date of the first confirmed sales order."
    )
    last_order_date = fields.Datetime(
        compute="_compute_order_history", store=True, help="Date of the latest confirmed sales order."
    )
    confirmed_order_count = fields.Integer(string="Confirmed Orders", compute="_compute_order_history", store=True)
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
    @api.model
    def _foreign_trade_policy(self, key):
        """A number of the Settings, or the source documents' default (one place for all)."""
        value = self.env["ir.config_parameter"].sudo().get_param(f"crm_foreign_trade.{key}")
        return type(DEFAULTS[key])(value) if value else DEFAULTS[key]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends(
        "sale_order_ids.state",
        "sale_order_ids.date_order",
        "child_ids.sale_order_ids.state",
        "child_ids.sale_order_ids.date_order",
    )
    def _compute_order_history(self):
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
        for partner in self:
            first, last, count = history.get(partner.commercial_partner_id.id, (False, False, 0))
            partner.first_order_date = first
            partner.last_order_date = last
            partner.confirmed_order_count = count

    @api.depends("first_order_date", "confirmed_order_count")
    def _compute_is_new_customer(self):
        months = self._foreign_trade_policy("new_customer_months")
        max_orders = self._foreign_trade_policy("new_customer_max_orders")
        limit = fields.Datetime.now() - relativedelta(months=months)
        for partner in self:
            partner.is_new_customer = (
                not partner.first_order_date
                or partner.first_order_date > limit
                or partner.confirmed_order_count <= max_orders
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
