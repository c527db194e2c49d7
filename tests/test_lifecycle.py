"""Install → upgrade → uninstall: a database lives through upgrades and may drop the modules again.

The previous release (PREVIOUS_RELEASE, a commit of this repository) is taken out of git (`git archive`), its
four modules are installed with their demo data into a new database, and everything they keep is read there
(tests/lifecycle_scripts.py `snapshot`: every row of every model they add, every column they add to Odoo's
models, the companies' policies, Settings as each company opens it, their system parameters). The modules are
then upgraded to this source (`-u`, so the migration scripts run) and read again:

- nothing is lost and every value is unchanged, but for what a migration deliberately converts, whose
  conversion is asserted (DELIBERATE);
- then the modules are uninstalled one by one in dependency order (UNINSTALL_ORDER) through Settings' Uninstall
  (`button_immediate_uninstall`): Odoo's own records (partners, users, orders, invoices and their lines, leads,
  activities and messages of Odoo's models) keep their number and the values of Odoo's columns; a sale order is
  confirmed and invoiced, an opportunity won and the forms open after each; the uninstalled module leaves no
  table, column, xml id, model, field or action behind.

The demo records of the modules lose their xml ids before the uninstall: Odoo deletes a module's own records
with it, and in a customer's database (installed without demo data) these partners, orders and leads are the
users' records. Each part prints its figures. Set CRM_FT_KEEP_LIFECYCLE=1 to keep the databases.
"""

import ast
import configparser
import inspect
import json
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import lifecycle_scripts
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULES = lifecycle_scripts.MODULES
# The previous release: the newest commit whose modules with migrations (addons/*/migrations/) all have a lower
# version than this source's, so that the upgrade runs each module's newest migration scripts. At a release
# (a manifest version raised with a migrations/<version>/ folder), move it to the last commit before the
# release's first version bump: `git log -1 --format=%H <first bump commit>^`.
# d56e77f: crm_foreign_trade, crm_customer_scoring and crm_order_execution 18.0.1.2.0, crm_competitor 18.0.1.1.0.
PREVIOUS_RELEASE = "d56e77f1244757022801217b6856ca11a67eb5ad"
# Odoo apps the modules depend on since PREVIOUS_RELEASE (crm_order_execution 18.0.1.4.0: Inventory, Purchase)
NEW_ODOO_DEPENDENCIES = ["sale_stock", "purchase"]
# uninstalled dependents first
UNINSTALL_ORDER = ["crm_order_execution", "crm_competitor", "crm_customer_scoring", "crm_foreign_trade"]
# values no migration must change but that are no record's content
VOLATILE = {"write_date", "write_uid"}
# what the migrations deliberately convert ({table or "table.column": reason}): asserted in
# test_upgrade_converts_what_the_migrations_convert instead of being compared
DELIBERATE = {
    # 18.0.1.3.0 pre-migration: the stored name becomes the step's own name, cleared when it is its template
    # step's; the step's name (computed) is compared instead
    "sale_execution_step.name": "renamed to custom_name (crm_order_execution 18.0.1.3.0)",
}
MARKER = "LIFECYCLE-FIGURES:"
KEEP = "CRM_FT_KEEP_LIFECYCLE"


