# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def keep_payment_terms(env, module):
    """The payment terms `module` installed stay when it is uninstalled, as terms a user created: orders,
    invoices and customers use them (Odoo deletes a module's records with it, and the orders' and invoices'
    term with them)."""
    env.cr.execute(
        "DELETE FROM ir_model_data WHERE module = %s AND model = 'account.payment.term'",
        [module],
    )


def uninstall_hook(env):
    """Letter of Credit at Sight stays (its L/C mark goes with the module)."""
    keep_payment_terms(env, "crm_foreign_trade")
