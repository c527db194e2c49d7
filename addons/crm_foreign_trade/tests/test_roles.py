# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ForeignTradeCommon


@tagged("post_install", "-at_install")
class TestRoles(ForeignTradeCommon):
    """The three sales roles the other modules build on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls.env["crm.lead"].create(
            {"name": "Cable tender Osaka", "type": "opportunity", "user_id": cls.colleague.id}
        )

    def test_general_manager_has_every_sales_right(self):
        self.assertTrue(self.general_manager.has_group("sales_team.group_sale_manager"))
        self.assertTrue(self.general_manager.has_group("sales_team.group_sale_salesman_all_leads"))
        # a colleague's opportunity is visible and editable
        lead = self.lead.with_user(self.general_manager)
        lead.write({"expected_revenue": 120000})
        self.assertEqual(lead.expected_revenue, 120000)

    def test_sales_manager_is_not_general_manager(self):
        self.assertFalse(self.manager.has_group("crm_foreign_trade.group_general_manager"))

    def test_salesperson_cannot_read_a_colleagues_opportunity(self):
        with self.assertRaises(AccessError):
            self.lead.with_user(self.salesperson).read(["name"])

    def test_general_manager_is_the_top_of_the_sales_rights(self):
        """In the user form the Sales rights offer General Manager above Administrator."""
        group = self.env.ref("crm_foreign_trade.group_general_manager")
        self.assertEqual(group.category_id, self.env.ref("base.module_category_sales_sales"))
        self.assertIn(self.env.ref("base.user_admin"), group.users)
