# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The L/C at sight term moves here from crm_customer_scoring: keep the record, rename its xmlid.
The pool's visibility rules now follow the companies' switch: they are updated from the module again."""


def migrate(cr, version):
    cr.execute(
        """UPDATE ir_model_data SET noupdate = FALSE
            WHERE module = 'crm_foreign_trade' AND name IN ('rule_partner_salesperson_own_and_pool',
                  'rule_partner_sales_manager_team', 'rule_partner_general_manager_all')"""
    )
    cr.execute(
        """UPDATE ir_model_data SET module = 'crm_foreign_trade'
            WHERE module = 'crm_customer_scoring' AND name = 'payment_term_lc_sight'
              AND NOT EXISTS (SELECT 1 FROM ir_model_data
                               WHERE module = 'crm_foreign_trade' AND name = 'payment_term_lc_sight')"""
    )
