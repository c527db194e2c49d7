# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Foreign Trade CRM: Customer Scoring",
    "summary": "Customer ranking, ABC classes, churn warning, credit limits and payment terms by class",
    "version": "18.0.1.3.0",
    "category": "Sales/CRM",
    "website": "https://github.com/foreign-trade-crm/crm-foreign-trade",
    "author": "Foreign Trade CRM Contributors",
    "maintainers": ["foreign-trade-crm"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "installable": True,
    # credit exposure and blocking from OCA credit-control, approvals from OCA tier validation (AGPL-3)
    # margins from sale_margin's cost at the time of sale, satisfaction on Odoo's survey, reminders counted
    # by OCA's account_invoice_overdue_reminder (AGPL-3)
    "depends": [
        "crm_foreign_trade",
        "sale_financial_risk",
        "sale_tier_validation",
        "sale_margin",
        "survey",
        "account_invoice_overdue_reminder",
    ],
    "data": [
        "security/res_groups.xml",
        "security/ir.model.access.csv",
        "security/crm_credit_application_rules.xml",
        "data/account_payment_term_data.xml",
        "data/crm_customer_scoring_data.xml",
        "views/customer_intelligence_menus.xml",
        "views/crm_credit_application_views.xml",
        "views/wizard_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "security/crm_customer_sales_month_rules.xml",
        "data/crm_customer_sales_month_data.xml",
        "views/crm_customer_sales_month_views.xml",
        "views/res_partner_dynamics_views.xml",
        "views/res_config_settings_dynamics_views.xml",
        "security/crm_customer_signal_rules.xml",
        "data/crm_customer_signal_data.xml",
        "views/crm_customer_signal_views.xml",
        "views/crm_customer_signal_rule_views.xml",
        "views/crm_customer_feedback_views.xml",
        "views/mail_activity_response_views.xml",
        "views/res_partner_churn_views.xml",
        "views/res_config_settings_churn_views.xml",
    ],
    "demo": ["demo/crm_customer_scoring_demo.xml"],
    "assets": {
        "web.assets_backend": [
            "crm_customer_scoring/static/src/*.js",
            "crm_customer_scoring/static/src/churn/*",
        ],
        "web.assets_tests": [
            "crm_customer_scoring/static/tests/tours/*.js",
        ],
    },
}
