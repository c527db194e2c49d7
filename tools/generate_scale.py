"""A database at benchmark scale in minutes: customers, their orders, invoices, credit notes and opportunities.

    python3 tools/odoo_runner.py generate --db crm_ft_scale --customers 20000 --years 2 \\
        --orders-per-customer 5 --lines-per-order 5 --opportunities 100000 --seed 1

`generate(env, ...)` adds to the database of `env` (the four modules installed), in its transaction:

* through the ORM, what is small: the products (cables and cords, with their cost), one pricelist per
  sales currency, the three sales departments (the demo's, else new ones) with four salespeople each,
  lost reasons, and one template of each document: a confirmed sales order and its invoice per currency
  (CNY, HKD, USD, EUR, JPY), a credit note per currency, an opportunity;
* by SQL, the bulk: `INSERT ... SELECT` copies of the templates, every column copied unless the
  generator sets it. What varies is drawn in Python from `random.Random(seed)` (the same seed gives the
  same data), loaded into temporary tables with `COPY`, and joined to the templates: customers across
  classes (A 8 %, B 27 %, C 65 %), channels, regions (Hong Kong, Japan, Europe, the US, Singapore, mainland
  China) and salespeople; per customer `orders_per_customer` confirmed orders of `lines_per_order` lines
  (products, quantities by class, prices in the customer's currency, sale_margin's cost), spread over the
  last `years` × 12 months up to today with a season (a May-June peak, a Spring Festival dip in February),
  each invoiced and posted; 4 % of the invoices followed by a credit note; opportunities with their stage
  history (crm.lead.stage.log: created, moved forward, back or skipping, then won, lost or still open);
* then consistency: every amount a copy changes is computed as the ORM computes it (the currency rate of
  the date, the currency's rounding, signed amounts, residuals, margins, invoiced quantities), move names
  and sequence numbers continue each journal's sequence per year (unique, no gap), the sale order sequence
  moves on, ids come from the tables' sequences; the stored computed fields of the customers and the
  opportunities that depend on what varies are recomputed by the ORM (batches); ANALYZE at the end.
  The templates are deleted. tests/test_generator.py checks it on a small run.

Why SQL for the bulk, measured on this machine (2 cores shared with other jobs, load average 6-9, 2026-12-02):

* ORM: 20 customer invoices of 5 lines (no tax), one batched `create` then `action_post`: 5.2 s, 19 lines/s;
  20 orders of 5 lines confirmed, invoiced and posted: 5.7 s, 18 lines/s. 500,000 invoice lines at that
  rate take 7 hours, their orders as long again;
* SQL, this generator at 2,000 customers: 10,000 orders with 50,000 lines in 20 s (2,500 lines/s);
  10,386 invoices and credit notes with 60,772 lines in 32 s (1,900 lines/s): a hundred times the ORM.

The ORM stays where it is cheap and the rules are subtle: the masters, the templates (so every column a
module adds is filled as the ORM fills it), and the recompute of the customers' and opportunities' fields
that other modules derive (collision keys, lifecycle, new customer, public pool, Peppol, decision warning).

Full scale (20,000 customers, 2 years, 5 orders of 5 lines, 100,000 opportunities, seed 1: the runner's
`generate` script in `odoo shell`), run once on a copy of the demo database on this machine (2 cores shared
with other jobs, load average 8-12):
780 s (13 minutes) for 20,000 customers, 100,000 orders, 500,000 invoice lines, 4,005 credit notes, 100,000
opportunities, 326,246 stage changes. Phases: masters and templates 7 s, drawing 13 s, customers 5 s, numbering
and pricing 50 s, orders 203 s, invoices 294 s, customers' computed fields 23 s, opportunities 114 s, templates
deleted and ANALYZE 14 s. An earlier full run (the same volumes, load average 6-9) took 926 s. Python's own
share is about a minute: the rest is PostgreSQL inserting and indexing the rows.
"""

import bisect
import io
import random
import time
from datetime import date, datetime, timedelta

from tools.sql_copies import columns, select_list

CLASSES = (("a", 8), ("b", 27), ("c", 65))
CLASS_QUANTITY = {"a": 4.0, "b": 2.0, "c": 1.0}
CHANNELS = (("direct_export", 45), ("transfer_export", 25), ("domestic", 30))
TEAM_NAMES = {
    "direct_export": "Direct Export Department",
    "transfer_export": "Transfer-Factory Export Department",
    "domestic": "Domestic Sales Department",
}
# where the customers of a channel are (country code, weight), and the currency they buy in
REGIONS = {
    "direct_export": (("HK", 30), ("JP", 18), ("DE", 10), ("FR", 6), ("GB", 8), ("IT", 5), ("NL", 5), ("US", 12),
                      ("SG", 6)),
    "transfer_export": (("CN", 1),),
    "domestic": (("CN", 1),),
}  # fmt: skip
COUNTRY_CURRENCY = {"HK": "HKD", "JP": "JPY", "DE": "EUR", "FR": "EUR", "IT": "EUR", "NL": "EUR", "GB": "USD",
                    "US": "USD", "SG": "USD"}  # fmt: skip
