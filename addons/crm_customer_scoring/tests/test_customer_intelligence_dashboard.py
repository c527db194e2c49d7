# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.crm_foreign_trade.tests.common_dashboard import DashboardCases


@tagged("post_install", "-at_install")
class TestCustomerIntelligenceDashboard(DashboardCases, BaseCommon):
    dashboard_xmlid = "crm_customer_scoring.spreadsheet_dashboard_customer_intelligence"
    dashboard_file = "crm_customer_scoring/data/files/customer_intelligence_dashboard.json"
    dashboard_models = {
        "crm.customer.score",
        "crm.customer.signal",
        "crm.customer.sales.month",
        "crm.lead",
        "crm.sales.kpi.report",
        "crm.lead.stage.log",
        "crm.funnel.analysis",
    }
