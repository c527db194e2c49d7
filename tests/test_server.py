"""What `make demo` promises, checked on a real Odoo server: the login page
answers and XML-RPC sees the four modules installed."""

import urllib.request
import xmlrpc.client

from conftest import MODULES


def test_login_page_answers(odoo_server):
    url, _db = odoo_server
    with urllib.request.urlopen(url + "/web/login", timeout=30) as resp:
        assert resp.status == 200
        assert b"oe_login_form" in resp.read()


def test_modules_installed_over_xmlrpc(odoo_server):
    url, db = odoo_server
    common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
    uid = common.authenticate(db, "admin", "admin", {})
    assert uid, "admin/admin must log in to the demo database"
    models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object")
    rows = models.execute_kw(
        db, uid, "admin", "ir.module.module", "search_read",
        [[("name", "in", MODULES)]], {"fields": ["name", "state"]},
    )  # fmt: skip
    assert {r["name"]: r["state"] for r in rows} == dict.fromkeys(MODULES, "installed")


def test_demo_users_log_in_with_their_roles(odoo_server):
    url, db = odoo_server
    common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
    models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object")
    uid = common.authenticate(db, "huang.zhiqiang", "huang.zhiqiang", {})
    assert uid
    assert models.execute_kw(
        db, uid, "huang.zhiqiang", "res.users", "has_group", [[uid], "crm_foreign_trade.group_general_manager"]
    )
    uid = common.authenticate(db, "zhao.wei", "zhao.wei", {})
    assert uid
    assert not models.execute_kw(
        db, uid, "zhao.wei", "res.users", "has_group", [[uid], "sales_team.group_sale_manager"]
    )
    assert not common.authenticate(db, "zhao.wei", "wrong password", {})
