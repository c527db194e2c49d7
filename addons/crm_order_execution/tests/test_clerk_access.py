# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ExecutionCommon

EVERY_POLICY = {
    "credit_policy": True,
    "execution_checklists": True,
    "quotation_consistency": True,
    "quotation_price_tolerance": 0.0,
    "pool_enabled": True,
    "collision_check": True,
    "visit_planning": True,
    "sample_free_value": 0.0,
    "new_customer_max_orders": 0,
}


@tagged("post_install", "-at_install")
class TestClerkAccess(ExecutionCommon):
    """Under the public pool the clerk still works every export order of the company, whoever sells it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.pool_enabled = True
        # the salesperson's own customer: under the pool, other salespeople do not see it
        cls.exporter.write({"user_id": cls.salesperson.id, "company_id": cls.env.company.id})
        cls.buyer = cls.env["res.partner"].create({"name": "Jonas Weber", "parent_id": cls.exporter.id})
        cls.company_b = cls.env["res.company"].create({"name": "Baltic Export Company B", "execution_checklists": True})
        cls.clerk_b = mail_new_test_user(
            cls.env,
            login="ft_ex_clerk_b",
            groups="base.group_user,crm_order_execution.group_execution_clerk",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Riga Wire Works SIA", "is_company": True, "company_id": cls.company_b.id,
             "trade_channel": "direct_export"}
        )  # fmt: skip

    def _clerk_works_the_order(self, order):
        """What the clerk does on an order: open it, its customer and contacts, its checklist, tick a step."""
        self.env.invalidate_all()
        as_clerk = order.with_user(self.clerk)
        as_clerk.read(["name", "partner_id", "partner_invoice_id", "partner_shipping_id", "execution_step_ids"])
        self.assertEqual(as_clerk.partner_id.name, self.exporter.name)
        self.assertEqual(as_clerk.partner_id.child_ids.mapped("name"), [self.buyer.name])
        steps = as_clerk.execution_step_ids
        steps.read(["name", "state", "user_id", "partner_id", "date_planned"])
        packing = steps.filtered(
            lambda s: s.template_step_id == self.env.ref("crm_order_execution.step_direct_packing")
        )
        packing.action_done()
        self.assertEqual(packing.state, "done")

    def test_the_pool_hides_the_customer_from_other_salespeople(self):
        # what the clerk rule is about: the pool rule is on and applies to the clerk's salesperson group
        with self.assertRaises(AccessError):
            self.exporter.with_user(self.colleague).read(["name"])

    def test_clerk_reads_the_order_its_customer_and_ticks_its_checklist_under_the_pool(self):
        order = self._order()
        order.action_confirm()
        self._clerk_works_the_order(order)
        self.assertIn(self.exporter, self.env["res.partner"].with_user(self.clerk).search([]))

    def test_clerk_reads_the_customer_but_does_not_change_it(self):
        self.assertTrue(self.exporter.with_user(self.clerk).read(["name"]))
        with self.assertRaises(AccessError):
            self.exporter.with_user(self.clerk).write({"name": "Nordlicht Elektro AG"})

    def test_clerk_works_the_order_with_every_policy_on(self):
        self.env.company.write(dict(EVERY_POLICY, execution_default_clerk_id=self.clerk.id))
        self.exporter.write(
            {
                "customer_class": "b",
                "credit_limit": 1e9,
                "property_payment_term_id": self.env.ref("account.account_payment_term_immediate").id,
            }
        )
        order = self._order()
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")
        self._clerk_works_the_order(order)

    def test_another_companys_clerk_and_customers_stay_invisible(self):
        order_b = self.env["sale.order"].create(
            {
                "partner_id": self.customer_b.id,
                "company_id": self.company_b.id,
                "order_line": [Command.create({"product_id": self.products[0].id, "product_uom_qty": 1})],
            }
        )
        order_b.action_confirm()
        self.assertTrue(order_b.execution_step_ids, "company B's order has its checklist")
        self.env.invalidate_all()
        partners = self.env["res.partner"].with_user(self.clerk)
        self.assertNotIn(self.customer_b, partners.search([]))
        with self.assertRaises(AccessError):
            partners.browse(self.customer_b.id).read(["name"])
        self.assertFalse(self.env["sale.order"].with_user(self.clerk).search([("id", "=", order_b.id)]))
        self.assertFalse(self.env["sale.execution.step"].with_user(self.clerk).search([("order_id", "=", order_b.id)]))
        # and the other way round: company B's clerk reads B's customer, not A's
        as_clerk_b = self.env["res.partner"].with_user(self.clerk_b)
        self.assertTrue(as_clerk_b.browse(self.customer_b.id).read(["name"]))
        with self.assertRaises(AccessError):
            as_clerk_b.browse(self.exporter.id).read(["name"])