def run(cmd, stdin=None):
    proc = subprocess.run(cmd, input=stdin, cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"{' '.join(cmd[:6])} failed: {proc.stderr[-4000:]}"
    return proc.stdout


def odoo_server(config, db, *args):
    run([sys.executable, "-m", "odoo", "server", "-c", config, "-d", db, *args, "--stop-after-init",
         "--log-level=warn", "--no-http"])  # fmt: skip


def odoo_shell(config, db, call):
    """Run lifecycle_scripts' `call` (an expression of `env`) in `odoo shell`; return its JSON result."""
    script = "\n".join(
        [
            inspect.getsource(lifecycle_scripts),
            "import json",
            f"print({MARKER!r} + json.dumps({call}, default=str))",
        ]
    )
    output = run([sys.executable, "-m", "odoo", "shell", "-c", config, "-d", db, "--no-http", "--log-level=warn"],
                 stdin=script)  # fmt: skip
    line = next((line for line in output.splitlines() if line.startswith(MARKER)), None)
    assert line, f"odoo shell printed no figures: {output[-3000:]}"
    return json.loads(line[len(MARKER) :])


def config_with_addons(config, addons, path):
    """A copy of the Odoo config whose addons path starts with `addons` instead of this source's."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(config)
    ours = os.path.join(ROOT, "addons")
    paths = [p for p in parser["options"]["addons_path"].split(",") if os.path.realpath(p) != os.path.realpath(ours)]
    parser["options"]["addons_path"] = ",".join([addons, *paths])
    with open(path, "w", encoding="utf-8") as f:
        parser.write(f)
    return path


def drop_database(config, db):
    """Drop it and its filestore."""
    import odoo
    from odoo.tools import SQL

    odoo.sql_db.close_db(db)
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(SQL("DROP DATABASE IF EXISTS %s WITH (FORCE)", SQL.identifier(db)))
    shutil.rmtree(odoo.tools.config.filestore(db), ignore_errors=True)


def demo_xmlids(addons):
    """The xml ids the modules' demo files (in `addons`) give their records."""
    found = set()
    for module in MODULES:
        with open(os.path.join(addons, module, "__manifest__.py"), encoding="utf-8") as f:
            manifest = ast.literal_eval(f.read())
        for name in manifest.get("demo", []):
            path = os.path.join(addons, module, name)
            if not name.endswith(".xml") or not os.path.exists(path):
                continue
            for node in ET.parse(path).iter():
                xmlid = node.get("id") if node.tag in ("record", "menuitem", "template") else None
                if xmlid:
                    found.add(xmlid if "." in xmlid else f"{module}.{xmlid}")
    return sorted(found)


@pytest.fixture(scope="module")
def lifecycle(odoo_config, registry, tmp_path_factory):
    """The previous release installed with its demo data, read, upgraded to this source, read again:
    {db, config, before, after, demo_ids, seconds}. Its database is dropped at the end (unless KEEP)."""
    config, test_db = odoo_config
    db = f"{test_db}_previous"
    tmp = tmp_path_factory.mktemp("previous_release")
    archive = subprocess.run(["git", "archive", PREVIOUS_RELEASE, "addons"], cwd=ROOT, capture_output=True, check=False)
    assert archive.returncode == 0, (
        f"the previous release {PREVIOUS_RELEASE[:7]} is not in this clone's history (a shallow clone?): "
        f"{archive.stderr.decode()[-500:]}"
    )
    subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive.stdout, check=True)
    old_addons = str(tmp / "addons")
    old_config = config_with_addons(config, old_addons, str(tmp / "odoo-previous.conf"))
    seconds = {}
    drop_database(config, db)
    try:
        started = time.perf_counter()
        odoo_server(old_config, db, "-i", ",".join(MODULES))
        # the Odoo apps this release depends on and the previous one did not are installed with the upgrade; their
        # own demo data (Inventory's renames the company, confirms orders) is not the upgrade's doing: installed first
        odoo_server(old_config, db, "-i", ",".join(NEW_ODOO_DEPENDENCIES))
        seconds["install"] = time.perf_counter() - started
        before = odoo_shell(old_config, db, f"snapshot(env, {MODULES!r})")
        started = time.perf_counter()
        odoo_server(config, db, "-u", ",".join(MODULES))
        seconds["upgrade"] = time.perf_counter() - started
        after = odoo_shell(config, db, f"snapshot(env, {MODULES!r})")
        demo_ids = sorted(set(demo_xmlids(old_addons)) | set(demo_xmlids(os.path.join(ROOT, "addons"))))
        yield {"db": db, "config": config, "before": before, "after": after, "demo_ids": demo_ids,
               "seconds": seconds}  # fmt: skip
    finally:
        if not os.environ.get(KEEP):
            drop_database(config, db)


def model_differences(before, after, lost, figures):
    """Rows of the modules' models: each row kept with each value (DELIBERATE and VOLATILE aside)."""
    for table, rows in before.items():
        if table not in after:
            lost.append(f"model table {table} ({len(rows)} rows) is gone")
            continue
        figures["models"] += 1
        for row_id, values in rows.items():
            figures["rows"] += 1
            new = after[table].get(row_id)
            if new is None:
                lost.append(f"{table} row {row_id} is gone")
                continue
            for column, value in values.items():
                if column in VOLATILE or f"{table}.{column}" in DELIBERATE:
                    continue
                figures["values"] += 1
                if new.get(column, "<gone>") != value:
                    lost.append(f"{table}.{column} of row {row_id}: {value!r} became {new.get(column, '<gone>')!r}")


def column_differences(before, after, lost, figures):
    """Columns the modules add to Odoo's models: each value kept (DELIBERATE aside)."""
    for column, values in before.items():
        if column in DELIBERATE:
            continue
        figures["columns"] += 1
        new = after.get(column)
        if new is None:
            lost.append(f"column {column} is gone")
            continue
        for row_id, value in values.items():
            figures["values"] += 1
            if new.get(row_id, "<gone>") != value:
                lost.append(f"{column} of row {row_id}: {value!r} became {new.get(row_id, '<gone>')!r}")


def setting_differences(before, after, lost, figures):
    """Policies and Settings of each company, system parameters, many2many links, Odoo's record counts."""
    for kind in ("companies", "settings"):
        for company, values in before[kind].items():
            for field, value in values.items():
                figures[kind] += 1
                new = after[kind].get(company, {}).get(field, "<gone>")
                if new != value:
                    lost.append(f"{kind} of company {company}: {field} = {value!r} became {new!r}")
    for key, value in before["params"].items():
        figures["parameters"] += 1
        if after["params"].get(key) != value:
            lost.append(f"ir.config_parameter {key} = {value!r} became {after['params'].get(key)!r}")
    for relation, pairs in before["relations"].items():
        figures["links"] += len(pairs)
        if after["relations"].get(relation) != pairs:
            lost.append(f"many2many {relation}: {pairs} became {after['relations'].get(relation)}")
    for model, count in before["odoo"].items():
        # the new version's demo data may add some
        if after["odoo"][model] < count:
            lost.append(f"{model}: {count} records became {after['odoo'][model]}")


