"""Concurrency test: two managers importing lists with the same customer at once create it once.

Each import runs in its own thread and database connection, wrapped in Odoo's request retry
(`odoo.service.model.retrying`) as the web server runs every request. Both start their transaction
(the wizard, its columns read) before either imports, so neither sees the other's customers: without
a serialization point both would create the common customer. Found by tests/test_load.py.
"""

import base64
import threading
import uuid

import pytest

RUN = uuid.uuid4().hex[:8]  # names of this run only
COMMON = f"Import Race Common Cable Trading {RUN} GmbH"
ROUNDS = 3


def csv_file(manager, round_no):
    rows = [
        "客户名称,国家,客户类别,联系人,联系人邮箱",
        f"Import Race {RUN} {manager} {round_no} GmbH,Germany,B,Hans Weber,hans.{round_no}@{manager}.example.com",
        f"{COMMON} {round_no},Germany,B,Anna Berger,anna.{round_no}@common-race.example.com",
    ]
    return base64.b64encode("\n".join(rows).encode("utf-8-sig"))


def import_in_parallel(registry, uids, round_no):
    """Both managers import at once; returns (dialog's created counts, errors that reached a manager)."""
    from odoo import api
    from odoo.service.model import retrying

    started = threading.Barrier(len(uids))
    created, errors = {}, []

    def worker(uid):
        first_try = [True]
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, uid, {})

                def run_import():
                    wizard = env["crm.customer.import"].create(
                        {"file": csv_file(uid, round_no), "filename": "legacy-customers.csv"}
                    )
                    wizard.action_read_columns()
                    if first_try[0]:
                        first_try[0] = False
                        started.wait(timeout=60)  # both transactions have their snapshot
                    wizard.action_import()
                    created[uid] = wizard.create_count

                retrying(run_import, env)
        except Exception as exc:  # noqa: BLE001 - what escapes retrying() is what the manager would see
            errors.append(f"{uid}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=worker, args=(uid,)) for uid in uids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return created, errors


def test_two_imports_of_the_same_customer_at_once_create_it_once(registry):
    from odoo import SUPERUSER_ID, Command, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        manager_group = env.ref("sales_team.group_sale_manager")
        logins = [f"import.race.{i}" for i in range(2)]
        managers = env["res.users"].with_context(active_test=False).search([("login", "in", logins)])
        managers += env["res.users"].create(
            [
                {"name": f"Import Race Manager {login}", "login": login, "groups_id": [Command.set([manager_group.id])]}
                for login in set(logins) - set(managers.mapped("login"))
            ]
        )
        cr.commit()
        uids = managers.ids
    try:
        for round_no in range(ROUNDS):
            created, errors = import_in_parallel(registry, uids, round_no)
            assert not errors, errors
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                common = env["res.partner"].search([("name", "=", f"{COMMON} {round_no}")])
                assert len(common) == 1, f"round {round_no}: the common customer imported {len(common)} times"
                assert len(common.child_ids) == 1, "its contact once"
                # each dialog said what it created: its own customer, and the common one for the first only
                assert sorted(created.values()) == [1, 2]
    finally:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            users = env["res.users"].browse(uids)
            user_partners = users.partner_id
            users.unlink()
            user_partners.unlink()
            imported = env["res.partner"].search([("name", "=like", "Import Race %"), ("is_company", "=", True)])
            (imported.child_ids | imported).unlink()
            cr.commit()


@pytest.fixture(autouse=True)
def _quiet_retries():
    """Each retried serialization failure logs a "bad query" error and a retry notice: expected here."""
    import logging

    loggers = [logging.getLogger(name) for name in ("odoo.sql_db", "odoo.service.model")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)
