# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.crm_foreign_trade.tests.common_dashboard import DashboardCases


@tagged("post_install", "-at_install")
class TestExportExecutionDashboard(DashboardCases, BaseCommon):
    dashboard_xmlid = "crm_order_execution.spreadsheet_dashboard_export_execution"
    dashboard_file = "crm_order_execution/data/files/export_execution_dashboard.json"
    dashboard_models = {"sale.execution.step", "sale.letter.credit"}
