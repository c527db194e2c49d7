# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Rebuild every company's sales months in the new storage and point the churn signals back at their
months (pre-migration kept them aside)."""

from odoo import SUPERUSER_ID, api

from odoo.addons.crm_customer_scoring.models.crm_customer_sales_month import month_id_sql


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for company in env["res.company"].search([]):
        env["crm.customer.sales.month"].with_company(company).compute_months()
    cr.execute("SELECT to_regclass('crm_customer_sales_month_evidence')")
    if not cr.fetchone()[0]:
        return
    cr.execute(
        f"""
        UPDATE crm_customer_signal signal
           SET evidence_ref = 'crm.customer.sales.month,' || {month_id_sql("history.id", "kept.month")}
          FROM crm_customer_sales_month_evidence kept
          JOIN crm_customer_sales_history history
            ON history.partner_id = kept.partner_id AND history.company_id = kept.company_id
         WHERE signal.id = kept.signal_id
        """
    )
    cr.execute("DROP TABLE crm_customer_sales_month_evidence")
