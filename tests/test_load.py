"""Load: eight people of the departments at work at once, through JSON-RPC on a multi-worker server.

A copy of the test database (dropped afterwards: the test commits) gets the policies a consultant
switches on (credit, execution checklists, public pool, duplicate check, quotation consistency,
visit planning) and a few customers, then a prefork Odoo server (several HTTP workers, no cron) on
loopback. Eight demo users (password = login) log in as the web client does
(/web/session/authenticate) and call /web/dataset/call_kw for a bounded time:

- three salespeople (zhao.wei, lin.xiaoyu, and luo.xiuying, a branch manager who sells too) create
  quotations for their customers and confirm them; a customer with a tight credit limit soon gets
  its orders held for credit approval;
- two sales managers (chen.meiling, he.jianhua) import legacy customer lists with the import wizard,
  each list with one customer the other manager's list of the same round has too, and review the
  pipeline and customer forms;
- the general manager (huang.zhiqiang) approves the orders awaiting credit approval and reviews the
  ranking list and customer forms;
- the execution clerk (zhou.min) ticks the next step of the confirmed orders' checklists;
- the accountant (sun.li) reviews customers' credit and the invoices;
- and everybody but the accountant leaves a note on one shared customer now and then.

Asserted: every call answers, no error reaches a user (no HTTP error, no server error, no
serialization failure or "could not obtain lock": Odoo retries concurrency errors itself), a
business refusal (UserError, ValidationError) only where a user alone would get it too, and no lost
write: as many orders and customers as successful calls created, each confirmed order confirmed
once with one checklist, each approval and each ticked step kept, a customer two lists share
imported once, every note on the shared customer there once. The figures are printed ("load:"):
users, calls of each kind (refused, failed), what they wrote, the concurrency errors the server
retried, the time of each phase. `make test` runs 35 s of load on 3 workers (about 2 minutes with
the copy, the server's start and the log-ins, whose first requests per worker load the Chinese
translations), `pytest -s tests/test_load.py` against a database `make test` prepared; `make bench`
(CRM_FT_BENCH_FULL=1) 3 minutes on 4 workers.
"""

import base64
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest

from conftest import ROOT, free_port
from tools.odoo_runner import wait_for_health

FULL = os.environ.get("CRM_FT_BENCH_FULL") == "1"
DURATION = 180 if FULL else 35  # seconds of load
HTTP_WORKERS = 4 if FULL else 3
TIMEOUT = 120  # seconds a call may take before it counts as unanswered
UNIT_PRICE = 1000.0
# a customer whose second or third order already exceeds its limit: held for the general manager
TIGHT_LIMIT = 2500.0
IMPORT_ROWS = 3
NOTE_EVERY = 4  # each user leaves a note on the shared customer every 4th round
REF = "LOAD"  # customer references of the orders this test creates
# server errors a user could see although Odoo retries them: their text, whatever the exception
CONCURRENCY_TEXTS = ("could not serialize", "could not obtain lock", "deadlock detected", "concurrent update")
REFUSALS = ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError")

SALESPEOPLE = ("zhao.wei", "lin.xiaoyu", "luo.xiuying")
IMPORTERS = ("chen.meiling", "he.jianhua")
GENERAL_MANAGER = "huang.zhiqiang"
CLERK = "zhou.min"
ACCOUNTANT = "sun.li"
USERS = (*SALESPEOPLE, *IMPORTERS, GENERAL_MANAGER, CLERK, ACCOUNTANT)
# the accountant reads customers but does not write on them
NOTE_USERS = tuple(login for login in USERS if login != ACCOUNTANT)
# business refusals a user alone would get too, by kind of call: {kind: [regex of the message]}. None of
# the calls above is refused to a user working alone, so any refusal under load fails the test
EXPECTED_REFUSALS = {}


