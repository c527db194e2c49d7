"""Interrupted jobs: every cron of the four modules, killed mid-run, resumes without doing anything twice; two
workers running the same cron at once do not double-act.

The promise, one row per cron (CRONS below): the cron's xml id, what it produces and how the suite counts it.

Each scenario works on its own copy of the `make test` database (`CREATE DATABASE .. TEMPLATE`, dropped after):

- prepared ("golden"): every policy the crons follow switched on and work for each cron made (customers idle
  for months, overdue work reports, late steps, passed ETAs, letters of credit close to their dates, sent
  samples followed by orders, invoices to rank and to chart, complaints); the batched crons get a batch size
  that gives them several batches.
- twin: each cron run by Odoo's scheduler (`ir.cron._acquire_one_job` + `_process_job`) until it is no longer
  due, uninterrupted. Its figures are the reference.
- killed: each cron started by the scheduler in a forked worker that is SIGKILLed in the middle of a batch (the
  batch's writes flushed, not committed; for a batched cron after its first batch was committed, which the
  suite checks in the database before the kill), then run again by the scheduler until done.
- raced through the scheduler: two workers acquire and process the same cron at the same time.
- raced directly: two workers call the cron's server action at the same time, in batches as the scheduler
  would, without the scheduler's lock (a "Run manually" next to the scheduled run, or two servers); a worker
  that meets the other's writes (serialization failure, unique index) rolls back and tries again.

Each copy must end with the twin's figures for every cron: the same flags, rows and totals, the same activities
and messages, and no activity twice. The summary line ("interrupted jobs") gives the crons covered, the runs
killed, the direct calls retried after meeting the other worker and the records compared; the scheduler's own
conflicts are in the log ("server action .. failed", a serialization failure: that run wrote nothing).
"""

import os
import select
import signal
import subprocess
import threading
import time
from dataclasses import dataclass

import pytest

# (model, method, call): the forked worker blocks (and is killed) after that call of the method returned and
# its writes were flushed, before the scheduler's commit
NOTIFY_2 = ("ir.cron", "_notify_progress", 2)


@dataclass
class Cron:
    xmlid: str
    produces: str
    counted: str
    units: str  # SQL: one number, what the cron has written so far (committed)
    fingerprints: tuple  # SQL: rows that must be the twin's
    kill: tuple  # where the forked worker is killed
    batched: bool  # commits between batches: a kill keeps the batches done
    code: str = ""  # the cron's code with a small batch (empty: as installed)


