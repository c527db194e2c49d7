# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Checklist steps read their template step's name: the stored names become the steps' own names, and
those equal to their template step's (English) name are cleared, so the step reads it in every language.
A database of 18.0.1.2.0 from before the steps' names were translated keeps them in a plain text column: it is
converted as Odoo converts a field that becomes translated (the name in English)."""

from odoo.tools.sql import column_exists, convert_column_translatable, rename_column, table_columns


def migrate(cr, version):
    if not column_exists(cr, "sale_execution_step", "name") or column_exists(cr, "sale_execution_step", "custom_name"):
        return
    rename_column(cr, "sale_execution_step", "name", "custom_name")
    cr.execute("ALTER TABLE sale_execution_step ALTER COLUMN custom_name DROP NOT NULL")
    if table_columns(cr, "sale_execution_step")["custom_name"]["udt_name"] != "jsonb":
        convert_column_translatable(cr, "sale_execution_step", "custom_name", "jsonb")
    cr.execute(
        """
        UPDATE sale_execution_step step
           SET custom_name = NULL
          FROM sale_execution_template_step template_step
         WHERE template_step.id = step.template_step_id
           AND step.custom_name->>'en_US' = template_step.name->>'en_US'
        """
    )
