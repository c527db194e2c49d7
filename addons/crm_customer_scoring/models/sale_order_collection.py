# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# what the instalments are computed from, besides the order's amount
PLAN_FIELDS = {"payment_term_id"}


class SaleOrder(models.Model):
    """An order collected by instalment (models/sale_order_instalment.py), whose plan follows the order."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    instalment_ids = fields.One2many("sale.order.instalment", "order_id", string="Instalments")
    # stored with the order: confirming reads it with the order's row (tests/test_query_budget_confirm.py)
    payment_term_instalment_count = fields.Integer(related="payment_term_id.instalment_count", store=True)
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
        # an order confirmed again holds only the cancelled instalments its cancellation kept: an order on a term
        # of one line plans none, and is left without reading its term's lines or its instalments (queries on
        # each confirmation)
        self.filtered(
            lambda o: o.company_id.collection_plans and o.payment_term_instalment_count >= 2
        )._rebuild_instalment_plans()
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        self._rebuild_instalment_plans()
        return res

    def write(self, vals):
        if not PLAN_FIELDS.intersection(vals):
            return super().write(vals)
        before = self._instalment_plan_bases()
        res = super().write(vals)
        self._rebuild_changed_instalment_plans(before)
        return res

    # ------------------------------------------------------------------
    # The plan follows the order
    # ------------------------------------------------------------------
    def _instalment_plan_bases(self):
        """{order: (total, payment term)} of the confirmed orders whose plan follows them (policy on)."""
        return {
            order: (order.amount_total, order.payment_term_id)
            for order in self
            if order.state == "sale" and order.company_id.collection_plans
        }

    def _rebuild_changed_instalment_plans(self, before):
        """Rebuild the plans of the orders of `before` whose total or payment term changed, in one batch."""
        changed = self.browse(
            order.id
            for order, (total, term) in before.items()
            if order.payment_term_id != term or order.currency_id.compare_amounts(order.amount_total, total)
        )
        return changed._rebuild_instalment_plans()

    def _instalment_plan_values(self):
        """{order id: {sequence: values}} of the instalments these orders should have now."""
        planned = self.filtered(
            lambda o: o.state == "sale" and o.company_id.collection_plans and o.payment_term_instalment_count >= 2
        )
        plans = {}
        for vals in self.env["sale.order.instalment"]._values_for_orders(planned):
            plans.setdefault(vals["order_id"], {})[vals["sequence"]] = vals
        return plans

    def _rebuild_instalment_plans(self):
        """Make these orders' instalments those their payment term gives on their total, in one batch.

        Confirmed orders of companies collecting by instalment whose term has several lines get one
        instalment per term line (a single-line term is one invoice, dunned on the invoice); a cancelled
        order, or a term with fewer lines, has none (left). With the policy off a confirmed order's plan
        is left as it is; a cancelled order still loses it, or its customer would show as overdue.

        An instalment is matched by its place in the term (its sequence) and updated in place, so it keeps
        its dunning level and last dunning date: the customer was reminded about that instalment, and a
        new due date or amount must neither send the same reminder again nor restart the escalation. An
        instalment no longer planned is deleted when it was never dunned (nothing to remember), otherwise
        marked cancelled (its reminders and activities refer to it). What was received is allocated
        again over the new plan, first due first paid. Returns the instalments created.
        """
        Instalment = self.env["sale.order.instalment"].sudo()
        orders = self.sudo().filtered(lambda o: o.company_id.collection_plans or o.state != "sale")
        if not orders:
            return Instalment
        plans = orders._instalment_plan_values()
        to_create, to_cancel, to_unlink = [], Instalment, Instalment
        for order in orders:
            plan = plans.get(order.id, {})
            existing = {instalment.sequence: instalment for instalment in order.instalment_ids}
            for sequence, instalment in existing.items():
                vals = plan.get(sequence)
                if vals:
                    instalment._follow_plan(vals)
                elif instalment.dunning_level and not instalment.cancelled:
                    to_cancel |= instalment
                elif not instalment.dunning_level:
                    to_unlink |= instalment
            to_create += [vals for sequence, vals in plan.items() if sequence not in existing]
        to_unlink.unlink()
        to_cancel.write({"cancelled": True})
        created = Instalment.create(to_create)
        # the order of the instalments may have changed: the money received is allocated again
        orders.instalment_ids._refresh_received()
        # the state depends on the day: computed today, then by the daily cron
        orders.instalment_ids.flush_recordset()
        return created

    def _portal_instalments(self):
        """The instalments the customer sees on his order page: those planned, when the company collects by
        instalment (called on the order sale's portal controller checked and read as superuser)."""
        self.ensure_one()
        if not self.company_id.collection_plans:
            return self.env["sale.order.instalment"]
        return self.instalment_ids.filtered(lambda i: not i.cancelled).sorted(lambda i: (i.date_due, i.sequence))
