# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from odoo.addons.crm_foreign_trade.tests.multi_company_common import MultiCompanyCommon


@tagged("post_install", "-at_install")
class TestMultiCompany(MultiCompanyCommon):
    """A user of company A sees none of company B's competitor intelligence, and all of company A's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.competitor_a = cls.env["crm.competitor"].create({"name": "Zagreb Kabel", "company_id": cls.company_a.id})
        cls.competitor_b = cls.env["crm.competitor"].create({"name": "Tallinn Kaabel", "company_id": cls.company_b.id})
        cls.competitor_shared = cls.env["crm.competitor"].create({"name": "Global Wire Group", "company_id": False})

    def test_user_of_company_a_sees_no_competitor_of_company_b(self):
        self.assertCompanyIsolation(self.competitor_a | self.competitor_shared, self.competitor_b)

    def test_user_of_company_a_sees_no_competitor_order_of_company_b(self):
        orders = self.env["crm.competitor.order"].create(
            [
                {"partner_id": customer.id, "competitor_id": competitor.id, "company_id": competitor.company_id.id,
                 "amount": 12000.0, "user_id": False}
                for customer, competitor in ((self.customer_a, self.competitor_a), (self.customer_b, self.competitor_b))
            ]
        )  # fmt: skip
        self.assertCompanyIsolation(orders[0], orders[1])

    def test_user_of_company_a_sees_no_competitor_price_of_company_b(self):
        prices = self.env["crm.competitor.price"].create(
            [
                {"competitor_id": competitor.id, "product_id": self.product.id, "price": 95.0,
                 "company_id": competitor.company_id.id}
                for competitor in (self.competitor_a, self.competitor_b)
            ]
        )  # fmt: skip
        self.assertCompanyIsolation(prices[0], prices[1])

    def test_user_of_company_a_sees_no_lead_competitor_of_company_b(self):
        links = self.env["crm.lead.competitor"].create(
            [
                {"lead_id": self._lead(customer, competitor.company_id).id, "competitor_id": competitor.id,
                 "quoted_price": 98.0}
                for customer, competitor in ((self.customer_a, self.competitor_a), (self.customer_b, self.competitor_b))
            ]
        )  # fmt: skip
        self.assertEqual(links.company_id, self.company_a | self.company_b)
        self.assertCompanyIsolation(links[0], links[1])