CRONS = [
    Cron(
        "crm_foreign_trade.ir_cron_recompute_customer_profile",
        "new-customer flag and lifecycle stage of each customer with history, customers stamped checked (batches)",
        "customers whose stale stage the run corrected; stage and flag of every partner",
        "SELECT count(*) FROM res_partner WHERE first_order_date IS NOT NULL AND lifecycle_stage != 'potential'",
        ("SELECT id, lifecycle_stage, is_new_customer FROM res_partner ORDER BY id",),
        NOTIFY_2,
        True,
        "model._cron_recompute_customer_profile(batch_size=2)",
    ),
    Cron(
        "crm_foreign_trade.ir_cron_public_pool",
        "warning activity to the owner, then the customer back in the pool with an ownership move (batches)",
        "warned customers + automatic returns; owner, warning and last interaction of every company; moves",
        "SELECT (SELECT count(*) FROM crm_customer_pool_move WHERE move_type = 'release_auto')"
        " + (SELECT count(*) FROM res_partner WHERE pool_warning_date IS NOT NULL)",
        (
            (
                "SELECT id, user_id, pool_warning_date IS NOT NULL, last_interaction_date FROM res_partner"
                " WHERE is_company ORDER BY id"
            ),
            (
                "SELECT partner_id, from_user_id, move_type, count(*) FROM crm_customer_pool_move GROUP BY 1, 2, 3"
                " ORDER BY 1, 2, 3"
            ),
        ),
        ("res.partner", "_pool_process_batch", 2),
        True,
        "model._cron_public_pool(batch_size=2)",
    ),
    Cron(
        "crm_foreign_trade.ir_cron_sample_conversion",
        # batches of 500: here one, killed before it committed
        "sent samples linked to the first order that followed, with its amount (batches)",
        "converted samples; order and amount of every sample",
        "SELECT count(*) FROM crm_sample_request WHERE converted_order_id IS NOT NULL",
        ("SELECT id, converted_order_id, converted_amount FROM crm_sample_request ORDER BY id",),
        ("crm.sample.request", "_update_conversions", 1),
        False,
    ),
    Cron(
        "crm_foreign_trade.ir_cron_plan_visits",
        "planned visits and their visit activities (one transaction)",
        "planned visits; visits per customer, visitor, role and day",
        "SELECT count(*) FROM crm_visit_plan",
        (
            (
                "SELECT partner_id, user_id, visitor_role, date_due, state, count(*) FROM crm_visit_plan"
                " GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5"
            ),
        ),
        ("crm.visit.plan", "_cron_plan_visits", 1),
        False,
    ),
    Cron(
        "crm_customer_scoring.ir_cron_evaluate_churn_signals",
        "churn warning signs (and their activities and messages), customers stamped evaluated (batches)",
        "customers evaluated today; signs per customer, rule and state",
        "SELECT count(*) FROM res_partner WHERE churn_evaluated_on IS NOT NULL",
        (
            (
                "SELECT partner_id, company_id, rule, state, count(*) FROM crm_customer_signal GROUP BY 1, 2, 3, 4"
                " ORDER BY 1, 2, 3, 4"
            ),
            "SELECT id, churn_evaluated_on FROM res_partner ORDER BY id",
        ),
        NOTIFY_2,
        True,
    ),
    Cron(
        "crm_customer_scoring.ir_cron_customer_ranking",
        "the year's ranking rows computed from the pending ones, then ranked (batches, SKIP LOCKED)",
        "computed rows; sales, score and rank of every row",
        "SELECT count(*) FROM crm_customer_score WHERE NOT needs_compute",
        (
            (
                "SELECT partner_id, year, annual_sales, final_score, rank, needs_compute FROM crm_customer_score"
                " ORDER BY partner_id, year"
            ),
        ),
        NOTIFY_2,
        True,
        # two batches: two workers starting together take one each, and each sees the other's rows pending
        "model._cron_recompute_ranking(batch_size=3)",
    ),
    Cron(
        "crm_customer_scoring.ir_cron_compute_sales_months",
        "monthly sales rows of each customer with their flags (batches)",
        "customers with months; amount, quantity and flag of every month",
        "SELECT count(DISTINCT partner_id) FROM crm_customer_sales_month",
        (
            (
                "SELECT partner_id, company_id, month, amount, quantity, flag FROM crm_customer_sales_month"
                " ORDER BY 1, 2, 3"
            ),
        ),
        NOTIFY_2,
        True,
        "model._cron_compute_sales_months(batch_size=1)",
    ),
    Cron(
        "crm_customer_scoring.ir_cron_work_report_overdue",
        "one overdue activity per overdue work report (batches)",
        "reports flagged; flag of every report",
        "SELECT count(*) FROM crm_work_report WHERE overdue_notified",
        ("SELECT id, overdue_notified FROM crm_work_report ORDER BY id",),
        NOTIFY_2,
        True,
        "model._cron_flag_overdue(batch_size=1)",
    ),
    Cron(
        "crm_order_execution.ir_cron_flag_late_steps",
        "late steps flagged, an activity to the branch manager (batches)",
        "steps flagged late; flag of every step",
        "SELECT count(*) FROM sale_execution_step WHERE is_late",
        ("SELECT id, is_late FROM sale_execution_step ORDER BY id",),
        NOTIFY_2,
        True,
        "model._cron_flag_late_steps(batch_size=2)",
    ),
    Cron(
        "crm_order_execution.ir_cron_alert_eta_passed",
        "arrival steps past their ETA: a warning to the salesperson and the clerk (batches)",
        "steps alerted; alert flag of every step",
        "SELECT count(*) FROM sale_execution_step WHERE eta_alert_sent",
        ("SELECT id, eta_alert_sent FROM sale_execution_step ORDER BY id",),
        NOTIFY_2,
        True,
        "model._cron_alert_eta_passed(batch_size=1)",
    ),
    Cron(
        "crm_order_execution.ir_cron_warn_letter_credit",
        "shipment and expiry warnings of letters of credit (batches)",
        "warnings sent; both flags of every L/C",
        "SELECT count(*) FILTER (WHERE shipment_warning_sent) + count(*) FILTER (WHERE expiry_warning_sent)"
        " FROM sale_letter_credit",
        ("SELECT id, shipment_warning_sent, expiry_warning_sent FROM sale_letter_credit ORDER BY id",),
        NOTIFY_2,
        True,
        "model._cron_warn_deadlines(batch_size=1)",
    ),
    Cron(
        "crm_customer_scoring.ir_cron_refresh_collections",
        "what was received on each open instalment and its state, instalments stamped checked (batches)",
        "instalments checked today; received amount and state of every instalment",
        "SELECT count(*) FROM sale_order_instalment WHERE received_checked_on = current_date",
        ("SELECT id, amount_received, state, received_checked_on FROM sale_order_instalment ORDER BY id",),
        NOTIFY_2,
        True,
        "model._cron_refresh_collections(batch_size=2)",
    ),
    Cron(
        "crm_customer_scoring.ir_cron_dun_overdue_instalments",
        "overdue instalments dunned once per level: a reminder to the customer (batches)",
        "instalments dunned; dunning level and date of every instalment",
        "SELECT count(*) FROM sale_order_instalment WHERE dunning_level > 0",
        ("SELECT id, dunning_level, date_last_dunning, dunning_checked_on FROM sale_order_instalment ORDER BY id",),
        NOTIFY_2,
        True,
        "model._cron_dun_overdue_instalments(batch_size=2)",
    ),
]