CURRENCIES = ("CNY", "HKD", "USD", "EUR", "JPY")
# orders per month, relative: a May-June peak, February's Spring Festival dip
SEASON = (6, 3, 8, 9, 13, 14, 9, 8, 9, 8, 8, 5)
CREDIT_NOTE_SHARE = 0.04
FATES = (("won", 30), ("lost", 30), ("open", 40))
PRODUCTS = (
    # default code, name, list price (CNY), cost (CNY)
    ("GEN-PC-EU", "Power cord, EU plug, 1.8 m", 18.5, 11.2),
    ("GEN-PC-UK", "Power cord, UK plug, 1.8 m", 21.0, 12.9),
    ("GEN-PC-JP", "Power cord, JP plug, 2 m", 16.8, 10.1),
    ("GEN-PC-US", "Power cord, US plug, 1.8 m", 17.2, 10.6),
    ("GEN-EXT-4", "Extension lead, 4 outlets, 3 m", 46.0, 29.5),
    ("GEN-EXT-6", "Extension lead, 6 outlets, 5 m", 63.0, 41.0),
    ("GEN-USB-C", "USB-C connection cable, 1 m", 9.8, 5.1),
    ("GEN-HDMI", "HDMI AV cable, 2 m", 24.0, 13.8),
    ("GEN-RCA", "RCA AV cable, 1.5 m", 8.6, 4.9),
    ("GEN-TEL-4", "Telephone cord, coiled, 4 m", 6.4, 3.6),
    ("GEN-RUB-3", "Rubber cable H07RN-F 3G2.5, per m", 14.5, 10.8),
    ("GEN-RUB-5", "Rubber cable H07RN-F 5G4, per m", 31.0, 23.7),
)
NAME_PARTS = {
    "HK": ("Kowloon", "Harbour", "Victoria", "Tsuen Wan", "Kwun Tong"),
    "JP": ("Naniwa", "Sakura", "Tokai", "Kansai", "Hokuto"),
    "DE": ("Rhein", "Elbtal", "Nordlicht", "Bergland"),
    "FR": ("Loire", "Provence", "Atlantique"),
    "GB": ("Thames", "Pennine", "Mersey"),
    "IT": ("Lombarda", "Adriatica", "Toscana"),
    "NL": ("Delta", "Polder", "Zuiderzee"),
    "US": ("Great Lakes", "Pacific Coast", "Lone Star", "Appalachian"),
    "SG": ("Straits", "Marina", "Jurong"),
    "CN": ("Dongguan Hengtai", "Shenzhen Baolong", "Huizhou Xinda", "Foshan Ruifeng", "Zhongshan Jiahe",
           "Guangzhou Tianyi", "Xiamen Haicheng", "Ningbo Yongxin"),
}  # fmt: skip
NAME_KINDS = ("Electronics", "Trading", "Appliances", "Electrical", "Industrial", "Lighting", "Audio")
SALESPEOPLE = {
    "direct_export": ("Xu Haoran", "Feng Yujie", "Tang Mingxuan", "Guo Shuting"),
    "transfer_export": ("Deng Zihao", "Cao Xinyi", "Peng Junjie", "Yuan Meiqi"),
    "domestic": ("Jiang Wenbo", "Xie Yuting", "Han Zhiyuan", "Song Jiaxin"),
}
LOST_REASONS = ("Price too high", "Lost to a competitor", "No budget this year")
OPPORTUNITY_SUBJECTS = ("Power cords for a new appliance", "Extension leads, annual contract",
                        "AV cables for a TV range", "Rubber cable for a site", "Telephone cords, reorder")  # fmt: skip


def weighted(rng, choices):
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


# --------------------------------------------------------------------------
# What is small: the ORM
# --------------------------------------------------------------------------
def masters(env):
    """Products, pricelists, currencies, teams, salespeople, stages, lost reasons: found again on a second run
    (by code, name or login), created once."""
    from odoo import Command

    company = env.company
    currencies = env["res.currency"].with_context(active_test=False).search([("name", "in", CURRENCIES)])
    currencies.filtered(lambda c: not c.active).write({"active": True})
    currency = {c.name: c for c in currencies}
    products = env["product.product"].search([("default_code", "in", [p[0] for p in PRODUCTS])])
    missing = [p for p in PRODUCTS if p[0] not in products.mapped("default_code")]
    products |= env["product.product"].create(
        [
            {"default_code": code, "name": name, "type": "consu", "list_price": price, "standard_price": cost,
             "invoice_policy": "order", "taxes_id": [Command.clear()]}
            for code, name, price, cost in missing
        ]
    )  # fmt: skip
    products = products.sorted("default_code")
    pricelists = {}
    for code in CURRENCIES:
        name = f"Scale generator ({code})"
        pricelists[code] = env["product.pricelist"].search([("name", "=", name)], limit=1) or env[
            "product.pricelist"
        ].create({"name": name, "currency_id": currency[code].id, "company_id": company.id})
    teams, users = {}, {}
    salesman = env.ref("sales_team.group_sale_salesman")
    for channel, name in TEAM_NAMES.items():
        team = env["crm.team"].search([("name", "=", name)], limit=1)
        teams[channel] = team or env["crm.team"].create({"name": name, "company_id": company.id})
        logins = [f"scale.{channel}.{k}" for k in range(1, len(SALESPEOPLE[channel]) + 1)]
        found = env["res.users"].with_context(active_test=False).search([("login", "in", logins)])
        new = [
            {"name": person, "login": login, "company_id": company.id, "company_ids": [Command.set(company.ids)],
             "groups_id": [Command.link(salesman.id)]}
            for person, login in zip(SALESPEOPLE[channel], logins, strict=True) if login not in found.mapped("login")
        ]  # fmt: skip
        found |= env["res.users"].with_context(no_reset_password=True).create(new)
        users[channel] = found.sorted("login")
        teams[channel].member_ids |= users[channel]
    stages = env["crm.stage"].search([("team_id", "in", [False, *[t.id for t in teams.values()]])], order="sequence")
    won = stages.filtered("is_won")[:1]
    open_stages = stages.filtered(lambda s: not s.is_won and not s.fold)
    if not won or len(open_stages) < 2:
        created = env["crm.stage"].create(
            [{"name": n, "sequence": 900 + i} for i, n in enumerate(("New", "Qualified", "Proposal"))]
            + [{"name": "Won", "sequence": 990, "is_won": True}]
        )
        won, open_stages = created[-1], created[:-1]
    reasons = env["crm.lost.reason"].search([("name", "in", LOST_REASONS)])
    reasons |= env["crm.lost.reason"].create([{"name": n} for n in LOST_REASONS if n not in reasons.mapped("name")])
    countries = {c.code: c for c in env["res.country"].search([("code", "in", [*COUNTRY_CURRENCY, "CN"])])}
    return {
        "company": company, "currency": currency, "products": products, "pricelists": pricelists,
        "teams": teams, "users": users, "open_stages": open_stages, "won": won, "reasons": reasons.sorted("id"),
        "countries": countries,
    }  # fmt: skip


