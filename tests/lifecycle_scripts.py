"""What tests/test_lifecycle.py runs inside `odoo shell` (each function self-contained: its source is sent to a shell
on the database, under the addons of the version being measured). Each returns JSON-ready figures."""


def snapshot(env, modules):
    """Every record and setting the modules keep, as the database holds them.

    - models: each model the modules add with a table: {table: {id: {column: value}}}, every column;
    - fields: each column the modules add to Odoo's models: {"table.column": {id: value}}, and the rows of the
      many2many tables of the modules' fields;
    - companies: the res.company fields of the modules (their policies): {company id: {field: value}};
    - settings: the res.config.settings fields of the modules as Settings opens for each company;
    - params: the modules' ir.config_parameter;
    - names: the ORM's reading of computed names a migration rewrites ({"model": {id: name}}, in English);
    - odoo: counts of Odoo's own records (partners, orders, invoices, leads, activities, messages, users).
    """
    import json

    cr = env.cr
    cr.execute(
        """SELECT DISTINCT m.model FROM ir_model_data d JOIN ir_model m ON m.id = d.res_id
            WHERE d.model = 'ir.model' AND d.module = ANY(%s)""",
        [modules],
    )
    own_models = sorted(row[0] for row in cr.fetchall())
    # a model is the modules' own when no other module declares it
    cr.execute(
        """SELECT m.model FROM ir_model_data d JOIN ir_model m ON m.id = d.res_id
            WHERE d.model = 'ir.model' AND NOT d.module = ANY(%s)""",
        [modules],
    )
    odoo_models = {row[0] for row in cr.fetchall()}
    own_models = [name for name in own_models if name not in odoo_models and name in env]
    models = {}
    for name in own_models:
        model = env[name]
        if model._abstract or model._transient or not model._auto:
            continue
        cr.execute(f'SELECT id, to_jsonb(t) FROM "{model._table}" t ORDER BY id')
        models[model._table] = {str(row_id): values for row_id, values in cr.fetchall()}

    cr.execute(
        """SELECT f.model, f.name FROM ir_model_data d JOIN ir_model_fields f ON f.id = d.res_id
            WHERE d.model = 'ir.model.fields' AND d.module = ANY(%s)
              -- a field an Odoo module declares too (sale_stock's incoterm) is Odoo's, as a model is
              AND NOT EXISTS (SELECT 1 FROM ir_model_data o WHERE o.model = 'ir.model.fields'
                                 AND o.res_id = d.res_id AND NOT o.module = ANY(%s))
            ORDER BY f.model, f.name""",
        [modules, modules],
    )
    own_fields = [(m, f) for m, f in cr.fetchall() if m in env and f in env[m]._fields]
    columns, relations = {}, {}
    for model_name, fname in own_fields:
        model, field = env[model_name], env[model_name]._fields[fname]
        if model._abstract or model._transient or not model._auto:
            continue
        if field.type == "many2many" and field.store:
            cr.execute(f'SELECT "{field.column1}", "{field.column2}" FROM "{field.relation}"')
            relations[field.relation] = sorted(list(row) for row in cr.fetchall())
        elif field.store and field.column_type and model_name not in own_models:
            cr.execute(f'SELECT id, to_jsonb("{fname}") FROM "{model._table}" ORDER BY id')
            columns[f"{model._table}.{fname}"] = {str(row_id): value for row_id, value in cr.fetchall()}

    company_fields = [f for m, f in own_fields if m == "res.company" and env["res.company"]._fields[f].store]
    companies = env["res.company"].sudo().with_context(active_test=False).search([])
    policies = {
        str(company.id): json.loads(json.dumps(company.read(company_fields)[0], default=str)) for company in companies
    }
    settings_fields = [f for m, f in own_fields if m == "res.config.settings"]
    settings = {}
    for company in companies:
        wizard = env["res.config.settings"].with_company(company).with_context(allowed_company_ids=company.ids)
        values = wizard.create({}).read(settings_fields)[0]
        values.pop("id")  # a new Settings record each time
        settings[str(company.id)] = json.loads(json.dumps(values, default=str))
    cr.execute(
        "SELECT key, value FROM ir_config_parameter WHERE key LIKE ANY(%s) ORDER BY key",
        [[f"{module}.%" for module in modules]],
    )
    params = dict(cr.fetchall())
    names = {}
    if "sale.execution.step" in env:
        steps = env["sale.execution.step"].with_context(lang="en_US", active_test=False).search([])
        names["sale.execution.step"] = {str(step.id): step.name for step in steps}
    odoo = {}
    for name, domain in {
        "res.partner": [],
        "res.users": [],
        "sale.order": [],
        "account.move": [("move_type", "!=", "entry")],
        "crm.lead": [],
        "mail.activity": [],
        "mail.message": [("model", "not in", own_models)],
    }.items():
        odoo[name] = env[name].with_context(active_test=False).search_count(domain)
    leads = env["crm.lead"].with_context(active_test=False)
    partners = env["res.partner"].with_context(active_test=False)
    rules = {
        "opportunities": leads.search([("type", "=", "opportunity")]).ids,
        # crm_foreign_trade 18.0.1.3.0: a customer without an order is a prospect, not new; a team leader who
        # is no member of a team works in the team she leads
        "new_prospects": partners.search_count([("is_new_customer", "=", True), ("first_order_date", "=", False)]),
        "leaders_without_team": env["res.users"]
        .with_context(active_test=False)
        .search_count([("sale_team_id", "=", False), ("id", "in", env["crm.team"].search([]).user_id.ids)]),
    }
    return {
        "rules": rules,
        "models": models,
        "columns": columns,
        "relations": relations,
        "companies": policies,
        "settings": settings,
        "params": params,
        "names": names,
        "odoo": odoo,
    }


