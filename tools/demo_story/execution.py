"""The demo company's export orders in execution (issue #16, part 2; seed 000 §4 "监督订单执行过程").

``build(env, rng, customers, today)`` confirms export orders of the story's customers and walks their
execution checklists (crm_order_execution) so that every step of every checklist is where some order stands
today: just confirmed, L/C received, booked, shipped, at the destination port, paid, rebate confirmed. Orders
paid by letter of credit have their L/C (some close to their shipment or expiry deadline, some amended); the
export documents have their shipping data; a few steps are late and a few ETAs passed without the arrival
being confirmed, which the execution crons then flag (run once here). Wing Fat's buyer (chan.kaho, portal)
has orders in progress.

Through the ORM in batches: the orders are confirmed together, each checklist round is one action_done over
all the orders that reached it; the dates done are then put back to when the story did them.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import Command
from odoo.tools import SQL

PORTS = {
    "HK": ("Shenzhen (Shekou)", "Hong Kong", 2),
    "JP": ("Shenzhen (Yantian)", "Yokohama", 6),
    "DE": ("Shenzhen (Yantian)", "Hamburg", 30),
    "NL": ("Shenzhen (Yantian)", "Rotterdam", 31),
    "US": ("Shenzhen (Yantian)", "Los Angeles", 18),
}
VESSELS = ["COSCO SHIPPING ARIES / 041W", "EVER GIVEN / 1123E", "OOCL HONG KONG / 088W", "MSC ANNA / FE245W"]
BANKS = [
    ("汇丰银行香港分行", "HSBCHKHHXXX"),
    ("Deutsche Handelsbank AG", "DHBKDEFFXXX"),
    ("三井住友银行东京支店", "SMBCJPJTXXX"),
]


def _at(day, hour=10):
    return datetime.combine(day, time(hour))


def build(env, rng, customers, today):
    """Export orders of `customers` at every execution step up to `today`; return the facts."""
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))
    return _Execution(env, rng, customers, today).build()


class _Execution:
    def __init__(self, env, rng, customers, today):
        self.env, self.rng, self.today = env, rng, today
        self.customers = customers.filtered(lambda c: c.is_company and c.trade_channel)
        # export orders for customers who already buy: the story's prospects stay prospects (customers without
        # any order, as in the pipeline test, all take their turn)
        buying = (
            env["sale.order"]
            .search([("partner_id", "child_of", self.customers.ids), ("state", "=", "sale")])
            .partner_id.commercial_partner_id
        )
        if self.customers & buying:
            self.customers &= buying
        self.facts = {}

    def build(self):
        Template = self.env["sale.execution.template"]
        templates = Template.search([])
        if not self.customers or not templates:
            return {"export_orders": 0}
        products = self._products()
        plans = self._plan_orders(templates, products)
        orders = self._create_and_confirm(plans)
        self._letters_of_credit(plans)
        self._walk_checklists(plans)
        self._close_letters_of_credit(plans)
        steps = self.env["sale.execution.step"]
        late = steps._cron_flag_late_steps()
        eta = steps._cron_alert_eta_passed()
        warned = self.env["sale.letter.credit"]._cron_warn_deadlines()
        confirmed = orders.filtered(lambda o: o.state == "sale")
        current = defaultdict(int)
        for order in confirmed:
            open_steps = order.execution_step_ids.filtered(lambda s: s.state in ("todo", "in_progress"))
            current[open_steps[:1].template_step_id.id or "complete"] += 1
        wing_fat = self.env.ref("crm_foreign_trade.partner_wing_fat", raise_if_not_found=False)
        self.facts.update(
            export_orders=len(confirmed),
            awaiting_credit=len(orders - confirmed),
            orders_per_current_step=dict(current),
            completed_orders=current.get("complete", 0),
            letters_of_credit=len(confirmed.letter_of_credit_ids),
            lc_amendments=len(confirmed.letter_of_credit_ids.amendment_ids),
            lc_deadline_warnings=len(warned),
            late_steps=len(late),
            eta_alerts=len(eta),
            portal_orders=len(confirmed.filtered(lambda o: wing_fat and o.partner_id == wing_fat)),
        )
        return self.facts

    def _products(self):
        """The cables the customers buy (the story's sales), else the demo's cable products."""
        lines = self.env["sale.order.line"].search_fetch(
            [("order_id.partner_id", "child_of", self.customers.ids), ("order_id.state", "=", "sale"),
             ("display_type", "=", False), ("product_id.sale_ok", "=", True)], ["product_id"], limit=500,
        )  # fmt: skip
        products = list(dict.fromkeys(lines.mapped("product_id")))[:8]
        for xmlid in ("crm_foreign_trade.product_vde_cord", "crm_foreign_trade.product_ul1015_wire"):
            product = self.env.ref(xmlid, raise_if_not_found=False)
            if product and product not in products:
                products.append(product)
        return products

    def _plan_orders(self, templates, products):
        """Per template, orders standing at each of its steps (and completed ones): two per step for the
        direct-export checklist, one for the others; Wing Fat's buyer sees three in progress."""
        rng = self.rng
        by_channel = defaultdict(list)
        for customer in self.customers.sorted("id"):
            by_channel[customer.trade_channel].append(customer)
        wing_fat = self.env.ref("crm_foreign_trade.partner_wing_fat", raise_if_not_found=False)
        lc_term = self.env["account.payment.term"].search([("letter_of_credit", "=", True)], limit=1)
        fob = self.env.ref("account.incoterm_FOB")
        cif = self.env.ref("account.incoterm_CIF")
        plans = []
        for template in templates:
            channel_customers = by_channel.get(template.trade_channel)
            if not channel_customers:
                continue
            steps = template.step_ids.sorted("sequence")
            per_step = 2 if template.trade_channel == "direct_export" else 1
            for done in range(len(steps) + 1):
                for copy in range(per_step):
                    customer = channel_customers[(done * per_step + copy) % len(channel_customers)]
                    if wing_fat and template.trade_channel == "direct_export" and copy == 0 and done in (1, 3, 5):
                        customer = wing_fat
                    plans.append({"customer": customer, "template": template, "done": done, "steps": steps})
        for index, plan in enumerate(plans):
            customer, done = plan["customer"], plan["done"]
            export = plan["template"].trade_channel == "direct_export"
            # older orders have gone further; the two at a step differ by a few days
            confirmed = self.today - timedelta(days=4 + done * 11 + rng.randint(0, 5))
            origin, destination, sailing = PORTS.get(customer.country_id.code, PORTS["HK"])
            etd = confirmed + timedelta(days=rng.randint(16, 22))
            lc = export and customer.country_id.code != "HK" and index % 2 == 0 and bool(lc_term)
            product = products[index % len(products)]
            quantity = rng.choice([3000, 6000, 12000, 24000]) if product.list_price < 50 else rng.choice([100, 300])
            plan.update(
                confirmed=confirmed, lc=lc, etd=etd, eta=etd + timedelta(days=sailing),
                vals={
                    "partner_id": customer.id,
                    "user_id": (customer.user_id or self.env.user).id,
                    "client_order_ref": f"{customer.name[:3].upper()}-PO-{confirmed:%y%m}-{400 + index}",
                    "date_order_received": _at(confirmed - timedelta(days=1), 2),
                    "payment_term_id": lc_term.id if lc else customer.property_payment_term_id.id,
                    "incoterm": (cif if customer.country_id.code == "HK" else fob).id if export else False,
                    "price_conflict_reason": "按年度框架价格",
                    "order_line": [Command.create({"product_id": product.id, "product_uom_qty": quantity})],
                },
            )  # fmt: skip
            if export:
                plan["vals"].update(
                    port_of_loading=origin, port_of_destination=destination, vessel=rng.choice(VESSELS),
                    container_number=f"CSNU {rng.randint(1000000, 9999999)}",
                    bill_of_lading=f"COSU{rng.randint(1000000000, 9999999999)}" if done >= 5 else False,
                    shipping_marks=f"{customer.name[:20].upper()}\nPO {plan['vals']['client_order_ref']}\n"
                    "C/NO. 1-UP\nMADE IN CHINA",
                )  # fmt: skip
        return plans

    def _create_and_confirm(self, plans):
        Order = self.env["sale.order"]
        orders = Order.create([plan["vals"] for plan in plans])
        orders.action_confirm()
        for plan, order in zip(plans, orders, strict=True):
            plan["order"] = order
        confirmed = orders.filtered(lambda o: o.state == "sale")
        # confirmed when the story says: the dates the checklist counts from (the ORM's own write)
        for plan in plans:
            if plan["order"].state == "sale":
                plan["order"].date_order = _at(plan["confirmed"])
        confirmed.filtered(lambda o: not o.execution_template_id)._generate_execution_checklists()
        for plan in plans:
            order = plan["order"]
            if order.state != "sale":
                continue
            for step in order.execution_step_ids.filtered(lambda s: s.due_base == "confirmation"):
                step.date_planned = step.template_step_id._planned_date(plan["confirmed"])
            order.write({"date_etd": plan["etd"], "date_eta": plan["eta"]})
        self._backdate(orders, {plan["order"].id: _at(plan["confirmed"] - timedelta(days=1)) for plan in plans})
        return orders

    def _backdate(self, orders, dates):
        """The orders' creation dates (the KPIs count quotations by them): the ORM sets create_date itself
        and ignores a given one, so one UPDATE puts them back to when the story created them."""
        orders.flush_recordset()
        values = SQL(", ").join(SQL("(%s, %s::timestamp)", oid, moment) for oid, moment in dates.items())
        self.env.cr.execute(
            SQL("UPDATE sale_order AS o SET create_date = v.d FROM (VALUES %s) AS v(id, d) WHERE o.id = v.id", values)
        )
        orders.invalidate_recordset(["create_date"])

    def _letters_of_credit(self, plans):
        """The L/Cs of the orders paid by L/C, received before their payment step; valid while the steps are
        walked (their real expiry is written after, _close_letters_of_credit)."""
        Bank = self.env["res.bank"]
        banks = Bank.search([("bic", "in", [bic for _n, bic in BANKS])])
        missing = [{"name": name, "bic": bic} for name, bic in BANKS if bic not in banks.mapped("bic")]
        banks |= Bank.create(missing)
        vals, lc_plans = [], []
        for index, plan in enumerate(p for p in plans if p["lc"] and p["order"].state == "sale"):
            order = plan["order"]
            latest_shipment = plan["etd"] + timedelta(days=7)
            # one order about to ship with its L/C's latest shipment date a few days away
            if plan["done"] in (2, 3) and index % 2 == 0:
                latest_shipment = self.today + timedelta(days=4)
            expiry = latest_shipment + timedelta(days=21)
            plan["lc_expiry"] = expiry
            vals.append(
                {"name": f"LC{plan['confirmed']:%y%m}{order.id:05d}", "order_id": order.id,
                 "issuing_bank_id": banks[index % len(banks)].id, "amount": order.amount_total,
                 "currency_id": order.currency_id.id, "date_issue": plan["confirmed"] + timedelta(days=2),
                 "latest_shipment_date": max(latest_shipment, self.today) if plan["done"] else latest_shipment,
                 "date_expiry": max(expiry, self.today + timedelta(days=1)),
                 "place_of_expiry": "Shenzhen, China", "presentation_days": 21,
                 "partial_shipment_allowed": index % 3 == 0, "transhipment_allowed": True}
            )  # fmt: skip
            lc_plans.append(plan)
        credits = self.env["sale.letter.credit"].create(vals)
        for plan, lc in zip(lc_plans, credits, strict=True):
            plan["letter_of_credit"] = lc
        # the first order at the first step still waits for its L/C (expected); the others received it
        credits.filtered(lambda lc: any(p["done"] for p in lc_plans if p["letter_of_credit"] == lc)).action_receive()

    def _walk_checklists(self, plans):
        """Round by round, the steps each order reached are done together, then dated when they were done."""
        Step = self.env["sale.execution.step"]
        walking = [p for p in plans if p["order"].state == "sale" and p["order"].execution_step_ids]
        rounds = max((p["done"] for p in walking), default=0)
        for position in range(rounds):
            todo = Step
            for plan in walking:
                # the order's own checklist: its incoterm's template may be shorter than the plan's
                ordered = plan["order"].execution_step_ids.sorted("sequence")
                if plan["done"] > position and position < len(ordered):
                    todo |= ordered[position]
            todo = todo.filtered(lambda s: s.state in ("todo", "in_progress"))
            # the warehouse ships what the loading step waits for: the delivery validated ticks it
            loading = todo.filtered(lambda s: s.completion_event == "delivery_done")
            self._ship(loading.order_id)
            (todo - loading).filtered(lambda s: s.state in ("todo", "in_progress")).action_done()
            loading.filtered(lambda s: s.state in ("todo", "in_progress")).action_done()
        # the days they were done: after the previous one, around their planned day, never today or later
        for plan in walking:
            previous = plan["confirmed"]
            for step in plan["order"].execution_step_ids.sorted("sequence"):
                if step.state != "done":
                    if step.due_base == "previous" and step.template_step_id:
                        step.date_planned = step.template_step_id._planned_date(previous)
                    break
                planned = step.date_planned or previous
                if step.due_base == "previous" and step.template_step_id:
                    planned = step.template_step_id._planned_date(previous)
                done_on = max(previous, planned + timedelta(days=self.rng.randint(-2, 3)))
                done_on = min(done_on, self.today - timedelta(days=1))
                step.write({"date_planned": planned, "date_done": done_on})
                previous = done_on
        # two orders in three kept their plan (the clerk moved the open dates); the third runs late
        for index, plan in enumerate(walking):
            if index % 3:
                overdue = plan["order"].execution_step_ids.filtered(
                    lambda s: s.state == "todo" and s.date_planned and s.date_planned < self.today
                )
                for step in overdue:
                    step.date_planned = self.today + timedelta(days=self.rng.randint(1, 7))

    def _ship(self, orders):
        """The orders' open deliveries validated, all their goods out (no backorder)."""
        pickings = orders.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state not in ("done", "cancel")
        )
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
        pickings.move_ids.picked = True
        pickings.with_context(skip_backorder=True, picking_ids_not_to_backorder=pickings.ids).button_validate()

    def _close_letters_of_credit(self, plans):
        """The L/Cs' real deadlines, and amendments on two of them (more time to ship, a new expiry)."""
        amended = 0
        vals = []
        for plan in plans:
            lc = plan.get("letter_of_credit")
            if not lc:
                continue
            lc.write({"date_expiry": plan["lc_expiry"], "latest_shipment_date": min(lc.latest_shipment_date,
                                                                                  plan["lc_expiry"])})  # fmt: skip
            if amended < 2 and lc.state == "received" and 1 <= plan["done"] < 5:
                amended += 1
                vals.append(
                    {"letter_credit_id": lc.id, "name": f"AMD-{amended}", "date": self.today - timedelta(days=3),
                     "description": "客户要求延长装运期 10 天，有效期相应延长。",
                     "new_latest_shipment_date": lc.latest_shipment_date + timedelta(days=10),
                     "new_date_expiry": lc.date_expiry + timedelta(days=10)}
                )  # fmt: skip
        self.env["sale.letter.credit.amendment"].create(vals)
