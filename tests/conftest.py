"""Fixtures for the end-to-end tests in tests/.

`make test` installs the four modules into a fresh database, then runs this
folder with CRM_FT_ODOO_CONFIG / CRM_FT_DB pointing at it. Tests that need the
database are skipped, with the reason, when pytest is started on its own.
"""

import os
import subprocess
import sys

import pytest
from bench_results import recorder

from tools.odoo_runner import free_port, wait_for_health

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = os.path.join(ROOT, "addons")
MODULES = [
    "crm_foreign_trade",
    "crm_customer_scoring",
    "crm_competitor",
    "crm_order_execution",
]


@pytest.fixture(scope="session")
def odoo_config():
    path = os.environ.get("CRM_FT_ODOO_CONFIG")
    db = os.environ.get("CRM_FT_DB")
    if not path or not db:
        pytest.skip("needs the database `make test` prepares (CRM_FT_ODOO_CONFIG, CRM_FT_DB)")
    return path, db


@pytest.fixture(scope="session")
def registry(odoo_config):
    """The Odoo registry of the test database, loaded in this process."""
    import odoo
    from odoo.modules.registry import Registry

    path, db = odoo_config
    odoo.tools.config.parse_config(["-c", path, "-d", db])
    return Registry(db)


@pytest.fixture
def env(registry):
    """A superuser environment in a transaction rolled back after the test."""
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, {})
        cr.rollback()


@pytest.fixture
def bench(request):
    """Records this benchmark's rows of the `make bench` table (tests/bench_results.py)."""
    return recorder(request.node.nodeid)


@pytest.fixture(scope="session")
def odoo_server(odoo_config):
    """A real Odoo HTTP server on the test database, on a free local port."""
    path, db = odoo_config
    port = free_port()
    cmd = [
        sys.executable, "-m", "odoo", "server", "-c", path, "-d", db,
        "--http-interface=127.0.0.1", f"--http-port={port}", f"--db-filter=^{db}$",
        "--log-level=warn",
    ]  # fmt: skip
    # the server's log goes to a file: an unread pipe would block a server that logs a lot
    os.makedirs(os.path.join(ROOT, ".run", "logs"), exist_ok=True)
    log_path = os.path.join(ROOT, ".run", "logs", "odoo-server-pytest.log")
    log_file = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed after the session
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log_file, text=True)
    url = f"http://127.0.0.1:{port}"
    if not wait_for_health(url, proc):
        if proc.poll() is not None:
            log_file.flush()
            with open(log_path, encoding="utf-8") as f:
                pytest.fail("Odoo server exited: %s" % f.read()[-3000:])
        proc.kill()
        pytest.fail("Odoo server did not answer within 120 s")
    yield url, db
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log_file.close()