def differences(before, after):
    """What the upgrade lost or changed, outside DELIBERATE: readable lines; and the figures compared."""
    lost = []
    figures = dict.fromkeys(("models", "rows", "values", "columns", "companies", "settings", "parameters", "links"), 0)
    model_differences(before["models"], after["models"], lost, figures)
    column_differences(before["columns"], after["columns"], lost, figures)
    setting_differences(before, after, lost, figures)
    return lost, figures


def test_upgrade_from_the_previous_release_keeps_every_record_and_setting(lifecycle, capsys):
    before, after = lifecycle["before"], lifecycle["after"]
    lost, figures = differences(before, after)
    with capsys.disabled():
        print(
            f"\nupgrade from {PREVIOUS_RELEASE[:7]}: {figures['models']} models of the modules, {figures['rows']} "
            f"rows, {figures['columns']} columns on Odoo's models, {figures['values']} values compared; "
            f"{figures['links']} many2many links, {figures['companies']} company policies, {figures['settings']} "
            f"settings, {figures['parameters']} system parameters; Odoo's records {before['odoo']}; "
            f"install {lifecycle['seconds']['install']:.0f} s, upgrade {lifecycle['seconds']['upgrade']:.0f} s"
        )
    assert figures["rows"] and figures["models"] and figures["columns"], "the previous release installed nothing"
    assert not lost, "the upgrade lost or changed:\n" + "\n".join(lost[:40])


def test_upgrade_converts_what_the_migrations_convert(lifecycle):
    before, after = lifecycle["before"], lifecycle["after"]
    # crm_order_execution 18.0.1.3.0: every execution step reads the name it had, its own or its template step's
    steps_before = before["names"]["sale.execution.step"]
    assert steps_before, "the demo has no execution steps: the conversion is not exercised"
    assert after["names"]["sale.execution.step"] == steps_before
    rows = after["models"]["sale_execution_step"]
    templates = after["models"]["sale_execution_template_step"]
    for step_id, row in rows.items():
        template = templates.get(str(row["template_step_id"])) if row["template_step_id"] else None
        if template and steps_before[step_id] == template["name"]["en_US"]:
            assert row["custom_name"] is None, f"step {step_id} keeps a copy of its template step's name"
        else:
            assert row["custom_name"]["en_US"] == steps_before[step_id]
    # crm_customer_scoring 18.0.1.4.0: every opportunity has its stage history, backfilled from the tracking
    leads = after["models"]["crm_lead_stage_log"]
    assert "crm_lead_stage_log" not in before["models"]
    missing = set(after["rules"]["opportunities"]) - {row["lead_id"] for row in leads.values()}
    assert not missing, f"opportunities without stage history after the upgrade: {sorted(missing)}"
    # crm_foreign_trade 18.0.1.3.0: stored values recomputed under the current rules
    assert after["rules"]["new_prospects"] == 0, "customers without an order are still ticked New Customer"
    assert after["rules"]["leaders_without_team"] == 0, "a team leader has no sales team"


def test_uninstall_in_dependency_order_leaves_odoos_records_and_flows_intact(lifecycle, capsys):
    """On the upgraded database (read already by the fixture): each module uninstalled in turn."""
    started = time.perf_counter()
    steps = odoo_shell(
        lifecycle["config"], lifecycle["db"], f"uninstall_in_order(env, {UNINSTALL_ORDER!r}, {lifecycle['demo_ids']!r})"
    )
    seconds = time.perf_counter() - started
    first = steps[0]
    with capsys.disabled():
        print(
            f"\nuninstall in order {', '.join(UNINSTALL_ORDER)}: {first['adopted']} demo records adopted; Odoo's "
            f"records counted after each: {first['counts']}; "
            + "; ".join(
                f"{s['module']}: {s['storage'][0]} tables, {s['storage'][1]} columns dropped" for s in steps[1:]
            )
            + f"; {seconds:.0f} s"
        )
    expected_flows = dict(first["flows"], order="sale", invoice="posted", lead_won=True)
    assert first["flows"] == expected_flows, f"Odoo's flows do not work with the four modules: {first['flows']}"
    assert len(first["flows"]["views"]) == 10 and first["flows"]["customer"]
    for step in steps[1:]:
        module = step["module"]
        assert step["counts"] == first["counts"], f"uninstalling {module} changed Odoo's records: {step['counts']}"
        assert not step["changed"], f"uninstalling {module} changed Odoo's records: {step['changed']}"
        assert step["flows"] == expected_flows, f"after uninstalling {module}, Odoo's flows: {step['flows']}"
        left = step["leftovers"]
        assert left.pop("state") == "uninstalled"
        left.pop("parameters")  # reported, harmless
        assert not any(left.values()), f"uninstalling {module} left behind: {left}"