# what every cron leaves for people: activities and messages created after the preparation (marks in ir_config)
# records the crons create get other ids in each copy (a killed transaction used some): their customer instead
SIGNAL_CUSTOMER = "(SELECT 'customer ' || s.partner_id || ' ' || s.rule FROM crm_customer_signal s WHERE s.id = res_id)"
ACTIVITIES = (
    "SELECT res_model, CASE WHEN res_model = 'crm.customer.signal' THEN " + SIGNAL_CUSTOMER + " ELSE res_id::text END,"
    " activity_type_id, user_id, summary, count(*) FROM mail_activity"
    " WHERE id > (SELECT value::int FROM ir_config_parameter WHERE key = 'jobs_test.activity_mark')"
    " GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5"
)
MESSAGES = (
    "SELECT model, CASE WHEN model = 'crm.customer.signal' THEN " + SIGNAL_CUSTOMER + " ELSE res_id::text END,"
    " message_type, subtype_id, count(*) FROM mail_message"
    " WHERE id > (SELECT value::int FROM ir_config_parameter WHERE key = 'jobs_test.message_mark')"
    " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
)
BLOCK_TIMEOUT = 120
MEET_TIMEOUT = 1.0


# ----------------------------------------------------------------------------------------------------------
# databases
# ----------------------------------------------------------------------------------------------------------
def admin_execute(sql):
    import odoo

    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(sql)


def copy_database(source, target):
    """`target` as a copy of `source` and its filestore. A template must have no other session: when one is
    connected (the session's Odoo server on the `make test` database), pg_dump | pg_restore instead."""
    import shutil

    from psycopg2 import errors

    import odoo
    from odoo.tools import SQL

    drop_database(target)
    odoo.sql_db.close_db(source)
    try:
        admin_execute(SQL("CREATE DATABASE %s TEMPLATE %s", SQL.identifier(target), SQL.identifier(source)))
    except errors.ObjectInUse:
        admin_execute(SQL("CREATE DATABASE %s", SQL.identifier(target)))
        args = pg_args()
        dump = subprocess.Popen(["pg_dump", *args, "-Fc", source], stdout=subprocess.PIPE)
        subprocess.run(["pg_restore", *args, "--no-owner", "-d", target], stdin=dump.stdout, check=True)
        assert dump.wait() == 0, f"pg_dump {source} failed"
    filestore = odoo.tools.config.filestore(source)
    if os.path.isdir(filestore):
        shutil.copytree(filestore, odoo.tools.config.filestore(target))


