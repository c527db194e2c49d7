# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Foreign Trade CRM: Competitors",
    "summary": "Competitors, competitor orders, lost-deal capture and win/loss analysis",
    "version": "18.0.1.1.0",
    "category": "Sales/CRM",
    "website": "https://github.com/foreign-trade-crm/crm-foreign-trade",
    "author": "Foreign Trade CRM Contributors",
    "maintainers": ["foreign-trade-crm"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "installable": True,
    "depends": ["crm_foreign_trade", "spreadsheet_dashboard"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_competitor_security.xml",
        "data/crm_competitor_certification_data.xml",
        "views/crm_competitor_views.xml",
        "views/crm_lead_views.xml",
        "report/crm_competitor_report.xml",
        "wizard/crm_competitor_share_views.xml",
        "data/competitors_dashboard.xml",
    ],
    "assets": {
        # graph views are loaded on demand, with Odoo's graph view
        "web.assets_backend_lazy": [
            "crm_competitor/static/src/views/*.js",
        ],
        "web.assets_tests": [
            "crm_competitor/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/crm_competitor_demo.xml",
    ],
}