# --------------------------------------------------------------------------
# The database copy and the server
# --------------------------------------------------------------------------
def copy_database(source, target):
    """`createdb -T source target` with its filestore, as Odoo's database manager duplicates one.

    A template must have no other connection: the idle ones of this process's pool are closed and
    those of other servers on it (the `odoo_server` fixture's) ended, as Odoo's duplicate does; their
    pools open new ones.
    """
    import shutil

    import odoo
    from odoo.tools import SQL

    drop_database(target)
    odoo.sql_db.close_db(source)
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid != pg_backend_pid()",
            [source],
        )
        cr.execute(SQL("CREATE DATABASE %s TEMPLATE %s", SQL.identifier(target), SQL.identifier(source)))
    filestore = odoo.tools.config.filestore(source)
    if os.path.isdir(filestore):
        shutil.copytree(filestore, odoo.tools.config.filestore(target))


def drop_database(name):
    import shutil

    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools import SQL

    Registry.delete(name)
    odoo.sql_db.close_db(name)
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(SQL("DROP DATABASE IF EXISTS %s WITH (FORCE)", SQL.identifier(name)))
    shutil.rmtree(odoo.tools.config.filestore(name), ignore_errors=True)


def odoo_bin():
    """Odoo's launcher: a prefork server starts its long-polling process with the script it was started by,
    which `python -m odoo` is not."""
    import shutil

    import odoo

    script = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
    if os.path.isfile(script):
        return [sys.executable, script]
    if shutil.which("odoo"):
        return [shutil.which("odoo")]
    pytest.skip("needs Odoo's launcher (odoo-bin or an installed `odoo` command) for a multi-worker server")


def start_server(config_path, db, log_path):
    """A prefork server (HTTP workers, no cron) on loopback; returns (process, url)."""
    port = free_port()
    cmd = [
        *odoo_bin(), "server", "-c", config_path, "-d", db, f"--db-filter=^{db}$",
        "--http-interface=127.0.0.1", f"--http-port={port}", f"--gevent-port={free_port()}",
        f"--workers={HTTP_WORKERS}", "--max-cron-threads=0", "--limit-time-real=300", "--limit-time-cpu=300",
        # warnings, and each concurrency error the server retries ("SerializationFailure, 4 tries left")
        "--log-level=warn", "--log-handler=odoo.service.model:INFO",
    ]  # fmt: skip
    log_file = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed with the server
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log_file, text=True)
    proc.log_file = log_file
    url = f"http://127.0.0.1:{port}"
    if wait_for_health(url, proc):
        return proc, url
    exited = proc.poll() is not None
    stop_server(proc)
    if exited:
        with open(log_path, encoding="utf-8") as f:
            pytest.fail("Odoo server exited: %s" % f.read()[-3000:])
    pytest.fail("Odoo server did not answer within 120 s")


def stop_server(proc):
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    proc.log_file.close()


# --------------------------------------------------------------------------
# What the test prepares (superuser, in the copy)
# --------------------------------------------------------------------------
def prepare(env):
    """Policies on, a product, each salesperson's customers, the shared customer. Returns the ids the users need."""
    from odoo import Command

    users = {login: env["res.users"].search([("login", "=", login)]) for login in USERS}
    assert all(users.values()), "the demo users must exist"
    company = env.company
    env["res.config.settings"].create(
        {
            "credit_policy": True,
            "execution_checklists": True,
            "execution_default_clerk_id": users[CLERK].id,
            "pool_enabled": True,
            "collision_check": True,
            "quotation_consistency": True,
            "visit_planning": True,
        }
    ).execute()
    product = env["product.product"].create(
        {"name": "Load Test Copper Cable (1 km)", "list_price": UNIT_PRICE, "taxes_id": [Command.clear()]}
    )
    # orders in the company currency, as the credit limits, whatever pricelist the database defaults to
    pricelist = env["product.pricelist"].create({"name": "Load Test (company currency)",
                                                 "currency_id": company.currency_id.id})  # fmt: skip
    immediate = env.ref("account.account_payment_term_immediate")
    customers = {}
    for login in SALESPEOPLE:
        values = [
            {
                "name": f"Load Test {login} {kind} Cable Trading Co.",
                "is_company": True,
                "customer_class": "b",
                "trade_channel": "direct_export",
                "user_id": users[login].id,
                "property_payment_term_id": immediate.id,
                "property_product_pricelist": pricelist.id,
                "credit_limit": TIGHT_LIMIT if kind == "tight" else 1e9,
            }
            for kind in ("roomy", "tight")
        ]
        roomy, tight = env["res.partner"].create(values)
        customers[login] = {"roomy": roomy.id, "tight": tight.id}
    shared = env["res.partner"].create({"name": "Load Test Shared Customer GmbH", "is_company": True})
    return {
        "uids": {login: user.id for login, user in users.items()},
        "product_id": product.id,
        "customers": customers,
        "shared_id": shared.id,
    }