# the four modules (tests/conftest.py)
MODULES = ["crm_foreign_trade", "crm_customer_scoring", "crm_competitor", "crm_order_execution"]
# Odoo's own records counted around an uninstall
CORE = {
    "res.partner": [],
    "res.users": [],
    "sale.order": [],
    "sale.order.line": [],
    "account.move": [("move_type", "!=", "entry")],
    "account.move.line": [],
    "crm.lead": [],
    "mail.activity": [],
    "mail.message": [],
}


def own_models(env, modules):
    """The models `modules` add (no other module declares them)."""
    env.cr.execute(
        """SELECT m.model FROM ir_model_data d JOIN ir_model m ON m.id = d.res_id
            WHERE d.model = 'ir.model' AND d.module = ANY(%s)
           EXCEPT
           SELECT m.model FROM ir_model_data d JOIN ir_model m ON m.id = d.res_id
            WHERE d.model = 'ir.model' AND NOT d.module = ANY(%s)""",
        [modules, modules],
    )
    return sorted(row[0] for row in env.cr.fetchall())


def measure(env, ours, owned):
    """Odoo's records: their rows in the columns of Odoo's fields, {table: {id: {column: value}}}.

    Records of the modules' models (`ours`) and the modules' own records (`owned`, (model, id) of their data
    records: Odoo deletes them with their module), with their messages and activities, are left out."""
    rows = {}
    for name, domain in CORE.items():
        model = env[name].with_context(active_test=False)
        ids = set(model.search(domain).ids)
        # Odoo's fields: declared by an Odoo module (those the four modules only override included)
        env.cr.execute(
            """SELECT f.name FROM ir_model_fields f
                WHERE f.model = %s AND f.store AND f.ttype NOT IN ('one2many', 'many2many')
                  AND f.name NOT IN ('write_date', 'write_uid')
                  AND EXISTS (SELECT 1 FROM ir_model_data d WHERE d.model = 'ir.model.fields'
                                 AND d.res_id = f.id AND d.module <> ALL(%s))""",
            [name, MODULES],
        )
        cols = sorted(c for (c,) in env.cr.fetchall() if c in model._fields and model._fields[c].column_type)
        env.cr.execute(f'SELECT id, to_jsonb(t) FROM "{model._table}" t')
        rows[model._table] = {
            row_id: {c: values.get(c) for c in cols}
            for row_id, values in env.cr.fetchall()
            if row_id in ids
            and (name, row_id) not in owned
            and values.get("model", values.get("res_model")) not in ours
            and (values.get("model", values.get("res_model")), values.get("res_id")) not in owned
        }
    return rows


