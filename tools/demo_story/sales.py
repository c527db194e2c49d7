"""Two full years of the customers' money, through Odoo's sales and accounting.

Quotations → confirmed sales orders → invoices (one per customer and month) → posted → paid, some
late, some still overdue after the reminders of OCA's account_invoice_overdue_reminder (what churn
rule "overdue after reminders" counts); credit notes for returns; prices in the customer's pricelist
currency (HKD/USD/EUR/JPY/CNY) with costs from the products (sale_margin's cost at the time of sale),
so balances, overdue amounts and margins are real. Credit applications of a few customers.

Everything is created in batches: the orders of a month in one create and one confirmation, their
invoices in one `_create_invoices` and one post, the payments of a day in one register wizard.

The story customers (seed 001 §4.2.2 Fig. 4-1/4-2, §4.3.4):
- ``peak``: an A customer whose orders peak every May–June;
- ``acquired``: a customer bought by a group that buys elsewhere: no order from September of the
  story year on, where it ordered the year before (the dynamics flag the September gap);
- ``negative_margin``: a C customer sold below cost;
- ``decline``: a customer whose volume falls, who pays late and leaves invoices unpaid after reminders,
  asks for price cuts and complains (its churn signals put it in decline);
- ``prepayment``: a new customer paying before delivery.
"""

import datetime
import logging
import time
from collections import defaultdict

from dateutil.relativedelta import relativedelta

_logger = logging.getLogger("demo_story")

# category, name, cost (CNY), list price (CNY), unit: the six product lines of seed 001 §3.1
PRODUCTS = (
    ("Power Cords", "PC-VDE-075", "VDE H05VV-F power cord 3G0.75 mm² 1.5 m", 8.6, 12.9),
    ("Power Cords", "PC-UL-18", "UL SJT power cord 18AWG/3C 1.8 m", 11.2, 16.5),
    ("Power Cords", "PC-CCC-10", "CCC RVV power cord 3×1.0 mm² 1.5 m", 7.4, 10.6),
    ("Power Cords", "PC-BS-13A", "BS1363 fused power cord 13 A 2 m", 13.8, 19.9),
    ("Extension Leads", "EL-4W-3M", "4-way extension lead with switch 3 m", 24.5, 35.0),
    ("Extension Leads", "EL-6W-5M", "6-way extension lead, surge protected, 5 m", 41.0, 58.0),
    ("Connection Cables", "CC-UL1007-22", "UL1007 harness lead 22AWG with JST housing", 1.9, 2.9),
    ("Connection Cables", "CC-UL1015-18", "UL1015 hook-up wire 18AWG (305 m reel)", 268.0, 385.0),
    ("Connection Cables", "CC-DC-55", "DC power lead 5.5×2.1 mm 1.2 m", 2.6, 3.9),
    ("Telephone Cords", "TC-COIL-4C", "Coiled handset cord 4P4C 2 m", 1.7, 2.6),
    ("Telephone Cords", "TC-FLAT-6C", "Flat telephone line cord 6P4C 3 m", 1.4, 2.2),
    ("AV Cables", "AV-RCA-3", "3 RCA audio-video cable 1.5 m", 3.8, 5.9),
    ("AV Cables", "AV-HDMI-2", "HDMI 2.0 cable 2 m", 9.5, 14.5),
    ("Rubber Cables", "RC-H05RR-3G15", "H05RR-F rubber cable 3G1.5 mm² (100 m)", 410.0, 560.0),
    ("Rubber Cables", "RC-H07RN-3G25", "H07RN-F rubber cable 3G2.5 mm² (100 m)", 780.0, 1050.0),
)
# what the export documents print per product (code: HS code, net weight per unit in kg, units per carton, carton
# tare in kg): China's customs headings for insulated cords and cables with connectors (8544.42), extension
# leads (8536.69), cables without connectors (8544.49) and rubber cables (8544.49)
EXPORT_DATA = {
    "PC-VDE-075": ("8544421100", 0.16, 100, 1.2),
    "PC-UL-18": ("8544421100", 0.21, 100, 1.2),
    "PC-CCC-10": ("8544421100", 0.15, 100, 1.2),
    "PC-BS-13A": ("8544421100", 0.24, 80, 1.2),
    "EL-4W-3M": ("8536690000", 0.55, 20, 1.0),
    "EL-6W-5M": ("8536690000", 0.85, 12, 1.0),
    "CC-UL1007-22": ("8544421900", 0.01, 1000, 0.8),
    "CC-UL1015-18": ("8544492100", 3.9, 4, 0.9),
    "CC-DC-55": ("8544421900", 0.05, 200, 0.9),
    "TC-COIL-4C": ("8544421900", 0.04, 300, 0.9),
    "TC-FLAT-6C": ("8544421900", 0.05, 300, 0.9),
    "AV-RCA-3": ("8544421900", 0.09, 150, 1.0),
    "AV-HDMI-2": ("8544421900", 0.11, 100, 1.0),
    "RC-H05RR-3G15": ("8544492100", 12.5, 1, 0.5),
    "RC-H07RN-3G25": ("8544492100", 19.0, 1, 0.5),
}
# per class: chance of an order in a month, order size in CNY (low, high), lines per order. Far fewer orders
# than seed 001's 200 a month: every order here is confirmed, invoiced, posted and paid through Odoo, about
# a second each on the 2-core machine, and the analyses need months of history more than volume. Key accounts
# order every month, as their monthly dynamics expect: at one month in three, each month without an order was
# a "drop" and a third of the customers looked in decline
ORDER_PROFILE = {
    "a": (0.95, 80000, 200000, (2, 4)),
    "b": (0.08, 30000, 90000, (1, 3)),
    "c": (0.03, 8000, 30000, (1, 2)),
}
# per class: payment term xml id and the share of customers paying late
TERMS = {
    "a": "crm_customer_scoring.payment_term_60_days",
    "b": "account.account_payment_term_30days",
    "c": "account.account_payment_term_15days",
}
LATE_PAYERS = {"a": 0.15, "b": 0.25, "c": 0.35}
# reminders on an unpaid invoice: days after its due date (OCA's minimum interval between reminders)
REMINDER_DAYS = (10, 25, 40)
STORY_ROLES = ("peak", "acquired", "negative_margin", "decline", "prepayment")
# how long ago the lapsed customers stopped ordering, in turn: the lifecycle says decline or ended
LAPSED_MONTHS_AGO = (14, 8, 18, 10, 16, 20, 12)