def pg_args():
    from odoo.tools import config

    args = []
    if config["db_host"]:
        args += ["-h", config["db_host"]]
    if config["db_port"]:
        args += ["-p", str(config["db_port"])]
    if config["db_user"]:
        args += ["-U", config["db_user"]]
    return args


def drop_database(name):
    import shutil

    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools import SQL

    Registry.delete(name)
    odoo.sql_db.close_db(name)
    admin_execute(SQL("DROP DATABASE IF EXISTS %s WITH (FORCE)", SQL.identifier(name)))
    shutil.rmtree(odoo.tools.config.filestore(name), ignore_errors=True)


def wait_for_no_session(dbname):
    """A killed worker's backend is gone (its transaction rolled back, its locks released)."""
    import odoo

    deadline = time.monotonic() + 30
    while True:
        with odoo.sql_db.db_connect("postgres").cursor() as cr:
            cr.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [dbname])
            if not cr.fetchone()[0]:
                return
        assert time.monotonic() < deadline, f"sessions of {dbname} still open 30 s after the kill"
        time.sleep(0.05)


def query(registry, sql):
    with registry.cursor() as cr:
        cr.execute(sql)
        return cr.fetchall()


def figures(registry):
    """{name: rows} of every fingerprint of every cron, with the activities and messages."""
    result = {"activities": query(registry, ACTIVITIES), "messages": query(registry, MESSAGES)}
    for cron in CRONS:
        for number, sql in enumerate(cron.fingerprints):
            result[f"{cron.xmlid} #{number}"] = query(registry, sql)
    return result