def changed(before, after):
    """{table: {column: number of rows whose value changed}}, or the ids of the rows gone or added."""
    out = {}
    for table, rows in before.items():
        new = after[table]
        if rows.keys() != new.keys():
            out[table] = {
                "rows gone": sorted(rows.keys() - new.keys()),
                "rows added": sorted(new.keys() - rows.keys()),
            }
            continue
        columns = {}
        for row_id, values in rows.items():
            for column, value in values.items():
                if new[row_id].get(column) != value:
                    columns[column] = columns.get(column, 0) + 1
        if columns:
            out[table] = columns
    return out


def flows(env):
    """Odoo's own flows: a sale order for the customer of the latest order confirmed and invoiced, the invoice
    posted, an opportunity won; every partner, order, invoice and lead read (as their forms do: a reference to a
    deleted record fails); the forms and lists of their models and Settings open."""
    from odoo import Command

    customer = env["sale.order"].search([("state", "=", "sale")], order="id desc", limit=1).partner_id
    product = env["product.product"].create(
        {"name": "Lifecycle Check Cable", "type": "consu", "list_price": 10.0, "invoice_policy": "order"}
    )
    order = env["sale.order"].create(
        {
            "partner_id": customer.id,
            "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 2, "price_unit": 10.0})],
        }
    )
    order.action_confirm()
    invoice = order._create_invoices()
    invoice.action_post()
    lead = env["crm.lead"].create(
        {"name": "Lifecycle Check Opportunity", "type": "opportunity", "partner_id": customer.id}
    )
    lead.action_set_won()
    read = 0
    for name, domain in (("res.partner", []), ("sale.order", []), ("account.move", [("move_type", "!=", "entry")]),
                         ("crm.lead", [])):  # fmt: skip
        records = env[name].with_context(active_test=False).search(domain)
        records.read([fname for fname, field in records._fields.items() if field.type != "binary"])
        read += len(records)
    return {
        "customer": customer.id,
        "order": order.state,
        "invoice": invoice.state,
        "invoice_total": invoice.amount_total,
        "lead_won": bool(lead.stage_id.is_won and lead.probability == 100),
        "records_read": read,
        "views": sorted(
            f"{model}:{kind}"
            for model in ("res.partner", "sale.order", "account.move", "crm.lead", "res.config.settings")
            for kind in ("form", "list")
            if env[model].get_views([(False, kind)])["views"][kind]["arch"]
        ),
    }


def leftovers(env, module, tables, columns):
    """What an uninstalled module left behind."""
    cr = env.cr
    found = {}
    cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [module])
    found["state"] = cr.fetchone()[0]
    cr.execute("SELECT model || ',' || name FROM ir_model_data WHERE module = %s", [module])
    found["xmlids"] = [r[0] for r in cr.fetchall()]
    cr.execute("SELECT t FROM unnest(%s::text[]) t WHERE to_regclass(t) IS NOT NULL", [tables])
    found["tables"] = [r[0] for r in cr.fetchall()]
    cr.execute(
        "SELECT table_name || '.' || column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name || '.' || column_name = ANY(%s)",
        [columns],
    )
    found["columns"] = sorted(r[0] for r in cr.fetchall())
    cr.execute("SELECT model FROM ir_model")
    found["models"] = sorted(m for (m,) in cr.fetchall() if m not in env.registry)
    cr.execute("SELECT model, name FROM ir_model_fields")
    found["fields"] = sorted(
        f"{m}.{f}" for m, f in cr.fetchall() if m in env.registry and f not in env.registry[m]._fields
    )
    cr.execute("SELECT DISTINCT res_model FROM ir_act_window")
    found["actions"] = sorted(m for (m,) in cr.fetchall() if m not in env.registry)
    cr.execute("SELECT key FROM ir_config_parameter WHERE key LIKE %s", [f"{module}.%"])
    found["parameters"] = sorted(r[0] for r in cr.fetchall())
    return found