def templates(env, m, year):
    """One draft invoice of one line per currency from a confirmed order, one draft credit note per currency, a
    customer and an opportunity: the rows the SQL copies start from (deleted at the end)."""
    from odoo import Command

    product = m["products"][0]
    partner = env["res.partner"].create({"name": "Scale template customer", "is_company": True, "customer_rank": 1})
    orders = env["sale.order"].create(
        [
            {"partner_id": partner.id, "pricelist_id": m["pricelists"][code].id, "date_order": datetime(year, 1, 1),
             "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1, "price_unit": 1.0,
                                            "tax_id": [Command.clear()]})]}
            for code in CURRENCIES
        ]
    )  # fmt: skip
    orders.action_confirm()
    invoices = orders._create_invoices()
    invoices.write({"invoice_date": date(year, 1, 1)})
    refunds = env["account.move"].create(
        [
            {"move_type": "out_refund", "partner_id": partner.id, "currency_id": m["currency"][code].id,
             "invoice_date": date(year, 1, 1),
             "invoice_line_ids": [Command.create({"product_id": product.id, "quantity": 1, "price_unit": 1.0,
                                                  "tax_ids": [Command.clear()]})]}
            for code in CURRENCIES
        ]
    )  # fmt: skip
    lead = env["crm.lead"].create(
        {"name": "Scale template opportunity", "type": "opportunity", "partner_id": partner.id,
         "stage_id": m["open_stages"][0].id, "expected_revenue": 1.0}
    )  # fmt: skip
    env.flush_all()
    by_currency = {}
    for code, order, refund in zip(CURRENCIES, orders, refunds, strict=True):
        invoice = order.invoice_ids
        assert len(invoice) == 1 and invoice.currency_id.name == code, (code, invoice.currency_id.name)

        def lines(move, kind):
            return move.line_ids.filtered(lambda line, kind=kind: line.display_type == kind)

        by_currency[code] = {
            "order": order, "order_line": order.order_line, "invoice": invoice,
            "invoice_line": lines(invoice, "product"), "invoice_term": lines(invoice, "payment_term"),
            "refund": refund, "refund_line": lines(refund, "product"), "refund_term": lines(refund, "payment_term"),
        }  # fmt: skip
    return partner, by_currency, lead


def delete_templates(env, partner, by_currency, lead):
    docs = by_currency.values()
    orders = env["sale.order"].union(*(d["order"] for d in docs))
    moves = env["account.move"].union(*(d["invoice"] | d["refund"] for d in docs))
    orders._action_cancel()
    moves.with_context(force_delete=True).unlink()
    orders.unlink()
    lead.unlink()
    partner.unlink()


# --------------------------------------------------------------------------
# What varies: drawn in Python from the seed
# --------------------------------------------------------------------------
class Rates:
    """Currency rates of a date as res.currency._convert takes them. A rate changes only on the dates of the
    rate table: asked to the ORM once per currency and period between two such dates, not once per day."""

    def __init__(self, env, company):
        self.company = company
        self.company_currency = company.currency_id
        env.cr.execute("SELECT DISTINCT name FROM res_currency_rate ORDER BY name")
        self.changes = [row[0] for row in env.cr.fetchall()]
        self.cache = {}

    def _rate(self, from_currency, to_currency, day):
        period = bisect.bisect_right(self.changes, day)
        key = (from_currency.id, to_currency.id, period)
        if key not in self.cache:
            self.cache[key] = from_currency._get_conversion_rate(from_currency, to_currency, self.company, day)
        return self.cache[key]

    def to_company(self, currency, day):
        return self._rate(currency, self.company_currency, day)

    def from_company(self, currency, day):
        return self._rate(self.company_currency, currency, day)


