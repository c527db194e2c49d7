# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ForeignTradeCommon


@tagged("post_install", "-at_install")
class TestHandover(ForeignTradeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leaver = cls.salesperson
        cls.newcomer = cls._user("ft_newcomer", "sales_team.group_sale_salesman", "Newcomer")
        Partner = cls.env["res.partner"]
        cls.customers = Partner.create(
            [
                {"name": f"Handover Customer {i}", "is_company": True, "customer_rank": 1, "user_id": cls.leaver.id}
                for i in range(3)
            ]
        )
        cls.contact = Partner.create(
            {"name": "Buyer Contact", "parent_id": cls.customers[0].id, "user_id": cls.leaver.id}
        )
        cls.others = Partner.create({"name": "Not Handed Over", "is_company": True, "user_id": cls.leaver.id})
        product = cls.env["product.product"].create({"name": "H05VV-F cable"})
        cls.lead = cls.env["crm.lead"].create(
            {"name": "Cable reel tender", "type": "opportunity", "partner_id": cls.contact.id, "user_id": cls.leaver.id}
        )
        cls.quotation = cls.env["sale.order"].create(
            {
                "partner_id": cls.customers[1].id,
                "user_id": cls.leaver.id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 5})],
            }
        )
        cls.running = cls.quotation.copy()
        cls.running.action_confirm()
        for record in (cls.customers[0], cls.lead, cls.quotation):
            record.activity_schedule("mail.mail_activity_data_call", user_id=cls.leaver.id, summary="Follow up")
            record.message_subscribe(partner_ids=cls.leaver.partner_id.ids)

    def _handover(self, partners):
        handover = (
            self.env["crm.customer.handover"]
            .with_user(self.manager)
            .create({"from_user_id": self.leaver.id, "to_user_ids": [(6, 0, (self.colleague | self.newcomer).ids)]})
        )
        handover.line_ids = [
            (0, 0, {"partner_id": p.id, "to_user_id": (self.colleague, self.newcomer)[i % 2].id})
            for i, p in enumerate(partners)
        ]
        return handover

    def test_handover_leaves_nothing_with_the_leaver(self):
        handover = self._handover(self.customers)
        self.assertEqual(handover.line_ids[0].open_opportunity_count, 1)
        handover.action_done()
        family = self.env["res.partner"].search([("id", "child_of", self.customers.ids)])
        self.assertFalse(family.filtered(lambda p: p.user_id == self.leaver))
        records = [self.lead, self.quotation, self.running]
        for record in records:
            self.assertNotEqual(record.user_id, self.leaver)
            self.assertNotIn(self.leaver.partner_id, record.message_partner_ids)
        self.assertEqual(self.lead.user_id, self.colleague, "follows its customer (first line, the colleague)")
        self.assertEqual(self.quotation.user_id, self.newcomer)
        activities = self.env["mail.activity"].search([("user_id", "=", self.leaver.id)])
        self.assertFalse(activities)
        self.assertIn(self.colleague.partner_id, self.customers[0].message_partner_ids)
        self.assertEqual(len(handover.move_ids), 3)
        for customer in self.customers:
            self.assertEqual(len(customer.message_ids.filtered(lambda m: "Handover" in (m.body or ""))), 1)
        self.assertEqual(self.others.user_id, self.leaver, "customers not selected stay")
        self.assertEqual(handover.state, "done")
        with self.assertRaises(UserError):
            handover.action_done()

    def test_load_customers_shares_out_every_customer(self):
        handover = self._handover(self.env["res.partner"])
        handover.action_load_customers()
        self.assertEqual(handover.line_ids.partner_id, self.customers | self.others)
        self.assertEqual(set(handover.line_ids.to_user_id.ids), {self.colleague.id, self.newcomer.id})
        handover.action_done()
        self.assertEqual(self.env["res.partner"].search_count([("user_id", "=", self.leaver.id)]), 0)

    def test_leaver_cannot_receive(self):
        handover = self._handover(self.customers[:1])
        handover.line_ids.to_user_id = self.leaver
        with self.assertRaisesRegex(UserError, "cannot receive"):
            handover.action_done()

    def test_salesperson_cannot_hand_over(self):
        with self.assertRaises(AccessError):
            self.env["crm.customer.handover"].with_user(self.colleague).create({"from_user_id": self.leaver.id})