# ----------------------------------------------------------------------------------------------------------
# the work of each cron
# ----------------------------------------------------------------------------------------------------------
def prepare(env):
    """Policies on and work for every cron, in the golden copy (committed by the caller)."""
    from dateutil.relativedelta import relativedelta

    from odoo import Command, fields

    cr = env.cr
    today = fields.Date.context_today(env["res.users"])
    company = env.ref("base.main_company")
    company.write(
        {"pool_enabled": True, "visit_planning": True, "pool_days_a": 30, "pool_days_b": 30, "pool_days_c": 30,
         "pool_days_unclassified": 30, "pool_warning_days": 7, "execution_lc_warning_days": 7}
    )  # fmt: skip
    env.flush_all()
    owned = env["res.partner"].search(
        [("user_id", "!=", False), ("is_company", "=", True), ("parent_id", "=", False)], order="id"
    )
    assert len(owned) >= 6, "the demo's owned customers are the pool's and the visits' work"
    # the public pool: half the owned customers idle for 100 days (returned), the others for 25 (warned)
    for days, partners in ((100, owned[::2]), (25, owned[1::2])):
        ids = [tuple(partners.ids)]
        cr.execute(
            "UPDATE res_partner SET owner_since = now() at time zone 'UTC' - %s * interval '1 day', "
            "create_date = now() at time zone 'UTC' - %s * interval '1 day', pool_warning_date = NULL "
            "WHERE id IN %s",
            [days, days, *ids],
        )
        cr.execute(
            "UPDATE mail_message SET date = now() at time zone 'UTC' - %s * interval '1 day' "
            "WHERE model = 'res.partner' AND res_id IN %s",
            [days, *ids],
        )
        cr.execute(
            "UPDATE mail_message m SET date = now() at time zone 'UTC' - %s * interval '1 day' FROM crm_lead l "
            "WHERE m.model = 'crm.lead' AND m.res_id = l.id AND l.partner_id IN "
            "(SELECT id FROM res_partner WHERE commercial_partner_id IN %s)",
            [days, *ids],
        )
        cr.execute(
            "UPDATE sale_order SET date_order = now() at time zone 'UTC' - %s * interval '1 day' "
            "WHERE partner_id IN (SELECT id FROM res_partner WHERE commercial_partner_id IN %s)",
            [days, *ids],
        )
        cr.execute(
            "UPDATE crm_visit_report SET visit_date = current_date - %s WHERE partner_id IN "
            "(SELECT id FROM res_partner WHERE commercial_partner_id IN %s)",
            [days, *ids],
        )
    env.invalidate_all()
    # everyone follows the customers already: a race must not be saved by the followers' unique key
    owned.message_subscribe(partner_ids=env["res.users"].search([("share", "=", False)]).partner_id.ids)
    product = env["sale.order.line"].search([("order_id.state", "=", "sale")], limit=1).product_id
    # samples sent 5 days before a confirmed order of their product
    orders = env["sale.order"].search([("state", "=", "sale")], order="id")
    by_customer = {}
    for order in orders:
        by_customer.setdefault(order.partner_id.commercial_partner_id, order)
    samples = env["crm.sample.request"]
    for partner, order in list(by_customer.items())[:4]:
        line = order.order_line.filtered("product_id")[:1]
        samples |= samples.create(
            {
                "partner_id": partner.id,
                "line_ids": [Command.create({"product_id": line.product_id.id, "quantity": 1, "unit_cost": 10})],
            }
        )
        samples[-1:].write({"state": "sent", "sent_date": order.date_order.date() - relativedelta(days=5)})
    # invoices for the ranking, the sales months and the churn signs
    invoiced = owned[:6]
    moves = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": today,
                "invoice_date_due": today,
                "invoice_line_ids": [
                    Command.create({"product_id": product.id, "quantity": 1 + n, "price_unit": 1000.0, "tax_ids": []})
                ],
            }
            for n, partner in enumerate(invoiced)
        ]
    )
    moves.action_post()
    env["crm.customer.score"].with_company(company)._mark_year(today.year)
    # churn: complaints of four customers, the complaint rule on
    env["crm.customer.signal.rule"].search([("company_id", "=", company.id), ("rule", "=", "complaint")]).write(
        {"enabled": True}
    )
    env["crm.customer.feedback"].create(
        [
            {"partner_id": partner.id, "kind": "complaint", "date": today, "description": "Cable jackets cracked"}
            for partner in invoiced[:4]
        ]
    )
    cr.execute("UPDATE res_partner SET churn_evaluated_on = NULL")
    # work reports overdue: three salespeople's weekly reports of a month ago
    users = owned.user_id | env.ref("base.user_admin")
    monday = today - relativedelta(days=today.weekday() + 28)
    env["crm.work.report"].create(
        [{"user_id": user.id, "period": "weekly", "date_from": monday, "company_id": company.id} for user in users]
    )
    # late steps, passed ETAs, letters of credit close to their dates
    cr.execute("UPDATE sale_execution_step SET date_planned = current_date - 3, is_late = false "
               "WHERE state IN ('todo', 'in_progress')")  # fmt: skip
    cr.execute(
        "UPDATE sale_order SET date_eta = current_date - 2 WHERE id IN "
        "(SELECT order_id FROM sale_execution_step WHERE milestone = 'arrival' AND state IN ('todo', 'in_progress'))"
    )
    cr.execute("UPDATE sale_execution_step SET eta_alert_sent = false")
    env.invalidate_all()
    lc = env["sale.letter.credit"].search([("state", "=", "received")], limit=1)
    assert lc, "the demo's received letter of credit"
    letters = lc
    for order in orders.filtered(lambda o: o != lc.order_id)[:3]:
        letters |= lc.copy({"order_id": order.id, "name": f"LC-JOBS-{order.id}"})
    letters.write({"latest_shipment_date": today + relativedelta(days=3), "date_expiry": today + relativedelta(days=5),
                   "shipment_warning_sent": False, "expiry_warning_sent": False, "state": "received"})  # fmt: skip
    # collections: three orders paid 30% before production, the balance 60 days later, both overdue
    company.collection_plans = True
    deposit_term = env.ref("account.account_payment_term_advance_60days")
    collected = orders.filtered(lambda o: o.company_id == company)[:3]
    assert len(collected) == 3, "three confirmed orders of the demo company to collect"
    collected.write({"payment_term_id": deposit_term.id})
    assert len(collected.instalment_ids) == 6, "a deposit and a balance per order"
    env.flush_all()
    cr.execute(
        "UPDATE sale_order_instalment SET date_due = current_date - 10, dunning_level = 0, date_last_dunning = NULL"
        " WHERE order_id IN %s",
        [tuple(collected.ids)],
    )
    env.invalidate_all()
    # the stale profiles the recompute corrects
    env.flush_all()
    cr.execute("UPDATE res_partner SET lifecycle_stage = 'potential' WHERE first_order_date IS NOT NULL")
    # nothing checked today yet by the daily crons that stamp what they checked
    cr.execute("UPDATE res_partner SET customer_profile_checked_on = NULL, pool_checked_on = NULL")
    cr.execute("UPDATE crm_sample_request SET conversion_checked_on = NULL")
    cr.execute("UPDATE sale_order_instalment SET received_checked_on = NULL, dunning_checked_on = NULL")
    # batch sizes giving the batched crons several batches
    churn_candidates = (
        env["res.partner"]
        .with_context(active_test=False)
        .search_count(env["crm.customer.signal"]._churn_candidate_domain())
    )
    codes = {cron.xmlid: cron.code for cron in CRONS if cron.code}
    codes["crm_customer_scoring.ir_cron_evaluate_churn_signals"] = (
        f"model._cron_evaluate_churn_signals(batch_size={max(1, churn_candidates // 4)})"
    )
    for xmlid, code in codes.items():
        env.ref(xmlid).code = code
    for key, model in (("jobs_test.activity_mark", "mail_activity"), ("jobs_test.message_mark", "mail_message")):
        cr.execute(f"SELECT coalesce(max(id), 0) FROM {model}")
        env["ir.config_parameter"].set_param(key, cr.fetchone()[0])
    env.flush_all()