def draw(m, customers, years, orders_per_customer, lines_per_order, opportunities, seed, today):
    """Every varying value of the run, from the seed only (no id, no database state)."""
    rng = random.Random(seed)
    # the last `years` * 12 months up to this one, each weighted by the season
    months = [
        ((today.year * 12 + today.month - 1 - k) // 12, (today.month - 1 - k) % 12 + 1) for k in range(years * 12)
    ]
    weights = [SEASON[month - 1] for _year, month in months]
    weights[0] *= today.day / 31  # this month: the days so far
    partners, orders, refunds, leads = [], [], [], []
    for n in range(customers):
        channel = weighted(rng, CHANNELS)
        country = weighted(rng, REGIONS[channel])
        if country == "CN":
            currency = "CNY" if channel == "domestic" else rng.choice(("HKD", "USD"))
        else:
            currency = COUNTRY_CURRENCY[country]
        name = f"{rng.choice(NAME_PARTS[country])} {rng.choice(NAME_KINDS)} Co., Ltd. G{n + 1:05d}"
        partners.append({
            "n": n, "name": name, "class": weighted(rng, CLASSES), "channel": channel, "country": country,
            "investor": "HK" if channel == "transfer_export" and rng.random() < 0.6 else None,
            "currency": currency, "user": rng.randrange(len(SALESPEOPLE[channel])),
        })  # fmt: skip
    for partner in partners:
        for _k in range(orders_per_customer):
            year, month = rng.choices(months, weights)[0]
            day = rng.randint(1, today.day if (year, month) == (today.year, today.month) else 28)
            ordered = datetime(year, month, day, rng.randint(1, 9), rng.randrange(60))
            invoiced = min(ordered.date() + timedelta(days=rng.randint(0, 14)), today)
            lines = [
                {"product": product, "qty": float(round(rng.randint(20, 300) * CLASS_QUANTITY[partner["class"]])),
                 "factor": rng.uniform(0.92, 1.12)}
                for product in rng.sample(range(len(PRODUCTS)), min(lines_per_order, len(PRODUCTS)))
            ]  # fmt: skip
            while len(lines) < lines_per_order:  # more lines than products: repeated products
                lines.append(dict(lines[len(lines) % len(PRODUCTS)], factor=rng.uniform(0.92, 1.12)))
            order = {"partner": partner, "ordered": ordered, "invoiced": invoiced, "lines": lines}
            orders.append(order)
            if rng.random() < CREDIT_NOTE_SHARE:
                line = rng.randrange(len(lines))
                refunds.append({
                    "order": order, "line": line, "qty": max(1.0, float(lines[line]["qty"] // 10)),
                    "date": min(invoiced + timedelta(days=rng.randint(5, 40)), today),
                })  # fmt: skip
    start = date(*months[-1], 1)
    span = (today - start).days + 1
    for k in range(opportunities):
        partner = partners[rng.randrange(customers)] if customers else None
        created = datetime.combine(start + timedelta(days=rng.randrange(span)), datetime.min.time())
        created += timedelta(hours=rng.randint(1, 10), minutes=rng.randrange(60))
        moves, position, when = [], 0, created
        for _step in range(rng.randint(1, 4)):
            when += timedelta(days=rng.randint(1, 40), minutes=rng.randrange(600))
            step = rng.choice((1, 1, 1, 2, -1))  # forward mostly, sometimes skipping or back
            position = min(max(position + step, 0), len(m["open_stages"]) - 1)
            moves.append((position, when))
        fate = weighted(rng, FATES)
        closed = when + timedelta(days=rng.randint(1, 30)) if fate != "open" else None
        if closed and closed.date() > today:
            fate, closed = "open", None
        leads.append({
            "n": k, "partner": partner, "name": f"{rng.choice(OPPORTUNITY_SUBJECTS)} G{k + 1:06d}",
            "revenue": round(rng.uniform(5, 400) * 1000 * CLASS_QUANTITY[partner["class"] if partner else "c"], -2),
            "created": created, "moves": moves, "fate": fate, "closed": closed,
            "reason": rng.randrange(len(LOST_REASONS)),
        })  # fmt: skip
    return partners, orders, refunds, leads


# --------------------------------------------------------------------------
# SQL
# --------------------------------------------------------------------------
def load(cr, table, spec, rows):
    """A temporary table `table` (`spec`: its column definitions) filled with `rows` by COPY."""
    cr.execute(f"DROP TABLE IF EXISTS {table}; CREATE TEMPORARY TABLE {table} ({spec}) ON COMMIT DROP")

    def text(value):
        if value is None:
            return "\\N"
        if isinstance(value, bool):
            return "t" if value else "f"
        if isinstance(value, float):
            return repr(value)
        return str(value)

    buffer = io.StringIO("".join("\t".join(text(v) for v in row) + "\n" for row in rows))
    cr.copy_expert(f"COPY {table} FROM STDIN", buffer)
    cr.execute(f"ANALYZE {table}")


def new_ids(cr, table, count):
    """`count` ids from the table's own sequence: the copies are inserted with them, no sequence to fix."""
    cr.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", (table, count))
    return [row[0] for row in cr.fetchall()]


def copy_from(cr, table, temp, template_join, overrides):
    """INSERT INTO `table` one copy of a template row per row `g` of the temporary table `temp`: the template
    row `t` is found by `template_join` (a condition on g and t), each column copied unless overridden."""
    cols = ["id", *columns(cr, table)]
    overrides = dict(overrides, id="g.id")
    cr.execute(
        f"INSERT INTO {table} ({', '.join(cols)}) SELECT {select_list(cols, overrides, 't')} "
        f"FROM {temp} g JOIN {table} t ON {template_join}"
    )
    count = cr.rowcount
    # statistics of the copied table before the next copy references it: the foreign-key checks of the next
    # rows are planned on them (a sequential scan of the new rows per row inserted, without)
    cr.execute(f"ANALYZE {table}")
    return count


def journal_numbers(env, journal, moves):
    """Names for posted moves of `journal` (dicts with "date" and "refund"), continuing each year's sequence
    (INV/2025/00042, RINV/2025/00007): (name, prefix, number) set on each dict, in date order."""
    cr = env.cr
    prefix_of = {}
    for move in sorted(moves, key=lambda mv: (mv["date"], mv["key"])):
        code = ("R" if move["refund"] and journal.refund_sequence else "") + journal.code
        prefix = f"{code}/{move['date'].year}/"
        if prefix not in prefix_of:
            cr.execute(
                "SELECT COALESCE(MAX(sequence_number), 0) FROM account_move WHERE journal_id = %s "
                "AND sequence_prefix = %s",
                (journal.id, prefix),
            )
            prefix_of[prefix] = cr.fetchone()[0]
        prefix_of[prefix] += 1
        move["prefix"], move["number"] = prefix, prefix_of[prefix]
        move["name"] = f"{prefix}{prefix_of[prefix]:05d}"


def generate(env, customers, years, orders_per_customer, lines_per_order, opportunities, seed, log=None):
    """Adds the customers, orders, invoices, credit notes and opportunities to env's database; returns the
    counts, the ids of the generated records and the time of each phase."""
    for name, value, least in (
        ("customers", customers, 1),
        ("years", years, 1),
        ("orders_per_customer", orders_per_customer, 0),
        ("lines_per_order", lines_per_order, 1),
        ("opportunities", opportunities, 0),
    ):
        if not isinstance(value, int) or value < least:
            raise ValueError(f"{name} must be a whole number of at least {least}, not {value!r}")  # fmt: skip
    clock = Clock(log)
    today = date.today()
    m = masters(env)
    template_partner, tmpl, template_lead = templates(env, m, today.year - 1)
    clock.lap("masters and templates (ORM)")
    partners, orders, refunds, leads = draw(
        m, customers, years, orders_per_customer, lines_per_order, opportunities, seed, today
    )
    clock.lap("drawn")
    ids, fiscal = insert_customers(env, m, partners, template_partner)
    clock.lap("customers (SQL)")
    order_ids, move_ids, n_lines = number_documents(env, m, tmpl, orders, refunds)
    rows = price_documents(env, m, orders, refunds, fiscal)
    clock.lap("documents numbered and priced")
    insert_orders(env, tmpl, order_ids, *rows[:2])
    clock.lap("orders (SQL)")
    insert_invoices(env, tmpl, *rows[2:])
    clock.lap("invoices (SQL)")
    order_history(env, ids, order_ids)
    clock.lap("customers' stored computed fields (ORM)")
    lead_ids, n_logs = insert_opportunities(env, m, leads, template_lead)
    clock.lap("opportunities and stage history (SQL, ORM computes)")
    env.invalidate_all()
    delete_templates(env, template_partner, tmpl, template_lead)
    env.flush_all()
    for table in ANALYZED:
        env.cr.execute(f"ANALYZE {table}")
    clock.lap("templates deleted, ANALYZE")
    return {
        "customers": len(partners), "orders": len(orders), "order_lines": n_lines, "invoices": len(orders),
        "invoice_lines": n_lines, "credit_notes": len(refunds), "opportunities": len(leads),
        "stage_changes": n_logs, "partner_ids": ids, "order_ids": order_ids, "move_ids": move_ids,
        "lead_ids": lead_ids, "years": list(range(today.year - years, today.year + 1)), "timings": clock.timings,
    }  # fmt: skip


class Clock:
    """The time of each phase, logged as it ends."""

    def __init__(self, log):
        self.log = log or (lambda msg: None)
        self.timings = {}
        self.started = time.perf_counter()

    def lap(self, name):
        self.timings[name] = round(time.perf_counter() - self.started, 2)
        self.log(f"{name}: {self.timings[name]:.1f}s")
        self.started = time.perf_counter()


def insert_customers(env, m, partners, template_partner):
    """The customers, copies of the template customer; (their ids, the fiscal position of each country)."""
    cr, company, countries = env.cr, m["company"], m["countries"]
    ids = new_ids(cr, "res_partner", len(partners))
    for partner, pid in zip(partners, ids, strict=True):
        partner["id"] = pid
    rows = []
    for p in partners:
        team = m["teams"][p["channel"]]
        user = m["users"][p["channel"]][p["user"]]
        rows.append((p["id"], p["name"], p["class"], p["channel"], countries[p["country"]].id,
                     countries[p["investor"]].id if p["investor"] else None, user.id, team.id,
                     f'{{"{company.id}": {m["pricelists"][p["currency"]].id}}}'))  # fmt: skip
    load(cr, "gen_partner", "id int, name varchar, class varchar, channel varchar, country int, investor int, "
         "user_id int, team int, pricelist jsonb", rows)  # fmt: skip
    copy_from(cr, "res_partner", "gen_partner", f"t.id = {template_partner.id}", {
        "name": "g.name", "complete_name": "g.name", "display_name": "g.name", "commercial_partner_id": "g.id",
        "commercial_company_name": "g.name", "customer_class": "g.class", "trade_channel": "g.channel",
        "country_id": "g.country", "investor_country_id": "g.investor", "user_id": "g.user_id", "team_id": "g.team",
        "specific_property_product_pricelist": "g.pricelist",
        "create_date": "t.create_date", "write_date": "t.write_date",
    })  # fmt: skip
    cr.execute("ANALYZE res_partner")
    # the fiscal position Odoo finds for a customer of each country (the export one abroad)
    first_of_country = {}
    for p in partners:
        first_of_country.setdefault(p["country"], p["id"])
    fiscal = {
        code: env["account.fiscal.position"]._get_fiscal_position(env["res.partner"].browse(pid)).id or None
        for code, pid in first_of_country.items()
    }
    return ids, fiscal


def number_documents(env, m, tmpl, orders, refunds):
    """Ids of every document and line, order names from the sale order sequence, move names from the journal's."""
    cr, company = env.cr, m["company"]
    journal = tmpl["CNY"]["invoice"].journal_id
    order_ids = new_ids(cr, "sale_order", len(orders))
    move_ids = new_ids(cr, "account_move", len(orders) + len(refunds))
    n_lines = sum(len(o["lines"]) for o in orders)
    sol_ids = iter(new_ids(cr, "sale_order_line", n_lines))
    aml_ids = iter(new_ids(cr, "account_move_line", n_lines + len(orders) + 2 * len(refunds)))
    for order in orders:
        for line in order["lines"]:
            line.update(sol=next(sol_ids), aml=next(aml_ids))
        order["term"] = next(aml_ids)
    for refund in refunds:
        refund["aml"], refund["term"] = next(aml_ids), next(aml_ids)
    seq = env["ir.sequence"].search([("code", "=", "sale.order"), ("company_id", "in", [company.id, False])], limit=1)
    seq_prefix, seq_suffix = seq._get_prefix_suffix()
    seq_next = seq.number_next_actual
    moves = []
    for k, order in enumerate(orders):
        order["id"], order["move"] = order_ids[k], move_ids[k]
        order["name"] = f"{seq_prefix}{seq_next + k:0{seq.padding}d}{seq_suffix}"
        moves.append({"key": k, "date": order["invoiced"], "refund": False, "doc": order})
    for k, refund in enumerate(refunds):
        refund["move"] = move_ids[len(orders) + k]
        moves.append({"key": len(orders) + k, "date": refund["date"], "refund": True, "doc": refund})
    journal_numbers(env, journal, moves)
    for move in moves:
        move["doc"].update(name_move=move["name"], prefix=move["prefix"], number=move["number"])

    seq.sudo().write({"number_next": seq_next + len(orders)})
    return order_ids, move_ids, n_lines


def price_documents(env, m, orders, refunds, fiscal):
    """The rows of the orders, order lines, moves, move lines and their links, priced as the ORM prices them."""
    from odoo.tools import float_round

    company_currency = m["company"].currency_id
    rates = Rates(env, m["company"])
    currency, products = m["currency"], m["products"]
    product_cost = [p.standard_price for p in products]
    product_price = [p.list_price for p in products]
    product_name = [p.get_product_multiline_description_sale() for p in products]
    product_label = [p.display_name + (f"\n{p.description_sale}" if p.description_sale else "") for p in products]
    order_rows, sol_rows, move_rows, aml_rows, rel_rows = [], [], [], [], []
    for order in orders:
        partner = order["partner"]
        cur = currency[partner["currency"]]
        rnd = cur.rounding
        day = order["invoiced"]
        to_company = rates.to_company(cur, day)
        ordered_day = order["ordered"].date()
        order_rate = rates.from_company(cur, ordered_day)
        total = margin = balance_total = 0.0
        for seqno, line in enumerate(order["lines"], start=1):
            pk = line["product"]
            # the list price in the customer's currency at the order date, varied
            price = float_round(product_price[pk] * order_rate * line["factor"], precision_rounding=rnd)
            qty = line["qty"]
            subtotal = float_round(qty * price, precision_rounding=rnd)
            cost = product_cost[pk] * order_rate  # sale_margin: the product's cost in the order currency
            cost_col = float_round(cost, precision_digits=2)
            line_margin = float_round(subtotal - cost_col * qty, precision_digits=2)  # sale_margin's digits
            balance = float_round(subtotal * to_company, precision_rounding=company_currency.rounding)
            line.update(price=price, subtotal=subtotal, balance=balance)
            total += subtotal
            margin += line_margin
            balance_total += balance
            sol_rows.append((line["sol"], order["id"], partner["id"], products[pk].id, product_name[pk], seqno, qty,
                             price, subtotal, cost_col, line_margin,
                             line_margin / subtotal if subtotal else 0.0, cur.name))  # fmt: skip
            aml_rows.append((line["aml"], order["move"], partner["id"], products[pk].id, product_label[pk], seqno,
                             qty, price, -subtotal, -balance, cur.name, "product", day, None,
                             order["name_move"]))  # fmt: skip
            rel_rows.append((line["aml"], line["sol"]))
        total = float_round(total, precision_rounding=rnd)
        balance_total = float_round(balance_total, precision_rounding=company_currency.rounding)
        margin = float_round(margin, precision_rounding=rnd)
        order_rows.append((order["id"], order["name"], partner["id"], order["ordered"], total, margin,
                           margin / total if total else 0.0, order_rate, cur.name,
                           m["users"][partner["channel"]][partner["user"]].id, m["teams"][partner["channel"]].id,
                           fiscal[partner["country"]]))  # fmt: skip
        due = day + timedelta(days=30)
        aml_rows.append((order["term"], order["move"], partner["id"], None, order["name_move"], 10000, 0.0, 0.0,
                         total, balance_total, cur.name, "payment_term", day, due, order["name_move"]))  # fmt: skip
        move_rows.append((order["move"], "out_invoice", partner["id"], order["name_move"], order["prefix"],
                          order["number"], day, due, total, balance_total, rates.from_company(cur, day), cur.name,
                          order["name_move"], None, m["users"][partner["channel"]][partner["user"]].id,
                          m["teams"][partner["channel"]].id, order["name"], fiscal[partner["country"]]))  # fmt: skip
    for refund in refunds:
        order, line = refund["order"], refund["order"]["lines"][refund["line"]]
        partner = order["partner"]
        cur = currency[partner["currency"]]
        day = refund["date"]
        amount = float_round(refund["qty"] * line["price"], precision_rounding=cur.rounding)
        balance = float_round(amount * rates.to_company(cur, day), precision_rounding=company_currency.rounding)
        pk = line["product"]
        aml_rows.append((refund["aml"], refund["move"], partner["id"], products[pk].id, product_label[pk], 1,
                         refund["qty"], line["price"], amount, balance, cur.name, "product", day, None,
                         refund["name_move"]))  # fmt: skip
        aml_rows.append((refund["term"], refund["move"], partner["id"], None, "", 10000, 0.0, 0.0, -amount, -balance,
                         cur.name, "payment_term", day, day, refund["name_move"]))  # fmt: skip
        move_rows.append((refund["move"], "out_refund", partner["id"], refund["name_move"], refund["prefix"],
                          refund["number"], day, day, amount, balance, rates.from_company(cur, day), cur.name, None,
                          order["move"], m["users"][partner["channel"]][partner["user"]].id,
                          m["teams"][partner["channel"]].id, None, fiscal[partner["country"]]))  # fmt: skip
    return order_rows, sol_rows, move_rows, aml_rows, rel_rows


def insert_orders(env, tmpl, order_ids, order_rows, sol_rows):
    """The confirmed orders and their lines, copies of the template order of their currency."""
    cr = env.cr
    load(cr, "gen_order", "id int, name varchar, partner int, ordered timestamp, total numeric, margin numeric, "
         "margin_percent float8, rate numeric, cur varchar, user_id int, team int, fpos int", order_rows)  # fmt: skip
    order_tmpl = {code: d["order"].id for code, d in tmpl.items()}
    cases = " ".join(f"WHEN '{code}' THEN {oid}" for code, oid in order_tmpl.items())
    copy_from(cr, "sale_order", "gen_order", f"t.id = CASE g.cur {cases} END", {
        "name": "g.name", "partner_id": "g.partner", "partner_invoice_id": "g.partner",
        "partner_shipping_id": "g.partner", "date_order": "g.ordered", "amount_untaxed": "g.total",
        "amount_total": "g.total", "amount_tax": "0", "margin": "g.margin", "margin_percent": "g.margin_percent",
        "currency_rate": "g.rate", "user_id": "g.user_id", "team_id": "g.team", "fiscal_position_id": "g.fpos",
        "date_order_received": "g.ordered", "create_date": "g.ordered", "write_date": "g.ordered",
        # no delivery is copied: sale_stock's status of an order without pickings
        "delivery_status": "NULL",
    })  # fmt: skip
    load(cr, "gen_order_line", "id int, order_id int, partner int, product int, name varchar, seq int, qty numeric, "
         "price numeric, subtotal numeric, cost numeric, margin numeric, margin_percent float8, cur varchar",
         sol_rows)  # fmt: skip
    sol_tmpl = " ".join(f"WHEN '{code}' THEN {d['order_line'].id}" for code, d in tmpl.items())
    copy_from(cr, "sale_order_line", "gen_order_line", f"t.id = CASE g.cur {sol_tmpl} END", {
        "order_id": "g.order_id", "order_partner_id": "g.partner", "product_id": "g.product", "name": "g.name",
        "sequence": "g.seq", "product_uom_qty": "g.qty", "qty_invoiced": "g.qty", "qty_to_invoice": "0",
        "price_unit": "g.price", "price_subtotal": "g.subtotal", "price_total": "g.subtotal", "price_tax": "0",
        "price_reduce_taxexcl": "g.price", "price_reduce_taxinc": "g.price", "purchase_price": "g.cost",
        "margin": "g.margin", "margin_percent": "g.margin_percent", "untaxed_amount_invoiced": "g.subtotal",
        "untaxed_amount_to_invoice": "0", "invoice_status": "'invoiced'",
        "risk_partner_id": "g.partner", "salesman_id": "(SELECT user_id FROM sale_order so WHERE so.id = g.order_id)",
        "create_date": "(SELECT date_order FROM sale_order so WHERE so.id = g.order_id)",
    })  # fmt: skip
    cr.execute("UPDATE sale_order SET state = 'sale', invoice_status = 'invoiced' WHERE id = ANY(%s)", (order_ids,))


def insert_invoices(env, tmpl, move_rows, aml_rows, rel_rows):
    """The posted invoices and credit notes with their lines, copies of the templates of their currency."""
    cr = env.cr
    load(cr, "gen_move", "id int, type varchar, partner int, name varchar, prefix varchar, number int, day date, "
         "due date, total numeric, balance numeric, rate numeric, cur varchar, ref varchar, reversed int, "
         "user_id int, team int, origin varchar, fpos int", move_rows)  # fmt: skip
    move_tmpl = " ".join(
        f"WHEN g.cur = '{code}' AND g.type = 'out_invoice' THEN {d['invoice'].id} "
        f"WHEN g.cur = '{code}' THEN {d['refund'].id}"
        for code, d in tmpl.items()
    )
    copy_from(cr, "account_move", "gen_move", f"t.id = CASE {move_tmpl} END", {
        "name": "g.name", "sequence_prefix": "g.prefix", "sequence_number": "g.number", "state": "'posted'",
        "partner_id": "g.partner", "commercial_partner_id": "g.partner", "partner_shipping_id": "g.partner",
        "invoice_partner_display_name": "(SELECT name FROM res_partner p WHERE p.id = g.partner)",
        "date": "g.day", "invoice_date": "g.day", "invoice_date_due": "g.due", "payment_reference": "g.ref",
        "amount_untaxed": "g.total", "amount_total": "g.total", "amount_residual": "g.total", "amount_tax": "0",
        "amount_untaxed_signed": "CASE g.type WHEN 'out_invoice' THEN g.balance ELSE -g.balance END",
        "amount_total_signed": "CASE g.type WHEN 'out_invoice' THEN g.balance ELSE -g.balance END",
        "amount_residual_signed": "CASE g.type WHEN 'out_invoice' THEN g.balance ELSE -g.balance END",
        "amount_tax_signed": "0",
        "amount_total_in_currency_signed": "CASE g.type WHEN 'out_invoice' THEN g.total ELSE -g.total END",
        "amount_untaxed_in_currency_signed": "CASE g.type WHEN 'out_invoice' THEN g.total ELSE -g.total END",
        "invoice_currency_rate": "g.rate", "reversed_entry_id": "g.reversed", "payment_state": "'not_paid'",
        "invoice_user_id": "g.user_id", "team_id": "g.team", "made_sequence_gap": "false",
        "create_date": "g.day::timestamp", "write_date": "g.day::timestamp",
        "invoice_origin": "g.origin", "fiscal_position_id": "g.fpos",
    })  # fmt: skip

    # invoice and credit note lines, linked to their order lines -----------
    line_tmpl = {}
    for code, d in tmpl.items():
        line_tmpl[code, "out_invoice", "product"] = d["invoice_line"].id
        line_tmpl[code, "out_invoice", "payment_term"] = d["invoice_term"].id
        line_tmpl[code, "out_refund", "product"] = d["refund_line"].id
        line_tmpl[code, "out_refund", "payment_term"] = d["refund_term"].id
    move_type = {row[0]: row[1] for row in move_rows}
    aml_rows = [(*row[:10], line_tmpl[row[10], move_type[row[1]], row[11]], row[11], *row[12:]) for row in aml_rows]
    load(cr, "gen_line", "id int, move int, partner int, product int, name varchar, seq int, qty numeric, "
         "price numeric, amount numeric, balance numeric, tmpl int, kind varchar, day date, maturity date, "
         "move_name varchar", aml_rows)  # fmt: skip
    copy_from(cr, "account_move_line", "gen_line", "t.id = g.tmpl", {
        "move_id": "g.move", "partner_id": "g.partner", "product_id": "g.product", "name": "NULLIF(g.name, '')",
        "sequence": "g.seq", "quantity": "g.qty", "price_unit": "g.price", "amount_currency": "g.amount",
        "balance": "g.balance", "debit": "GREATEST(g.balance, 0)", "credit": "GREATEST(-g.balance, 0)",
        "price_subtotal": "CASE g.kind WHEN 'product' THEN abs(g.amount) ELSE t.price_subtotal END",
        "price_total": "CASE g.kind WHEN 'product' THEN abs(g.amount) ELSE t.price_total END",
        "amount_residual": "CASE g.kind WHEN 'payment_term' THEN g.balance ELSE 0 END",
        "amount_residual_currency": "CASE g.kind WHEN 'payment_term' THEN g.amount ELSE 0 END",
        "reconciled": "false", "matching_number": "NULL", "date": "g.day", "invoice_date": "g.day",
        "date_maturity": "g.maturity", "move_name": "g.move_name", "parent_state": "'posted'",
        "create_date": "g.day::timestamp", "write_date": "g.day::timestamp",
    })  # fmt: skip
    load(cr, "gen_rel", "invoice_line_id int, order_line_id int", rel_rows)
    cr.execute("INSERT INTO sale_order_line_invoice_rel (invoice_line_id, order_line_id) SELECT * FROM gen_rel")


def order_history(env, ids, order_ids):
    """Each customer's order history (crm_foreign_trade keeps it on the partner), then the ORM's computes."""
    cr = env.cr
    cr.execute(
        """UPDATE res_partner p SET first_order_date = h.first, last_order_date = h.last, confirmed_order_count = h.n
             FROM (SELECT partner_id, MIN(date_order) AS first, MAX(date_order) AS last, COUNT(*) AS n
                     FROM sale_order WHERE id = ANY(%s) GROUP BY partner_id) h
            WHERE p.id = h.partner_id""",
        (order_ids,),
    )
    recompute(env, "res.partner", ids, PARTNER_COMPUTED)


def insert_opportunities(env, m, leads, template_lead):
    """The opportunities, copies of the template one, and their stage history; (their ids, the history's size)."""
    cr, company, countries = env.cr, m["company"], m["countries"]
    stage_probability = {s.id: p for s, p in zip(m["open_stages"], STAGE_PROBABILITIES, strict=False)}
    lead_ids = new_ids(cr, "crm_lead", len(leads))
    lead_rows, log_rows = [], []
    for lead, lid in zip(leads, lead_ids, strict=True):
        partner = lead["partner"]
        channel = partner["channel"] if partner else "direct_export"
        user = m["users"][channel][partner["user"] if partner else 0].id
        team = m["teams"][channel].id
        stages = m["open_stages"]
        stage = stages[0]
        revenue = lead["revenue"]

        def row(when, kind, stage_from, stage_to, probability, lid=lid, revenue=revenue, user=user, team=team):
            log_rows.append((lid, when, stage_from, stage_to, kind, revenue, probability, user, team, company.id))

        row(lead["created"], "stage", None, stage.id, stage_probability.get(stage.id, 10.0))
        last_change = lead["created"]
        for position, when in lead["moves"]:
            if stages[position] != stage:
                row(when, "stage", stage.id, stages[position].id, stage_probability.get(stages[position].id, 10.0))
                stage, last_change = stages[position], when
        fate, closed = lead["fate"], lead["closed"]
        probability = stage_probability.get(stage.id, 10.0)
        if fate == "won":
            row(closed, "won", stage.id, m["won"].id, 100.0)
            stage, last_change, probability = m["won"], closed, 100.0
        elif fate == "lost":
            row(closed, "lost", stage.id, stage.id, 0.0)
            probability = 0.0
        lead_rows.append((
            lid, lead["name"], partner["id"] if partner else None, partner["name"] if partner else None, user,
            team, stage.id, revenue, probability, round(revenue * probability / 100.0, 2), fate != "lost",
            m["reasons"][lead["reason"]].id if fate == "lost" else None, closed, lead["created"], last_change,
            countries[partner["country"]].id if partner else None, partner["class"] if partner else None,
            abs((closed - lead["created"]).days) if closed else None,
        ))  # fmt: skip
    load(cr, "gen_lead", "id int, name varchar, partner int, partner_name varchar, user_id int, team int, "
         "stage int, revenue numeric, probability float8, prorated numeric, active bool, reason int, "
         "closed timestamp, created timestamp, changed timestamp, country int, class varchar, day_close float8",
         lead_rows)  # fmt: skip
    copy_from(cr, "crm_lead", "gen_lead", f"t.id = {template_lead.id}", {
        "name": "g.name", "partner_id": "g.partner", "partner_name": "g.partner_name", "user_id": "g.user_id",
        "team_id": "g.team", "stage_id": "g.stage", "expected_revenue": "g.revenue",
        "probability": "g.probability", "automated_probability": "g.probability", "prorated_revenue": "g.prorated",
        "active": "g.active", "lost_reason_id": "g.reason", "date_closed": "g.closed", "date_open": "g.created",
        "date_last_stage_update": "g.changed", "create_date": "g.created", "write_date": "g.changed",
        "country_id": "g.country", "customer_country_id": "g.country", "customer_class": "g.class",
        "day_open": "0", "day_close": "g.day_close",
    })  # fmt: skip
    load(cr, "gen_log", "lead_id int, date timestamp, stage_from_id int, stage_to_id int, kind varchar, "
         "expected_revenue numeric, probability float8, user_id int, team_id int, company_id int",
         log_rows)  # fmt: skip
    cr.execute(
        """INSERT INTO crm_lead_stage_log (lead_id, date, stage_from_id, stage_to_id, kind, expected_revenue,
                                           probability, user_id, team_id, company_id, create_uid, write_uid,
                                           create_date, write_date)
           SELECT g.*, %(uid)s, %(uid)s, g.date, g.date FROM gen_log g""",
        {"uid": env.uid},
    )
    recompute(env, "crm.lead", lead_ids, LEAD_COMPUTED)
    return lead_ids, len(log_rows)


STAGE_PROBABILITIES = (10.0, 30.0, 60.0, 80.0, 90.0)
# stored computed fields of the copies that depend on what the copies change, and that SQL does not set
PARTNER_COMPUTED = (
    "collision_name_key",
    "is_new_customer",
    "lifecycle_stage",
    "in_public_pool",
    "peppol_eas",
    "peppol_endpoint",
)
LEAD_COMPUTED = ("decision_tree_warning",)
ANALYZED = ("res_partner", "sale_order", "sale_order_line", "account_move", "account_move_line",
            "sale_order_line_invoice_rel", "crm_lead", "crm_lead_stage_log")  # fmt: skip
RECOMPUTE_BATCH = 5000


def recompute(env, model, ids, fnames):
    """Recompute stored fields `fnames` of the records `ids` through the ORM, in batches (the cache emptied
    between them)."""
    env.invalidate_all()  # what the ORM read before the SQL changed it
    records = env[model].with_context(active_test=False)
    for start in range(0, len(ids), RECOMPUTE_BATCH):
        batch = records.browse(ids[start : start + RECOMPUTE_BATCH])
        for fname in fnames:
            env.add_to_compute(records._fields[fname], batch)
        batch.flush_recordset(list(fnames))
        env.invalidate_all()
