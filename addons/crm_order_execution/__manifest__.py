# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Foreign Trade CRM: Export Order Execution",
    "summary": "Export order checklists, milestone alerts, letters of credit, export documents",
    "version": "18.0.1.1.0",
    "category": "Sales/Sales",
    "website": "https://github.com/foreign-trade-crm/crm-foreign-trade",
    "author": "Foreign Trade CRM Contributors",
    "maintainers": ["foreign-trade-crm"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "installable": True,
    "depends": ["crm_foreign_trade", "resource"],
    "external_dependencies": {"python": ["num2words"]},
    "data": [
        "security/crm_order_execution_security.xml",
        "security/ir.model.access.csv",
        "security/sale_execution_step_rules.xml",
        "security/sale_letter_credit_rules.xml",
        "data/sale_execution_template_data.xml",
        "data/ir_cron.xml",
        "data/mail_template_data.xml",
        "views/sale_execution_views.xml",
        "views/sale_execution_step_views.xml",
        "views/sale_letter_credit_views.xml",
        "views/account_payment_term_views.xml",
        "views/sale_execution_report_views.xml",
        "views/res_config_settings_views.xml",
        "views/sale_portal_templates.xml",
        "report/export_document_templates.xml",
        "report/export_document_reports.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_order_execution/static/tests/tours/*.js",
        ],
    },
}