# --------------------------------------------------------------------------
# A user of the web client
# --------------------------------------------------------------------------
class WebUser:
    """One person logged in through /web/session/authenticate, calling /web/dataset/call_kw."""

    def __init__(self, url, db, login, log):
        import requests

        self.url, self.login, self.log = url, login, log
        self.session = requests.Session()
        result = self._post("/web/session/authenticate", {"db": db, "login": login, "password": login})
        self.uid = result["uid"]
        self.context = result["user_context"]
        self.rounds = 0

    def _post(self, path, params):
        answer = self.session.post(
            self.url + path, json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}, timeout=TIMEOUT
        )
        answer.raise_for_status()
        payload = answer.json()
        if "error" in payload:
            raise RpcError(payload["error"])
        return payload["result"]

    def call(self, kind, model, method, *args, **kwargs):
        """Call as the web client; record the outcome under `kind`. Returns (outcome, result or message)."""
        kwargs.setdefault("context", self.context)
        params = {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        started = time.perf_counter()
        try:
            result = self._post(f"/web/dataset/call_kw/{model}/{method}", params)
        except RpcError as exc:
            outcome = "refused" if exc.name in REFUSALS and not exc.is_concurrency() else "error"
            self.log.record(self.login, kind, outcome, f"{exc.name}: {exc.message}", time.perf_counter() - started)
            return outcome, exc.message
        except Exception as exc:  # noqa: BLE001 - no answer, an HTTP error: what the user would see
            self.log.record(self.login, kind, "error", f"{type(exc).__name__}: {exc}", time.perf_counter() - started)
            return "error", str(exc)
        self.log.record(self.login, kind, "ok", None, time.perf_counter() - started)
        return "ok", result


class RpcError(Exception):
    def __init__(self, error):
        data = error.get("data") or {}
        self.name = data.get("name") or error.get("message") or "?"
        self.message = data.get("message") or error.get("message") or ""
        super().__init__(f"{self.name}: {self.message}")

    def is_concurrency(self):
        text = self.message.lower()
        return any(t in text for t in CONCURRENCY_TEXTS)


class LoadLog:
    """Every call's outcome, and what the successful ones wrote (for the lost-write checks)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.calls = Counter()  # (kind, outcome) -> n
        self.problems = []  # (login, kind, outcome, message)
        self.slowest = 0.0
        self.started = None
        self.orders_created = []  # order ids
        self.confirmed = []  # orders a confirmation answered "confirmed" for
        self.held = []  # orders a confirmation answered "awaiting credit approval" for
        self.approved = []
        self.imported = []  # (login, names of the file's customers)
        self.ticked = []  # step ids
        self.notes = []  # note bodies on the shared customer

    def start(self):
        self.started = time.monotonic()

    def record(self, login, kind, outcome, message, seconds):
        with self.lock:
            self.calls[kind, outcome] += 1
            if kind != "log in":  # the log-ins' phase is printed apart
                self.slowest = max(self.slowest, seconds)
            if outcome != "ok":
                self.problems.append((login, kind, outcome, message))

    def add(self, name, value):
        with self.lock:
            getattr(self, name).append(value)


# --------------------------------------------------------------------------
# What each department does
# --------------------------------------------------------------------------
def leave_note(user, log, shared_id):
    body = f"Load note {user.login} {user.rounds}"
    outcome, _result = user.call("note on the shared customer", "res.partner", "message_post", [shared_id],
                                 body=body, message_type="comment", subtype_xmlid="mail.mt_note")  # fmt: skip
    if outcome == "ok":
        log.add("notes", body)


def sell(user, log, data, rng):
    """Create a quotation for one of the salesperson's customers and confirm it."""
    kind = "tight" if user.rounds % 3 == 2 else "roomy"
    partner_id = data["customers"][user.login][kind]
    lines = [
        (0, 0, {"product_id": data["product_id"], "product_uom_qty": rng.randint(1, 2), "price_unit": UNIT_PRICE})
        for _i in range(rng.randint(1, 3))
    ]
    outcome, order_id = user.call("create quotation", "sale.order", "create",
                                  {"partner_id": partner_id, "user_id": user.uid, "order_line": lines,
                                   "client_order_ref": f"{REF} {user.login} {user.rounds}"})  # fmt: skip
    if outcome != "ok":
        return
    log.add("orders_created", order_id)
    outcome, result = user.call("confirm order", "sale.order", "action_confirm", [order_id])
    if outcome != "ok":
        return
    if isinstance(result, dict) and result.get("tag") == "display_notification":
        log.add("held", order_id)  # the user is told it awaits credit approval
    else:
        log.add("confirmed", order_id)
    user.call("read order", "sale.order", "web_read", [order_id],
              specification={"name": {}, "state": {}, "credit_check_state": {}, "amount_total": {},
                             "execution_step_ids": {"fields": {"name": {}, "state": {}}}})  # fmt: skip


def import_customers(user, log, _data, _rng):
    """A legacy list: customers of the manager's own, and one the other manager's list of the same round has too."""
    own = [f"Load Import {user.login} {user.rounds}-{i} GmbH" for i in range(IMPORT_ROWS)]
    common = f"Load Import Common {user.rounds} GmbH"
    rows = ["客户名称,国家,客户类别,联系人,联系人邮箱"]
    for i, name in enumerate(own):
        rows.append(f"{name},Germany,B,Hans Weber {user.rounds}-{i},hans.{user.rounds}.{i}@{user.login}.example.com")
    rows.append(f"{common},Germany,B,Anna Common {user.rounds},anna.{user.rounds}@common.example.com")
    data = base64.b64encode("\n".join(rows).encode("utf-8-sig")).decode()
    outcome, wizard_id = user.call("import customers", "crm.customer.import", "create",
                                   {"file": data, "filename": "legacy-customers.csv"})  # fmt: skip
    if outcome != "ok":
        return
    if user.call("import customers", "crm.customer.import", "action_read_columns", [wizard_id])[0] != "ok":
        return
    if user.call("import customers", "crm.customer.import", "action_import", [wizard_id])[0] != "ok":
        return
    # what the dialog then shows: how many customers it created
    outcome, result = user.call("import customers", "crm.customer.import", "read", [wizard_id], ["create_count"])
    if outcome == "ok":
        log.add("imported", {"own": own, "common": common, "created": result[0]["create_count"]})


def review_pipeline(user, _log, _data, rng):
    domain = [("type", "=", "opportunity")]
    user.call("review pipeline", "crm.lead", "web_read_group", domain, ["expected_revenue:sum"], ["stage_id"])
    user.call("review pipeline", "crm.lead", "web_search_read", domain, limit=80,
              specification={"name": {}, "partner_id": {"fields": {"display_name": {}}}, "expected_revenue": {},
                             "stage_id": {"fields": {"display_name": {}}}, "user_id": {"fields": {}},
                             "activity_ids": {}, "priority": {}})  # fmt: skip


def review_customer(user, _log, _data, rng):
    outcome, found = user.call("review customer form", "res.partner", "search",
                               [("is_company", "=", True)], limit=40)  # fmt: skip
    if outcome != "ok" or not found:
        return
    specification = {"display_name": {}, "customer_class": {}, "user_id": {"fields": {"display_name": {}}},
                     "credit_limit": {}, "credit_status": {}, "credit_status_reason": {}}  # fmt: skip
    if user.login != ACCOUNTANT:
        # the form's sales buttons (the accountant's form has none)
        specification.update({"sale_order_count": {}, "customer_score_count": {}, "collision_message": {}})
    user.call("review customer form", "res.partner", "web_read", [rng.choice(found)], specification=specification)


def review_ranking(user, _log, _data, _rng):
    user.call("review ranking list", "crm.customer.score", "web_search_read", [], limit=80,
              specification={"year": {}, "rank": {}, "partner_id": {"fields": {"display_name": {}}},
                             "customer_class": {}, "annual_sales": {}, "net_margin": {}, "cooperation_rate": {},
                             "payment_rate": {}, "final_score": {}})  # fmt: skip


def review_invoices(user, _log, _data, _rng):
    user.call("review invoices", "account.move", "web_search_read", [("move_type", "=", "out_invoice")], limit=80,
              specification={"name": {}, "partner_id": {"fields": {"display_name": {}}}, "amount_total": {},
                             "payment_state": {}, "invoice_date_due": {}})  # fmt: skip


def approve(user, log, _data, _rng):
    outcome, waiting = user.call("approve credit", "sale.order", "search",
                                 [("credit_check_state", "=", "awaiting"), ("client_order_ref", "like", REF)],
                                 limit=1, order="id")  # fmt: skip
    if outcome != "ok" or not waiting:
        return
    order_id = waiting[0]
    reason = "Long-standing customer, L/C to follow"
    outcome, wizard_id = user.call("approve credit", "sale.credit.approval.wizard", "create",
                                   {"order_id": order_id, "reason": reason})  # fmt: skip
    if outcome == "ok" and user.call("approve credit", "sale.credit.approval.wizard", "action_approve",
                                     [wizard_id])[0] == "ok":  # fmt: skip
        log.add("approved", order_id)


def tick_step(user, log, _data, rng):
    """The next open step of a confirmed order of the load (its earlier steps are all closed)."""
    outcome, steps = user.call("tick execution step", "sale.execution.step", "search_read",
                               [("state", "in", ["todo", "in_progress"]), ("order_id.client_order_ref", "like", REF)],
                               ["order_id"], order="order_id, sequence, id", limit=200)  # fmt: skip
    if outcome != "ok" or not steps:
        return
    first_open = {}
    for step in steps:
        first_open.setdefault(step["order_id"][0], step["id"])
    step_id = rng.choice(sorted(first_open.values()))
    if user.call("tick execution step", "sale.execution.step", "action_done", [step_id])[0] == "ok":
        log.add("ticked", step_id)


ROLES = {
    **{login: (sell,) for login in SALESPEOPLE},
    **{login: (import_customers, review_pipeline, review_customer) for login in IMPORTERS},
    GENERAL_MANAGER: (approve, review_ranking, review_customer),
    CLERK: (tick_step,),
    ACCOUNTANT: (review_customer, review_invoices),
}


def work(url, db, login, data, log, start, seed):
    rng = random.Random(seed)
    started = time.perf_counter()
    try:
        user = WebUser(url, db, login, log)
    except Exception as exc:  # noqa: BLE001
        log.record(login, "log in", "error", f"{type(exc).__name__}: {exc}", time.perf_counter() - started)
        start.abort()
        return
    log.record(login, "log in", "ok", None, time.perf_counter() - started)
    start.wait(timeout=600)
    deadline = log.started + DURATION  # from the moment everybody is logged in
    while time.monotonic() < deadline:
        for action in ROLES[login]:
            action(user, log, data, rng)
        if login in NOTE_USERS and user.rounds % NOTE_EVERY == USERS.index(login) % NOTE_EVERY:
            leave_note(user, log, data["shared_id"])
        user.rounds += 1


# --------------------------------------------------------------------------
# Lost writes
# --------------------------------------------------------------------------
def lost_writes(env, log, data):
    """What the successful calls wrote and the database does not show: one line per problem."""
    return lost_orders(env, log) + lost_steps(env, log) + lost_imports(env, log) + lost_notes(env, log, data)


def lost_orders(env, log):
    problems = []
    orders = env["sale.order"].search([("client_order_ref", "like", REF)])
    if sorted(orders.ids) != sorted(log.orders_created):
        problems.append(f"{len(log.orders_created)} quotations created by successful calls, {len(orders)} there")
    state_field = env["ir.model.fields"]._get("sale.order", "state")
    approval_type = env.ref("crm_customer_scoring.mail_activity_credit_approval")
    confirmed, held, approved = set(log.confirmed), set(log.held), set(log.approved)
    for order in orders:
        if order.id in confirmed | approved and order.state != "sale":
            problems.append(f"{order.name}: confirmed for its user, {order.state} in the database")
        if order.id in held - approved and order.credit_check_state != "awaiting":
            problems.append(f"{order.name}: held for approval, {order.credit_check_state} in the database")
        if order.id in approved and order.credit_check_state != "approved":
            problems.append(f"{order.name}: approved, {order.credit_check_state} in the database")
        # a quotation's state is tracked once: when it becomes a sales order (the label in its user's language)
        confirmations = order.message_ids.tracking_value_ids.filtered(lambda t: t.field_id == state_field)
        if len(confirmations) != (order.state == "sale"):
            problems.append(f"{order.name} ({order.state}): confirmed {len(confirmations)} times in its chatter")
        template_steps = order.execution_template_id.step_ids if order.state == "sale" else []
        if order.state == "sale" and not template_steps or len(order.execution_step_ids) != len(template_steps):
            problems.append(f"{order.name} ({order.state}): {len(order.execution_step_ids)} execution steps for "
                            f"a template of {len(template_steps)}")  # fmt: skip
        approvals = order.activity_ids.filtered(lambda a: a.activity_type_id == approval_type)
        if len(approvals) != (order.credit_check_state == "awaiting"):
            problems.append(f"{order.name}: {len(approvals)} credit approval activities ({order.credit_check_state})")
    return problems


def lost_steps(env, log):
    done = env["sale.execution.step"].browse(log.ticked).filtered(lambda s: s.state == "done")
    if len(done) != len(log.ticked):
        return [f"{len(log.ticked)} steps ticked by successful calls, {len(done)} of them done"]
    return []


def lost_imports(env, log):
    """Each imported customer once (also the one two lists had), as many as the dialogs said they created."""
    problems = []
    partners = env["res.partner"].search([("name", "=like", "Load Import %"), ("is_company", "=", True)])
    found = Counter(partners.mapped("name"))
    own = [name for result in log.imported for name in result["own"]]
    common = {result["common"] for result in log.imported}
    for name in [*own, *common]:
        if found[name] != 1:
            problems.append(f"{name}: imported, {found[name]} times in the database")
    if found.total() != len(own) + len(common):
        problems.append(f"{len(own) + len(common)} customers imported, {found.total()} in the database")
    created = sum(result["created"] for result in log.imported)
    if created != found.total():
        problems.append(f"the import dialogs said {created} customers created, {found.total()} in the database")
    if len(partners.child_ids) != len(partners):
        problems.append(f"{len(partners)} imported customers, {len(partners.child_ids)} contacts (one each)")
    return problems


def lost_notes(env, log, data):
    problems = []
    shared = env["res.partner"].browse(data["shared_id"])
    bodies = Counter(re.sub(r"<[^>]+>", "", body) for body in shared.message_ids.mapped("body"))
    for note in log.notes:
        if bodies[note] != 1:
            problems.append(f"note {note!r} on the shared customer {bodies[note]} times")
    if sum(n for body, n in bodies.items() if body.startswith("Load note")) != len(log.notes):
        problems.append(f"{len(log.notes)} notes posted, more on the shared customer")
    return problems


def unexpected(log):
    """Errors, and refusals where no user alone would get one."""
    return [
        f"{login} {kind}: {outcome}: {message}"
        for login, kind, outcome, message in log.problems
        if outcome == "error" or not any(re.search(p, message or "") for p in EXPECTED_REFUSALS.get(kind, ()))
    ]


def retried_on_server(log_path):
    """Concurrency errors the server retried, by PostgreSQL error, from its log."""
    with open(log_path, encoding="utf-8") as f:
        return Counter(re.findall(r"odoo\.service\.model: (\w+), \d+ tries left", f.read()))


@pytest.mark.benchmark
def test_eight_users_at_once_see_no_error_and_lose_no_write(odoo_config, registry, capsys, bench):
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    config_path, source = odoo_config
    db = f"{source}_load"
    phases = {"begin": time.monotonic()}
    copy_database(source, db)
    log_path = os.path.join(ROOT, ".run", "logs", "odoo-load.log")
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    try:
        copy = Registry(db)
        with copy.cursor() as cr:
            data = prepare(api.Environment(cr, SUPERUSER_ID, {}))
            cr.commit()
        phases["prepared"] = time.monotonic()
        proc, url = start_server(config_path, db, log_path)
        phases["server"] = time.monotonic()
        log = LoadLog()
        try:
            start = threading.Barrier(len(USERS), action=log.start)
            threads = [
                threading.Thread(target=work, args=(url, db, login, data, log, start, i))
                for i, login in enumerate(USERS)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            duration = time.monotonic() - log.started
        finally:
            stop_server(proc)
        phases["load"] = time.monotonic()
        with copy.cursor() as cr:
            problems = lost_writes(api.Environment(cr, SUPERUSER_ID, {}), log, data)
    finally:
        drop_database(db)
    phases["checked"] = time.monotonic()

    errors = unexpected(log)
    retried = retried_on_server(log_path)
    kinds = sorted({kind for kind, _outcome in log.calls})
    per_kind = ", ".join(
        f"{kind} {log.calls[kind, 'ok']}"
        + "".join(
            f"/{outcome} {log.calls[kind, outcome]}" for outcome in ("refused", "error") if log.calls[kind, outcome]
        )
        for kind in kinds
    )
    total = sum(log.calls.values())
    imported = sum(result["created"] for result in log.imported)
    refusals = sum(n for (_kind, outcome), n in log.calls.items() if outcome == "refused")
    with capsys.disabled():
        print(
            f"\nload: {len(USERS)} users on {HTTP_WORKERS} HTTP workers for {duration:.0f} s, {total} calls "
            f"({total / duration:.1f}/s, slowest after log-in {log.slowest:.1f} s): {per_kind}; "
            f"{len(log.orders_created)} quotations, {len(log.confirmed)} confirmed, {len(log.held)} held for "
            f"credit, {len(log.approved)} approved, {imported} customers imported, "
            f"{len(log.ticked)} steps ticked, {len(log.notes)} notes; {refusals} refusals, "
            f"{len(errors)} errors or unexpected refusals, {len(problems)} lost writes; "
            f"server retried {dict(retried) or 'nothing'}; "
            f"copy and prepare {phases['prepared'] - phases['begin']:.0f} s, server start "
            f"{phases['server'] - phases['prepared']:.0f} s, log in {log.started - phases['server']:.0f} s, "
            f"checks and drop {phases['checked'] - phases['load']:.0f} s"
        )
    scenario = f"{len(USERS)} users, {DURATION} s on {HTTP_WORKERS} workers"
    bench.record(f"Load ({scenario}): errors reaching a user", len(errors), unit="errors", max_value=0)
    bench.record(f"Load ({scenario}): lost writes", len(problems), unit="writes", max_value=0)
    assert not errors and not problems, "\n".join(problems[:20] + errors[:20])
    assert log.confirmed and log.held and log.approved and log.imported and log.ticked and log.notes, (
        "every department must have worked: " + per_kind
    )