# ----------------------------------------------------------------------------------------------------------
# running crons
# ----------------------------------------------------------------------------------------------------------
def cron_id(registry, xmlid):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        return api.Environment(cr, SUPERUSER_ID, {}).ref(xmlid).id


def make_due(registry, job_id):
    with registry.cursor() as cr:
        cr.execute(
            "UPDATE ir_cron SET active = true, nextcall = (now() at time zone 'UTC') - interval '1 minute' "
            "WHERE id = %s",
            [job_id],
        )


def is_due(cr, job_id):
    cr.execute(
        "SELECT 1 FROM ir_cron WHERE id = %s AND active AND (nextcall <= (now() at time zone 'UTC') OR EXISTS "
        "(SELECT 1 FROM ir_cron_trigger WHERE cron_id = %s AND call_at <= (now() at time zone 'UTC')))",
        [job_id, job_id],
    )
    return bool(cr.fetchone())


def run_by_scheduler(registry, job_id, conflicts=None):
    """Acquire and process the job as a cron worker does, until it is no longer due."""
    from psycopg2.extensions import TransactionRollbackError

    import odoo

    db = odoo.sql_db.db_connect(registry.db_name)
    IrCron = registry["ir.cron"]
    for _round in range(200):
        with db.cursor() as cron_cr:
            try:
                job = IrCron._acquire_one_job(cron_cr, job_id)
            except TransactionRollbackError:
                cron_cr.rollback()  # processed by the other worker meanwhile
                if conflicts is not None:
                    conflicts.append("acquire")
                continue
            if not job:
                if not is_due(cron_cr, job_id):
                    return
                time.sleep(0.05)  # held by the other worker
                continue
            IrCron._process_job(db, cron_cr, job)
    pytest.fail(f"cron {job_id} still due after 200 runs")