def own_storage(env, module):
    """The tables and the columns on other tables that `module`'s fields occupy."""
    env.cr.execute(
        """SELECT f.model, f.name FROM ir_model_data d JOIN ir_model_fields f ON f.id = d.res_id
            WHERE d.model = 'ir.model.fields' AND d.module = %s""",
        [module],
    )
    fields = env.cr.fetchall()
    tables, columns = set(), set()
    mine = set(own_models(env, [module]))
    for model_name, fname in fields:
        if model_name not in env or fname not in env[model_name]._fields:
            continue
        model, field = env[model_name], env[model_name]._fields[fname]
        if model._abstract or model._transient or not model._auto:
            continue
        if model_name in mine:
            tables.add(model._table)
        elif field.type == "many2many" and field.store:
            tables.add(field.relation)
        elif field.store and field.column_type:
            columns.add(f"{model._table}.{fname}")
    return sorted(tables), sorted(columns)


def savepoint_flows(env):
    """flows(), rolled back: the counts stay those of the database."""
    try:
        with env.cr.savepoint(flush=False):
            result = flows(env)
            env.flush_all()
            raise _Rollback(result)
    except _Rollback as done:
        env.invalidate_all()
        return done.args[0]


class _Rollback(Exception):
    """The way out of the flows' savepoint, with their result."""


def uninstall_in_order(env, order, adopted_xmlids):
    """Uninstall `order`'s modules one by one through Settings' Uninstall (button_immediate_uninstall), each in
    its own registry; before the first and after each: counts of Odoo's records, a signature of their Odoo
    columns, Odoo's flows, and what the uninstalled module left behind. Returns the figures of each step.

    `adopted_xmlids`: the xml ids of the modules' demo records; they lose them first, so that these records
    are what they stand for, records a user created (Odoo deletes a module's own records with it)."""
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    dbname = env.cr.dbname
    # the shell's transaction (its context_get) would lock out dropping the modules' foreign keys to res_users
    env.cr.rollback()
    with Registry(dbname).cursor() as cr:
        # their demo records and those made with them (a user's partner, a product's template, a team's alias)
        cr.execute(
            """DELETE FROM ir_model_data d USING unnest(%s::text[]) demo
                WHERE d.module = split_part(demo, '.', 1) AND d.module = ANY(%s)
                  AND (d.name = split_part(demo, '.', 2) OR d.name LIKE split_part(demo, '.', 2) || '\\_%%')""",
            [adopted_xmlids, order],
        )
        adopted = cr.rowcount
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
        ours = own_models(env, list(order))
        cr.execute("SELECT model, res_id FROM ir_model_data WHERE module = ANY(%s)", [list(order)])
        owned = {tuple(row) for row in cr.fetchall()}
        rows = measure(env, ours, owned)
        counts = {table: len(records) for table, records in rows.items()}
        steps = [{"module": None, "counts": counts, "flows": savepoint_flows(env), "adopted": adopted}]
    for module in order:
        with Registry(dbname).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
            tables, columns = own_storage(env, module)
            env["ir.module.module"].search([("name", "=", module)]).button_immediate_uninstall()
        with Registry(dbname).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
            new_rows = measure(env, ours, owned)
            steps.append(
                {
                    "module": module,
                    "counts": {table: len(records) for table, records in new_rows.items()},
                    "changed": changed(rows, new_rows),
                    "flows": savepoint_flows(env),
                    "leftovers": leftovers(env, module, tables, columns),
                    "storage": [len(tables), len(columns)],
                }
            )
            rows = new_rows
    return steps
