# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.tests import tagged

from .common import ForeignTradeCommon


@tagged("post_install", "-at_install")
class TestPipelineCards(ForeignTradeCommon):
    def test_card_shows_the_customers_class_and_country(self):
        self.customer.write({"country_id": self.env.ref("base.de").id, "customer_class": "b"})
        lead = self.env["crm.lead"].create(
            {"name": "Cable tray", "type": "opportunity", "partner_id": self.buyer.id, "user_id": self.salesperson.id}
        )
        self.assertEqual((lead.customer_class, lead.customer_country_id), ("b", self.env.ref("base.de")))
        arch = self.env["crm.lead"].with_user(self.salesperson).get_views([(False, "kanban")])["views"]["kanban"]
        card = etree.fromstring(arch["arch"]).xpath("//t[@t-name='card']")[0]
        self.assertTrue(card.xpath(".//field[@name='customer_class']"))
        self.assertTrue(card.xpath(".//field[@name='customer_country_id']"))

    def test_pipeline_groups_by_class_when_the_customer_changes_class(self):
        lead = self.env["crm.lead"].create(
            {"name": "Cable tray", "type": "opportunity", "partner_id": self.customer.id}
        )
        self.customer.customer_class = "a"
        groups = self.env["crm.lead"].read_group([("id", "=", lead.id)], ["customer_class"], ["customer_class"])
        self.assertEqual([g["customer_class"] for g in groups], ["a"])