# the tables that grow from a few rows to thousands while the story is written
GROWING_TABLES = (
    "sale_order", "sale_order_line", "account_move", "account_move_line", "account_partial_reconcile",
    "account_full_reconcile", "account_payment", "res_partner",
)  # fmt: skip


def analyze(env):
    """Fresh planner statistics for the tables the story fills (ANALYZE sees the transaction's own rows).

    Without them the planner keeps the empty tables' estimates and reconciling a payment, whose payment
    state query joins the journal items, went from 0.2 to 2 seconds after a few hundred invoices."""
    env.flush_all()
    env.cr.execute("ANALYZE %s" % ", ".join(GROWING_TABLES))


def team_of(partner):
    """The sales department of a customer: its trade channel's (the salesperson's team otherwise)."""
    env = partner.env
    xmlid = {
        "direct_export": "crm_foreign_trade.sales_team_export",
        "transfer_export": "crm_foreign_trade.sales_team_transfer",
        "domestic": "crm_foreign_trade.sales_team_domestic",
    }.get(partner.trade_channel)
    team = env.ref(xmlid, raise_if_not_found=False) if xmlid else None
    return team or partner.user_id.sale_team_id


def month_start(day):
    return day.replace(day=1)


def ensure_products(env):
    """The cable products (reused when the story runs again on the same database)."""
    Product = env["product.product"]
    existing = {p.default_code: p for p in Product.search([("default_code", "in", [p[1] for p in PRODUCTS])])}
    categories = {}
    parent = env.ref("product.product_category_all")
    for category_name in dict.fromkeys(p[0] for p in PRODUCTS):
        category = env["product.category"].search([("name", "=", category_name), ("parent_id", "=", parent.id)])
        categories[category_name] = category[:1] or env["product.category"].create(
            {"name": category_name, "parent_id": parent.id}
        )
    missing = [p for p in PRODUCTS if p[1] not in existing]
    created = Product.create(
        [
            {
                "name": name,
                "default_code": code,
                "categ_id": categories[category].id,
                "type": "consu",
                "invoice_policy": "order",
                "standard_price": cost,
                "list_price": price,
                "sale_ok": True,
                "hs_code": EXPORT_DATA[code][0],
                "weight": EXPORT_DATA[code][1],
                "packaging_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Carton",
                            "qty": EXPORT_DATA[code][2],
                            "sales": True,
                            "export_tare_weight": EXPORT_DATA[code][3],
                        },
                    )
                ],
            }
            for category, code, name, cost, price in missing
        ]
    )
    for product in created:
        existing[product.default_code] = product
    return [existing[p[1]] for p in PRODUCTS]


