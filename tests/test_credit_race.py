"""Concurrency test: parallel confirmations cannot push a customer over its credit limit.

One customer has a credit limit of 10,000 and nothing owed. Each of 100 rounds
creates 2 to 8 quotations of 6,000 (any one fits, any two exceed the limit),
then confirms them at the same moment from as many threads, each on its own
database connection and wrapped in Odoo's request retry
(`odoo.service.model.retrying`), as the web server does for every request.

Every round must end with exactly one order confirmed and the others awaiting
credit approval, and no deadlock or serialization error may reach a user: a
check that started before another one let an order through fails on the
customer's row lock with a serialization error, and the retry replays it on a
fresh snapshot that sees that order. The summary line ("credit race") gives
the rounds, the workers, the serialization errors retried and the slowest
round (`pytest -s tests/test_credit_race.py` against a database `make test`
prepared).
"""

import logging
import threading
import time
from collections import Counter

import pytest

ROUNDS = 100
LIMIT = 10_000.0
AMOUNT = 6_000.0
# each retried serialization failure logs a "bad query" error and a retry notice: counted here instead
QUIET_LOGGERS = ("odoo.sql_db", "odoo.service.model")


def workers_of(round_no):
    return 2 + round_no % 7


def confirm_in_parallel(registry, uid, order_ids):
    """Confirm each order in its own thread and connection, all released together.

    Returns (errors that reached the caller, concurrency errors retried by pgcode name).
    """
    from psycopg2 import OperationalError, errorcodes

    from odoo import api
    from odoo.service.model import retrying

    barrier = threading.Barrier(len(order_ids))
    errors, retried = [], Counter()
    lock = threading.Lock()

    def worker(order_id):
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, uid, {})

                def confirm():
                    try:
                        result = env["sale.order"].browse(order_id).action_confirm()
                        # retrying() flushes right after; flushed here so that a failing write is counted too
                        env.flush_all()
                        return result
                    except OperationalError as exc:
                        # counted, then handed to retrying(), which decides whether to retry
                        with lock:
                            retried[errorcodes.lookup(exc.pgcode) if exc.pgcode else type(exc).__name__] += 1
                        raise

                barrier.wait(timeout=60)
                retrying(confirm, env)
        except Exception as exc:  # noqa: BLE001 - whatever escapes retrying() is what the user would see
            with lock:
                errors.append(f"order {order_id}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=worker, args=(order_id,)) for order_id in order_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors, retried


@pytest.mark.benchmark
def test_parallel_confirmations_never_exceed_the_credit_limit(registry, capsys, bench):
    from odoo import SUPERUSER_ID, Command, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.ref("base.main_company")
        previous_policy = company.credit_policy
        company.credit_policy = True
        admin_id = env.ref("base.user_admin").id
        product = env["product.product"].create(
            # a service: the orders are deleted afterwards, which stock moves of a delivery would forbid
            {
                "name": "Race Test Copper Cable (1 km)",
                "list_price": AMOUNT,
                "taxes_id": [Command.clear()],
                "type": "service",
            }
        )
        partner = env["res.partner"].create(
            {
                "name": "Race Test Cable Trading Co.",
                "is_company": True,
                "customer_class": "b",
                # new customers may pay only in advance: this term never blocks, only the limit can
                "property_payment_term_id": env.ref("account.account_payment_term_immediate").id,
                # orders in the company currency, as the limit, whatever pricelist the database defaults to
                "property_product_pricelist": env["product.pricelist"]
                .create({"name": "Race Test (company currency)", "currency_id": company.currency_id.id})
                .id,
            }
        )
        partner.with_company(env.company).credit_limit = LIMIT
        cr.commit()
        product_id, partner_id = product.id, partner.id

    order_ids, problems, retried, round_times = [], [], Counter(), []
    over_limit = 0
    levels = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    try:
        for name in QUIET_LOGGERS:
            logging.getLogger(name).setLevel(logging.CRITICAL)
        for round_no in range(ROUNDS):
            workers = workers_of(round_no)
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                orders = env["sale.order"].create(
                    [
                        {
                            "partner_id": partner_id,
                            "user_id": admin_id,
                            "order_line": [
                                Command.create({"product_id": product_id, "product_uom_qty": 1, "price_unit": AMOUNT})
                            ],
                        }
                        for _i in range(workers)
                    ]
                )
                round_ids = orders.ids
                order_ids += round_ids
                cr.commit()

            started = time.perf_counter()
            errors, round_retried = confirm_in_parallel(registry, admin_id, round_ids)
            round_times.append(time.perf_counter() - started)
            retried += round_retried
            problems += [f"round {round_no}: {error}" for error in errors]

            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                orders = env["sale.order"].browse(round_ids)
                confirmed = orders.filtered(lambda o: o.state == "sale")
                if sum(confirmed.mapped("amount_total")) > LIMIT:
                    over_limit += 1
                if len(confirmed) != 1:
                    problems.append(f"round {round_no}: {len(confirmed)} of {workers} orders confirmed")
                waiting = (orders - confirmed).filtered(lambda o: o.credit_check_state == "awaiting")
                if waiting != orders - confirmed:
                    states = sorted((o.state, o.credit_check_state) for o in orders - confirmed)
                    problems.append(f"round {round_no}: unconfirmed orders not awaiting approval: {states}")
                # the next round starts with nothing owed again
                orders.with_context(disable_cancel_warning=True).action_cancel()
                cr.commit()
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(order_ids).exists()
            orders.filtered(lambda o: o.state != "cancel").with_context(disable_cancel_warning=True).action_cancel()
            orders.unlink()
            env["res.partner"].browse(partner_id).unlink()
            env["product.product"].browse(product_id).product_tmpl_id.unlink()
            env.ref("base.main_company").credit_policy = previous_policy
            cr.commit()

    worker_counts = [workers_of(r) for r in range(ROUNDS)]
    with capsys.disabled():
        print(
            f"\ncredit race: {ROUNDS} rounds of {min(worker_counts)}-{max(worker_counts)} workers "
            f"({sum(worker_counts)} confirmations), {over_limit} rounds over the limit, "
            f"{len(problems)} problems, retried {dict(retried) or 'nothing'}, "
            f"slowest round {max(round_times):.2f} s, all rounds {sum(round_times):.1f} s"
        )
    race = f"{ROUNDS} rounds of {min(worker_counts)}-{max(worker_counts)} parallel confirmations"
    bench.record(f"Credit race ({race}): rounds confirmed over the credit limit", over_limit, unit="rounds",
                 max_value=0)  # fmt: skip
    bench.record(
        f"Credit race ({race}): problems (rounds without exactly one order confirmed, errors reaching a user)",
        len(problems), unit="problems", max_value=0,
    )  # fmt: skip
    assert over_limit == 0, f"{over_limit} rounds confirmed more than the credit limit"
    assert not problems, "\n".join(problems[:20])
