# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.crm_foreign_trade.tests.common_dashboard import DashboardCases


@tagged("post_install", "-at_install")
class TestCustomersDashboard(DashboardCases, BaseCommon):
    dashboard_xmlid = "crm_foreign_trade.spreadsheet_dashboard_customers"
    dashboard_file = "crm_foreign_trade/data/files/customers_dashboard.json"
    dashboard_models = {"res.partner", "crm.visit.report", "crm.visit.plan", "crm.sample.request"}