def run_directly(registry, job_id, conflicts):
    """Call the cron's server action in batches as the scheduler would, without its lock; a run that meets
    the other worker's writes rolls back and tries again."""
    from psycopg2 import IntegrityError
    from psycopg2.extensions import TransactionRollbackError

    from odoo import SUPERUSER_ID, api

    for _round in range(200):
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                cron = env["ir.cron"].browse(job_id)
                cron, progress = cron.with_user(cron.user_id)._add_progress()
                env["ir.actions.server"].browse(cron.ir_actions_server_id.id).with_env(cron.env).run()
                env.flush_all()
                done, remaining = progress.done, progress.remaining
        except Exception as exc:
            # safe_eval wraps the database's error of the cron's code in a ValueError
            cause = exc
            while cause is not None and not isinstance(cause, (TransactionRollbackError, IntegrityError)):
                cause = cause.__cause__ or cause.__context__
            if cause is None:
                raise
            conflicts.append(type(cause).__name__)
            time.sleep(0.02)
            continue
        if not remaining:
            return
    pytest.fail(f"cron {job_id} still has work after 200 batches ({done} done)")


def kill_mid_batch(registry, job_id, kill):
    """Fork a cron worker that processes the job and stops after `kill` (model, method, call number) returned
    and flushed, before the commit; SIGKILL it there. Returns what the database shows then."""
    import odoo

    model, method, call = kill
    odoo.sql_db.close_all()  # the child must not share the parent's connections
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        try:
            os.close(read_end)
            cls = registry[model]
            original = getattr(cls, method)
            calls = []

            def blocking(self, *args, **kwargs):
                result = original(self, *args, **kwargs)
                calls.append(1)
                if len(calls) == call:
                    self.env.flush_all()
                    os.write(write_end, b"B")
                    time.sleep(BLOCK_TIMEOUT * 2)
                return result

            setattr(cls, method, blocking)
            run_by_scheduler(registry, job_id)
            os.write(write_end, b"D")
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        ready, _w, _x = select.select([read_end], [], [], BLOCK_TIMEOUT)
        state = os.read(read_end, 1) if ready else b""
        assert state == b"B", {b"D": "the cron finished before the kill point: give it more work", b"": "no sign"}[
            state
        ]
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read_end)
    wait_for_no_session(registry.db_name)


# ----------------------------------------------------------------------------------------------------------
# the suite
# ----------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def databases(odoo_config, request):
    """The golden copy prepared, the scenarios' copies of it made, then the twin run on the golden copy itself:
    (twin figures, {cron: (units before, units after)}, {scenario: database})."""
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    # Odoo's configuration is parsed once, by the `registry` fixture (a second parse fails: loading a registry
    # consumes the configuration's load_language)
    request.getfixturevalue("registry")
    __, db = odoo_config
    golden = f"{db}_jobs"
    copies = {scenario: f"{golden}_{scenario}" for scenario in ("killed", "raced")}
    try:
        copy_database(db, golden)
        registry = Registry(golden)
        with registry.cursor() as cr:
            prepare(api.Environment(cr, SUPERUSER_ID, {}))
        for name in copies.values():
            copy_database(golden, name)
        units = {}
        for cron in CRONS:
            job_id = cron_id(registry, cron.xmlid)
            make_due(registry, job_id)
            before = query(registry, cron.units)[0][0]
            run_by_scheduler(registry, job_id)
            units[cron.xmlid] = (before, query(registry, cron.units)[0][0])
        twin = figures(registry)
        drop_database(golden)
        yield twin, units, copies
    finally:
        for name in (golden, *copies.values()):
            drop_database(name)


def assert_same_figures(registry, twin_figures, label):
    own = figures(registry)
    for key, rows in twin_figures.items():
        assert own[key] == rows, f"{label}: {key} differs from the uninterrupted run"
    duplicates = [row for row in own["activities"] if row[-1] > 1]
    assert not duplicates, f"{label}: activities given twice {duplicates}"
    return sum(len(rows) for rows in own.values())


def test_every_cron_does_its_work_in_the_uninterrupted_run(databases):
    _figures, units, _copies = databases
    idle = [xmlid for xmlid, (before, after) in units.items() if after <= before]
    assert not idle, f"crons with nothing to do: the suite proves nothing for {idle}"
    assert _figures["activities"] and _figures["messages"]


