# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.crm_foreign_trade.tests.common_dashboard import DashboardCases


@tagged("post_install", "-at_install")
class TestCompetitorsDashboard(DashboardCases, BaseCommon):
    dashboard_xmlid = "crm_competitor.spreadsheet_dashboard_competitors"
    dashboard_file = "crm_competitor/data/files/competitors_dashboard.json"
    dashboard_models = {"crm.lead.competitor", "crm.competitor.order"}
