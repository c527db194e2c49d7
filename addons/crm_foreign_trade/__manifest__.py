# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Foreign Trade CRM",
    "summary": "Export customer centre: classes, lifecycle, public pool, handover",
    "version": "18.0.1.1.0",
    "category": "Sales/CRM",
    "website": "https://github.com/foreign-trade-crm/crm-foreign-trade",
    "author": "Foreign Trade CRM Contributors",
    "maintainers": ["foreign-trade-crm"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": True,
    "installable": True,
    "depends": [
        "crm",
        "sale_management",
        "sale_crm",
        "account",
        "contacts",
        "portal",
        "mail",
    ],
    "data": [
        "security/crm_foreign_trade_security.xml",
        "security/ir.model.access.csv",
        "security/crm_foreign_trade_rules.xml",
        "data/ir_cron.xml",
        "wizard/customer_class_change_views.xml",
        "views/res_partner_views.xml",
        "views/crm_customer_pool_move_views.xml",
        "views/crm_customer_handover_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
    ],
}
