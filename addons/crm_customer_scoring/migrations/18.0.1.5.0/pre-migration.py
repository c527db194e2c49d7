# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The sales months become a view of one row per customer: the table of months goes (its rows are derived
from the invoices and rebuilt after the upgrade); the months that churn signals point at are kept aside to
point the signals at the same months of the view (post-migration)."""


def migrate(cr, version):
    cr.execute("SELECT relkind FROM pg_class WHERE relname = 'crm_customer_sales_month'")
    row = cr.fetchone()
    if not row or row[0] != "r":
        return
    cr.execute(
        """
        CREATE TABLE crm_customer_sales_month_evidence AS
        SELECT signal.id AS signal_id, month.partner_id, month.company_id, month.month
          FROM crm_customer_signal signal
          JOIN crm_customer_sales_month month
            ON signal.evidence_ref = 'crm.customer.sales.month,' || month.id
        """
    )
    cr.execute("DROP TABLE crm_customer_sales_month CASCADE")
