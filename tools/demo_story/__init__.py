"""The demo company's story (issue #16): a Dongguan cable maker's customers, money and pipeline.

`build(env)` runs inside Odoo (``odoo shell`` from `make demo`, or the tests' environment): it creates
the customers (customers.py) and two full years of their orders, invoices and payments (sales.py),
then, when present, the pipeline (pipeline.py: opportunities, visits, samples, competitors,
satisfaction) and the export orders in execution (execution.py), runs once the jobs the
analyses read (ranking of both years, sales dynamics, churn signals, lifecycle, public pool, visit
planning), and finally collects the export orders' deposits and balances (instalments.py).
Deterministic from `seed`; dates relative to `today` (the jobs read the real date: pass another
`today` only to look at the plan, not to build a database).
"""

import datetime
import logging
import random
import time

from . import customers as customers_story
from . import sales as sales_story

try:
    from . import pipeline
except ImportError:  # built by another part of the story
    pipeline = None
try:
    from . import execution
except ImportError:
    execution = None
try:
    from . import instalments
except ImportError:
    instalments = None

_logger = logging.getLogger("demo_story")

# the story's roles played by the modules' demo customers (their salespeople log in to see them)
STORY_CUSTOMERS = {
    "peak": "crm_foreign_trade.partner_wing_fat",  # A, Hong Kong: May-June peak
    "acquired": "crm_foreign_trade.partner_hongtai",  # B, transfer-factory: acquired, September gap
    "negative_margin": "crm_foreign_trade.partner_great_lakes",  # C, USA: sold below cost
    "decline": "crm_foreign_trade.partner_nordlicht",  # B, Germany: sliding into decline
    "prepayment": "crm_foreign_trade.partner_anatolia",  # the Canton Fair prospect, now a new customer
}
# the churn rules the demo company trusts (all are off after installation)
CHURN_RULES = ("overdue", "volume_drop", "complaint", "price_cut")
DYNAMICS_MIN_VOLUME = 30000
# policies that judge today's orders, off while two years of history are written, then as they were
HISTORY_POLICIES_OFF = ("credit_policy", "execution_checklists", "quotation_consistency")


def story_customers(env, customers):
    story = {}
    spare = customers.sorted("id")
    for role, xmlid in STORY_CUSTOMERS.items():
        partner = env.ref(xmlid, raise_if_not_found=False)
        if not partner:
            fallback_class = {"peak": "a", "negative_margin": "c", "prepayment": "c"}.get(role, "b")
            partner = spare.filtered(lambda p, c=fallback_class: p.customer_class == c)[-1:]
        spare -= partner
        story[role] = partner
    if not story["prepayment"].customer_class:
        story["prepayment"].customer_class = "c"
    return story


def run_jobs(env, today):
    """What the nightly jobs would have computed, once, so every analysis has its data."""
    company = env.company
    timings = {}

    def timed(name, call):
        start = time.monotonic()
        call()
        timings[name] = round(time.monotonic() - start, 1)

    # the story's consultant judges monthly dynamics from 30,000 yuan a month (Settings): the B and C customers
    # ordering a few times a year are not "dropping" in the months between their orders
    company.sudo().dynamics_min_volume = DYNAMICS_MIN_VOLUME
    Score = env["crm.customer.score"].sudo()
    timed("ranking", lambda: [Score.compute_year(year) for year in (today.year - 1, today.year)])
    timed("dynamics", lambda: env["crm.customer.sales.month"].sudo().with_company(company).compute_months())
    rules = env["crm.customer.signal.rule"].sudo()
    rules._ensure_company_rules(company)
    rules.search([("company_id", "=", company.id), ("rule", "in", CHURN_RULES)]).write({"enabled": True})
    Signal = env["crm.customer.signal"].sudo()
    candidates = env["res.partner"].sudo().search(Signal._churn_candidate_domain())
    timed("churn", lambda: Signal._evaluate(candidates))
    candidates.write({"churn_evaluated_on": today})
    Partner = env["res.partner"].sudo()
    timed("lifecycle", Partner._cron_recompute_customer_profile)
    timed("pool", Partner.with_context(pool_cron_no_commit=True)._cron_public_pool)
    timed("visit_plan", env["crm.visit.plan"].sudo()._cron_plan_visits)
    return timings


def facts_of(env, customers, story, today):
    """Counts a consultant (and the test) checks the story by."""
    year_start = datetime.datetime(today.year, 1, 1)
    active = env["sale.order"].search(
        [("state", "=", "sale"), ("date_order", ">=", year_start), ("partner_id", "in", customers.ids)]
    )
    customers.invalidate_recordset()
    facts = {
        "customers": len(customers),
        "active_current_year": len(active.partner_id.commercial_partner_id),
        "contacts": env["res.partner"].search_count([("parent_id", "in", customers.ids)]),
        "by_class": {},
        "by_channel": {},
        "by_region": {},
        "by_lifecycle": {},
        "story": {role: partner.name for role, partner in story.items()},
    }
    for partner in customers:
        for key, value in (
            ("by_class", partner.customer_class or "none"),
            ("by_channel", partner.trade_channel or "none"),
            ("by_region", partner.country_id.code or "none"),
            ("by_lifecycle", partner.lifecycle_stage or "none"),
        ):
            facts[key][value] = facts[key].get(value, 0) + 1
    return facts


def build(env, seed=2026, today=None, scale=1.0):
    """Build the demo story in `env`'s company; returns (and logs) its facts.

    `scale`: the share of the ~250 customers to create (the tests build a smaller company: every story
    is there, with fewer customers around it).
    """
    today = today or datetime.date.today()
    rng = random.Random(seed)
    started = time.monotonic()
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))
    company = env.company.sudo()
    saved = {name: company[name] for name in HISTORY_POLICIES_OFF if name in company._fields}
    company.write(dict.fromkeys(saved, False))
    total = max(len(customers_story.DEMO_CUSTOMERS) + 20, round(customers_story.TOTAL_CUSTOMERS * scale))
    customers, _demo, _factory = customers_story.build(env, rng, total)
    story = story_customers(env, customers)
    sales_facts = sales_story.build(env, rng, customers, story, today)
    company.write(saved)
    facts = {"sales": sales_facts, "seconds": {"customers_and_sales": round(time.monotonic() - started, 1)}}
    for name, part in (("pipeline", pipeline), ("execution", execution)):
        if part:
            step = time.monotonic()
            facts[name] = part.build(env, rng, customers, today)
            facts["seconds"][name] = round(time.monotonic() - step, 1)
    facts["seconds"]["jobs"] = run_jobs(env, today)
    if instalments and execution:
        # after tonight's churn run: the customers' first reminders go out tonight too
        step = time.monotonic()
        facts["collections"] = instalments.build(env, rng, today, story["prepayment"])
        facts["seconds"]["collections"] = round(time.monotonic() - step, 1)
    facts.update(facts_of(env, customers, story, today))
    facts["seconds"]["total"] = round(time.monotonic() - started, 1)
    _logger.info("Demo story built: %s", facts)
    return facts
