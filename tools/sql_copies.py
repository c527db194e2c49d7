"""SQL copies of template rows, for the benchmarks that generate a large company quickly."""


def columns(cr, table):
    """The columns of `table` but its id, in their order."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name != 'id' "
        "ORDER BY ordinal_position",
        (table,),
    )
    return [row[0] for row in cr.fetchall()]


def select_list(cols, overrides, alias):
    """The SELECT list copying `cols` of the rows `alias`, each column copied unless an SQL expression overrides it."""
    return ", ".join(overrides.get(col, f"{alias}.{col}") for col in cols)


def copy_rows(cr, table, source, overrides, params):
    """INSERT .. SELECT copies of `table` rows: `source` is the FROM/WHERE giving the template rows `t`, each
    column copied unless an SQL expression overrides it. Returns the new ids."""
    cols = columns(cr, table)
    cr.execute(
        f"INSERT INTO {table} ({', '.join(cols)}) SELECT {select_list(cols, overrides, 't')} {source} RETURNING id",
        params,
    )
    return [row[0] for row in cr.fetchall()]