class SalesStory:
    """Plans every customer's months, then writes them in monthly batches."""

    def __init__(self, env, rng, today):
        self.env = env
        self.rng = rng
        self.today = today
        self.company = env.company
        self.start = month_start(today) - relativedelta(months=24)
        # the last September that is over, and the May-June before it: the story's year
        self.story_year = today.year if today.month >= 10 else today.year - 1
        self.products = ensure_products(env)
        self.terms = {cls: env.ref(xmlid) for cls, xmlid in TERMS.items()}
        self.immediate = env.ref("account.account_payment_term_immediate")
        self.rates = {}
        self.plans = defaultdict(list)  # month -> [(partner, date, [(product, qty, price)])]
        self.facts = {}
        self.t0 = time.monotonic()

    # ------------------------------------------------------------------ planning
    def rate(self, currency):
        if currency not in self.rates:
            self.rates[currency] = self.company.currency_id._convert(1.0, currency, self.company, self.today)
        return self.rates[currency]

    def months(self, first=None, last=None):
        month = first or self.start
        last = last or month_start(self.today)
        while month <= last:
            yield month
            month += relativedelta(months=1)

    def plan_order(self, partner, month, amount_cny, price_factor, portfolio, lines_range):
        """One order of `partner` in `month` worth about `amount_cny`."""
        rng = self.rng
        last_day = (month + relativedelta(months=1, days=-1)).day
        top = last_day
        if month == month_start(self.today):
            top = max(1, self.today.day - 1)
        day = month.replace(day=rng.randint(1, top))
        currency = partner.property_product_pricelist.currency_id or self.company.currency_id
        count = rng.randint(*lines_range)
        products = rng.sample(portfolio, min(count, len(portfolio)))
        lines = []
        for product in products:
            price = round(product.list_price * price_factor * self.rate(currency), 2 if currency.name != "JPY" else 0)
            qty = max(10, round(amount_cny / len(products) / max(product.list_price, 0.01), -1))
            lines.append((product, qty, price))
        self.plans[month].append((partner, day, lines))

    def portfolio(self):
        return self.rng.sample(self.products, self.rng.randint(3, 6))

    def plan_customer(self, partner, active_from, active_to, cls=None, recent=False):
        """Regular orders of a customer from `active_from` to `active_to` (months, inclusive); `recent`: a
        steady customer, who ordered in the last four months (else its lifecycle says decline)."""
        rng = self.rng
        chance, low, high, lines_range = ORDER_PROFILE[cls or partner.customer_class or "c"]
        level = rng.uniform(low, high)
        factor = rng.uniform(0.94, 1.08)
        portfolio = self.portfolio()
        season = {m: rng.uniform(0.8, 1.2) for m in range(1, 13)}
        months = list(self.months(active_from, active_to))
        chosen = [month for month in months if rng.random() < chance]
        # a customer active in a year ordered at least once in it
        for year in sorted({month.year for month in months} & {self.today.year - 1, self.today.year}):
            if not any(month.year == year for month in chosen):
                chosen.append(rng.choice([month for month in months if month.year == year]))
        last_months = [month for month in months if month > active_to - relativedelta(months=4)]
        if recent and last_months and not set(last_months) & set(chosen):
            chosen.append(rng.choice(last_months))
        for month in sorted(chosen):
            self.plan_order(partner, month, level * season[month.month], factor, portfolio, lines_range)

    def plan(self, customers, story):
        """Decide who is active when: ~160 customers in the current year, some lapsed, some prospects."""
        rng = self.rng
        current = month_start(self.today)
        year_start = datetime.date(self.today.year, 1, 1)
        others = customers - self.env["res.partner"].union(*story.values())
        prospects = others.filtered(lambda p: not p.customer_class)
        ordered = others - prospects
        # classes A always order; the others: a mix of steady, lapsed and new customers
        steady, lapsed, new, never = [], [], [], list(prospects)
        for partner in ordered.sorted("id"):
            roll = rng.random()
            if partner.customer_class == "a" or roll < 0.45:
                steady.append(partner)
            elif roll < 0.66:
                lapsed.append(partner)
            elif roll < 0.78:
                new.append(partner)
            else:
                never.append(partner)
        for partner in steady:
            self.plan_customer(partner, self.start, current, recent=True)
        for index, partner in enumerate(lapsed):
            # stopped 8 to 20 months ago: decline (over 6 months) or ended (over a year), both at any scale
            months_ago = LAPSED_MONTHS_AGO[index % len(LAPSED_MONTHS_AGO)]
            self.plan_customer(partner, self.start, current - relativedelta(months=months_ago))
        for partner in new:
            first = max(year_start, current - relativedelta(months=rng.randint(1, 10)))
            self.plan_customer(partner, first, current)
        self.plan_story(story)
        self.facts["prospects"] = len(never)
        return never

    def plan_story(self, story):
        rng = self.rng
        current = month_start(self.today)
        # the May-June peak: three times the level in May and June, every year
        peak = story["peak"]
        portfolio = self.portfolio()
        for month in self.months():
            boost = 3.0 if month.month in (5, 6) else 1.0
            self.plan_order(peak, month, 90000 * boost, 1.0, portfolio, (2, 3))
        # acquired in the summer of the story year: orders every month until August, none from September
        acquired = story["acquired"]
        portfolio = self.portfolio()
        last = datetime.date(self.story_year, 8, 1)
        for month in self.months(self.start, last):
            self.plan_order(acquired, month, 45000, 1.0, portfolio, (1, 2))
        # sold below cost: a C customer's small orders
        negative = story["negative_margin"]
        portfolio = self.portfolio()
        for month in self.months():
            if rng.random() < 0.5 or month.year == self.today.year and month.month in (1, 3, 5, 7, 9, 11):
                self.plan_order(negative, month, 6000, 0.62, portfolio, (1, 2))
        # decline: a steady B customer whose orders fall sharply over the last months
        decline = story["decline"]
        portfolio = self.portfolio()
        fall = {4: 1.0, 3: 0.25, 2: 0.1, 1: 0.0, 0: 0.0}
        for month in self.months():
            back = (current.year - month.year) * 12 + current.month - month.month
            share = fall.get(back, 1.0)
            if share:
                self.plan_order(decline, month, 40000 * share, 1.0, portfolio, (1, 2))
        # a new customer, first order a few weeks ago, paying before delivery
        prepayment = story["prepayment"]
        portfolio = self.portfolio()
        for month in self.months(current - relativedelta(months=2), current):
            self.plan_order(prepayment, month, 12000, 1.0, portfolio, (1, 2))

    # ------------------------------------------------------------------ writing
    def term_of(self, partner, story):
        if partner == story["prepayment"]:
            return self.immediate
        return self.terms.get(partner.customer_class or "c", self.terms["c"])

    def write_orders(self, story):
        """Create, confirm and invoice the planned orders month by month; returns the posted invoices."""
        env = self.env
        SaleOrder = env["sale.order"].with_context(mail_create_nolog=True, mail_notrack=True, tracking_disable=True)
        invoices = env["account.move"]
        order_count = 0
        for month in sorted(self.plans):
            plans = sorted(self.plans[month], key=lambda p: (p[1], p[0].id))
            vals_list = []
            for partner, day, lines in plans:
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "user_id": partner.user_id.id or False,
                        "team_id": team_of(partner).id or False,
                        "pricelist_id": partner.property_product_pricelist.id,
                        "payment_term_id": self.term_of(partner, story).id,
                        "date_order": datetime.datetime.combine(day, datetime.time(9, 0)),
                        "client_order_ref": f"PO-{day:%y%m}-{partner.id:04d}",
                        "order_line": [
                            (0, 0, {"product_id": product.id, "product_uom_qty": qty, "price_unit": price})
                            for product, qty, price in lines
                        ],
                    }
                )
            orders = SaleOrder.create(vals_list)
            orders.action_confirm()
            # confirmation dates the order today: back to the day the customer ordered (one write per day)
            dates = {}
            for order, (_partner, day, _lines) in zip(orders, plans, strict=True):
                dates.setdefault(day, env["sale.order"])
                dates[day] |= order
            for day, group in dates.items():
                group.write({"date_order": datetime.datetime.combine(day, datetime.time(9, 0))})
            order_count += len(orders)
            # one invoice per customer and currency, dated after the month's last delivery
            moves = orders._create_invoices()
            by_partner = {}
            for partner, day, _lines in plans:
                by_partner[partner.id] = max(by_partner.get(partner.id, day), day)
            month_end = month + relativedelta(months=1, days=-1)
            for day, group in moves.grouped(lambda m, last=by_partner: last[m.commercial_partner_id.id]).items():
                # invoiced with the delivery, in the month of the order (the month the dynamics count it in)
                invoice_date = min(day + datetime.timedelta(days=3), month_end, self.today)
                group.write({"invoice_date": invoice_date, "date": invoice_date})
            moves.action_post()
            invoices |= moves
            if month.month % 6 == 0:
                analyze(env)
            _logger.info(
                "%s: %s orders, %s invoices (%.1f s)", month, len(orders), len(moves), time.monotonic() - self.t0
            )
        self.facts["orders"] = order_count
        return invoices

    def pay(self, invoices, story):
        """Payments by their date: on time, late, or not yet (then reminders); returns the overdue ones."""
        rng = self.rng
        late_payers = {
            partner
            for partner in invoices.commercial_partner_id
            if rng.random() < LATE_PAYERS.get(partner.customer_class or "c", 0.3)
        }
        late_payers.add(story["decline"])
        late_payers.discard(story["peak"])
        planned = {}
        unpaid = self.env["account.move"]
        for invoice in invoices.sorted("id"):
            partner = invoice.commercial_partner_id
            due = invoice.invoice_date_due
            if partner == story["prepayment"]:
                paid_on = invoice.invoice_date - datetime.timedelta(days=rng.randint(2, 6))
            elif partner == story["decline"] and invoice.invoice_date >= self.today - relativedelta(months=5):
                paid_on = None  # stopped paying
            elif partner in late_payers:
                paid_on = due + datetime.timedelta(days=rng.choice((5, 12, 20, 35, 50, 75)))
            else:
                paid_on = due + datetime.timedelta(days=rng.randint(-6, 3))
            if paid_on is None or paid_on >= self.today:
                unpaid |= invoice
            else:
                planned[invoice] = paid_on

        # a customer settles what it pays in a month with one transfer, on the month's last planned day
        # (a prepayment pays its own invoice)
        def transfer(invoice, paid_on):
            if invoice.commercial_partner_id == story["prepayment"]:
                return invoice
            return (invoice.commercial_partner_id, invoice.currency_id, month_start(paid_on))

        transfer_day = {}
        for invoice, paid_on in planned.items():
            key = transfer(invoice, paid_on)
            transfer_day[key] = max(transfer_day.get(key, paid_on), paid_on)
        by_date = defaultdict(lambda: self.env["account.move"])
        for invoice, paid_on in planned.items():
            by_date[transfer_day[transfer(invoice, paid_on)]] |= invoice
        Register = self.env["account.payment.register"]
        payments = 0
        analyze(self.env)
        for index, paid_on in enumerate(sorted(by_date)):
            if index and not index % 60:
                analyze(self.env)
            group = by_date[paid_on]
            wizard = Register.with_context(active_model="account.move", active_ids=group.ids).create(
                {"payment_date": paid_on, "group_payment": True}
            )
            payments += len(wizard._create_payments())
            if paid_on.day == 1:
                _logger.info("paid up to %s: %s payments (%.1f s)", paid_on, payments, time.monotonic() - self.t0)
        self.facts["payments"] = payments
        overdue = unpaid.filtered(lambda m: m.invoice_date_due < self.today)
        self.remind(overdue)
        return overdue

    def remind(self, overdue):
        """OCA's reminder history on the overdue invoices: one e-mail or letter per customer and date."""
        env = self.env
        accountant = env.ref("crm_foreign_trade.user_accountant", raise_if_not_found=False) or env.user
        actions = defaultdict(list)  # (partner, date) -> [(invoice, counter)]
        for invoice in overdue:
            for counter, days in enumerate(REMINDER_DAYS, start=1):
                date = invoice.invoice_date_due + datetime.timedelta(days=days)
                if date < self.today:
                    actions[(invoice.commercial_partner_id, date)].append((invoice, counter))
        env["overdue.reminder.action"].create(
            [
                {
                    "commercial_partner_id": partner.id,
                    "partner_id": partner.id,
                    "date": date,
                    "user_id": accountant.id,
                    "reminder_type": "mail" if len(reminders) % 2 else "post",
                    "company_id": self.company.id,
                    "reminder_ids": [
                        (0, 0, {"invoice_id": invoice.id, "counter": counter}) for invoice, counter in reminders
                    ],
                }
                for (partner, date), reminders in sorted(actions.items(), key=lambda item: (item[0][1], item[0][0].id))
            ]
        )
        self.facts["reminders"] = sum(len(r) for r in actions.values())

    def credit_notes(self, invoices):
        """Returns: a credit note for part of about 3 % of the paid invoices (a reel or a carton back)."""
        rng = self.rng
        paid = invoices.filtered(lambda m: m.payment_state in ("paid", "in_payment")).sorted("id")
        chosen = [m for m in paid if rng.random() < 0.03]
        vals_list = []
        for invoice in chosen:
            line = invoice.invoice_line_ids.filtered(lambda l: l.display_type == "product")[:1]
            date = min(invoice.invoice_date + datetime.timedelta(days=rng.randint(10, 40)), self.today)
            vals_list.append(
                {
                    "move_type": "out_refund",
                    "partner_id": invoice.partner_id.id,
                    "currency_id": invoice.currency_id.id,
                    "invoice_date": date,
                    "date": date,
                    "reversed_entry_id": invoice.id,
                    "ref": f"Return on {invoice.name}",
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": line.product_id.id,
                                "quantity": max(1, round(line.quantity * rng.uniform(0.05, 0.2))),
                                "price_unit": line.price_unit,
                                "tax_ids": [(6, 0, line.tax_ids.ids)],
                            },
                        )
                    ],
                }
            )
        refunds = self.env["account.move"].create(vals_list)
        refunds.sorted("invoice_date").action_post()
        self.facts["credit_notes"] = len(refunds)
        return refunds

    def credit_applications(self, customers, story):
        """Credit limit applications: approved for most A customers, one waiting, one refused draft."""
        env = self.env
        rng = self.rng
        ratings = {
            "own_impression": "strong",
            "own_organisation": "adequate",
            "priority_profitability": "adequate",
            "financial_payment_record": "strong",
            "financial_bank_credit": "adequate",
        }
        a_customers = customers.filtered(lambda p: p.customer_class == "a").sorted("id")
        vals_list = []
        for partner in a_customers | story["decline"] | story["prepayment"]:
            level = 800000 if partner.customer_class == "a" else 150000
            vals_list.append(
                dict(
                    ratings,
                    partner_id=partner.id,
                    user_id=(partner.user_id or env.user).id,
                    team_id=team_of(partner).id or False,
                    requested_limit=round(level * rng.uniform(0.8, 1.5), -4),
                    reason="Two years of regular orders; limit to cover two months of deliveries.",
                )
            )
        applications = env["crm.credit.application"].create(vals_list)
        applications.filtered(lambda a: a.partner_id == story["prepayment"]).write(
            {"reason": "New customer paying in advance; asks for 30 days after the first three orders."}
        )
        applications.action_submit()
        # the A customers' applications went through the chain: branch manager, sales manager, then the
        # general manager with his comment (OCA's comment wizard), which applies the limit; the others wait
        approved = applications.filtered(lambda a: a.partner_id.customer_class == "a")
        for _step in range(4):
            approved.invalidate_recordset()
            for application in approved.filtered(lambda a: a.state == "to_approve"):
                open_reviews = application.review_ids.filtered(lambda r: r.status in ("waiting", "pending"))
                reviewer = open_reviews.sorted("sequence")[:1].reviewer_ids[:1]
                if not reviewer:
                    continue
                action = application.with_user(reviewer).validate_tier()
                if isinstance(action, dict) and action.get("res_model"):
                    comment = env[action["res_model"]].with_user(reviewer).with_context(**action["context"])
                    comment.create({"comment": "Payment record and bank reference checked."}).add_comment()
        approved = approved.filtered(lambda a: a.state == "approved")
        self.facts["credit_applications"] = len(applications)
        self.facts["credit_applications_approved"] = len(approved)
        return applications

    def churn_evidence(self, story):
        """What the declining customer said: price-cut requests and a complaint, logged by its salesperson."""
        env = self.env
        decline = story["decline"]
        user = decline.user_id or env.user
        today = self.today
        env["crm.customer.feedback"].create(
            [
                {
                    "partner_id": decline.id,
                    "date": today - datetime.timedelta(days=70),
                    "kind": "price_cut",
                    "requested_cut_percent": 12.0,
                    "description": "Asks 12 % off the power cords: a Vietnamese supplier quoted lower.",
                    "user_id": user.id,
                },
                {
                    "partner_id": decline.id,
                    "date": today - datetime.timedelta(days=25),
                    "kind": "price_cut",
                    "requested_cut_percent": 15.0,
                    "description": "Again asks for a cut, now 15 %, on every item.",
                    "user_id": user.id,
                },
                {
                    "partner_id": decline.id,
                    "date": today - datetime.timedelta(days=40),
                    "kind": "complaint",
                    "description": "Complains that the last shipment arrived a week late.",
                    "user_id": user.id,
                },
            ]
        )


def build(env, rng, customers, story, today):
    """The customers' two years of money; returns the facts."""
    sales = SalesStory(env, rng, today)
    prospects = sales.plan(customers, story)
    invoices = sales.write_orders(story)
    sales.facts["invoices"] = len(invoices)
    overdue = sales.pay(invoices, story)
    sales.facts["overdue_invoices"] = len(overdue)
    sales.credit_notes(invoices)
    sales.credit_applications(customers, story)
    sales.churn_evidence(story)
    # a few prospects in development: a quotation sent, not yet ordered
    quotes = []
    for partner in prospects[: len(prospects) // 3]:
        product = rng.choice(sales.products)
        quotes.append(
            {
                "partner_id": partner.id,
                "user_id": partner.user_id.id or False,
                "team_id": team_of(partner).id or False,
                "pricelist_id": partner.property_product_pricelist.id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 500})],
            }
        )
    env["sale.order"].create(quotes)
    sales.facts["quotations"] = len(quotes)
    sales.facts["story_year"] = sales.story_year
    return sales.facts