def test_a_cron_killed_mid_batch_resumes_without_doing_anything_twice(databases, capsys):
    from odoo.modules.registry import Registry

    twin_figures, twin_units, copies = databases
    started = time.perf_counter()
    registry = Registry(copies["killed"])
    killed = []
    for cron in CRONS:
        job_id = cron_id(registry, cron.xmlid)
        make_due(registry, job_id)
        before, after = twin_units[cron.xmlid]
        kill_mid_batch(registry, job_id, cron.kill)
        at_kill = query(registry, cron.units)[0][0]
        if cron.batched:
            # the first batch committed, the killed batch and the rest not
            assert before < at_kill < after, f"{cron.xmlid}: {at_kill} done when killed ({before} to {after})"
        else:
            assert at_kill == before, f"{cron.xmlid}: {at_kill - before} written by a killed transaction"
        killed.append((cron.xmlid, at_kill))
        run_by_scheduler(registry, job_id)
        assert query(registry, cron.units)[0][0] == after, f"{cron.xmlid} did not resume"
    records = assert_same_figures(registry, twin_figures, "killed and resumed")
    with capsys.disabled():
        print(
            f"\ninterrupted jobs: {len(CRONS)} crons covered, {len(killed)} runs killed mid-batch "
            f"({sum(1 for c in CRONS if c.batched)} after a committed batch), {records} records compared "
            f"with the uninterrupted run, {time.perf_counter() - started:.1f} s"
        )


def overlapping(registry, kill, barrier):
    """Patch the cron's kill point so that two workers wait for each other there, in the middle of their first
    batch (writes flushed, not committed), for at most MEET_TIMEOUT: a worker that waits on the other's row lock
    before it gets there (the crons' protection) lets the other go on alone."""
    model, method, _call = kill
    cls = registry[model]
    original = cls.__dict__.get(method)
    inherited = getattr(cls, method)

    met = threading.local()

    def meeting(self, *args, **kwargs):
        result = inherited(self, *args, **kwargs)
        if not getattr(met, "done", False):  # the first batch of each worker
            met.done = True
            self.env.flush_all()
            try:
                barrier.wait(timeout=MEET_TIMEOUT)
            except threading.BrokenBarrierError:
                barrier.reset()
        return result

    setattr(cls, method, meeting)

    def restore():
        if original is None:
            delattr(cls, method)
        else:
            setattr(cls, method, original)

    return restore


def test_two_workers_running_the_same_cron_at_once_do_not_double_act(databases, capsys):
    """Two scheduler workers and a direct call of the cron's server action, all at once, for each cron; the
    direct call and a scheduler worker meet in the middle of their runs."""
    from odoo.modules.registry import Registry

    twin_figures, _units, copies = databases
    started = time.perf_counter()
    registry = Registry(copies["raced"])
    conflicts = []
    for cron in CRONS:
        job_id = cron_id(registry, cron.xmlid)
        make_due(registry, job_id)
        start = threading.Barrier(3)
        errors = []

        def worker(run, job_id=job_id, start=start, errors=errors):
            try:
                start.wait(timeout=60)
                run(registry, job_id, conflicts)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(f"{type(exc).__name__}: {exc}")

        threads = [
            threading.Thread(target=worker, args=(run,)) for run in (run_by_scheduler, run_by_scheduler, run_directly)
        ]
        restore = overlapping(registry, cron.kill, threading.Barrier(2))
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            restore()
        assert not errors, f"{cron.xmlid}: {errors}"
    records = assert_same_figures(registry, twin_figures, "two workers")
    with capsys.disabled():
        print(
            f"\ninterrupted jobs, workers racing: {len(CRONS)} crons run by two scheduler workers and a direct "
            f"call at once, {len(conflicts)} direct calls or acquisitions retried after meeting the other worker, "
            f"{records} records compared, "
            f"{time.perf_counter() - started:.1f} s"
        )
