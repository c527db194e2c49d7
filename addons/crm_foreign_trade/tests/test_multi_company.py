# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, fields
from odoo.tests import tagged

from .multi_company_common import MultiCompanyCommon


@tagged("post_install", "-at_install")
class TestMultiCompany(MultiCompanyCommon):
    """A user of company A sees none of company B's customer records, and all of company A's."""

    def _visit(self, customer, company):
        return self.env["crm.visit.report"].create(
            {
                "partner_id": customer.id,
                "company_id": company.id,
                "user_id": self.salesperson_a.id,
                "purpose": "Annual review of cable demand",
                "next_step_ids": [Command.create({"name": "Send the new catalogue"})],
            }
        )

    def _sample(self, customer, company):
        return self.env["crm.sample.request"].create(
            {
                "partner_id": customer.id,
                "company_id": company.id,
                "user_id": False,
                "line_ids": [Command.create({"product_id": self.product.id, "quantity": 2})],
            }
        )

    def _handover(self, customer, company, from_user):
        return self.env["crm.customer.handover"].create(
            {
                "from_user_id": from_user.id,
                "company_id": company.id,
                "line_ids": [Command.create({"partner_id": customer.id, "to_user_id": self.salesperson_a.id})],
            }
        )

    def test_user_of_company_a_sees_no_visit_of_company_b(self):
        visit_a = self._visit(self.customer_a, self.company_a)
        visit_b = self._visit(self.customer_b, self.company_b)
        self.assertCompanyIsolation(visit_a, visit_b)
        self.assertCompanyIsolation(visit_a.next_step_ids, visit_b.next_step_ids)

    def test_user_of_company_a_sees_no_visit_plan_of_company_b(self):
        plans = self.env["crm.visit.plan"].create(
            [
                {"partner_id": customer.id, "company_id": company.id, "user_id": self.salesperson_a.id,
                 "visitor_role": "salesperson", "date_due": fields.Date.today()}
                for customer, company in ((self.customer_a, self.company_a), (self.customer_b, self.company_b))
            ]
        )  # fmt: skip
        self.assertCompanyIsolation(plans[0], plans[1])

    def test_user_of_company_a_sees_no_sample_of_company_b(self):
        sample_a = self._sample(self.customer_a, self.company_a)
        sample_b = self._sample(self.customer_b, self.company_b)
        self.assertCompanyIsolation(sample_a, sample_b)
        self.assertCompanyIsolation(sample_a.line_ids, sample_b.line_ids)

    def test_user_of_company_a_sees_no_handover_of_company_b(self):
        handover_a = self._handover(self.customer_a, self.company_a, self.manager_a)
        handover_b = self._handover(self.customer_b, self.company_b, self.salesperson_b)
        # handovers are a sales manager's work: salespeople have no access to them at all
        self.assertCompanyIsolation(handover_a, handover_b, users=self.manager_a)
        self.assertCompanyIsolation(handover_a.line_ids, handover_b.line_ids, users=self.manager_a)

    def test_user_of_company_a_sees_no_pool_move_of_company_b(self):
        moves = self.env["crm.customer.pool.move"].create(
            [
                {"partner_id": customer.id, "company_id": company.id, "move_type": "release",
                 "from_user_id": self.salesperson_a.id, "reason": "No order for a year"}
                for customer, company in ((self.customer_a, self.company_a), (self.customer_b, self.company_b))
            ]
        )  # fmt: skip
        self.assertCompanyIsolation(moves[0], moves[1])

    def test_user_of_company_a_sees_no_decision_contact_of_company_b(self):
        contacts = self.env["crm.decision.contact"]
        for customer, company in ((self.customer_a, self.company_a), (self.customer_b, self.company_b)):
            buyer = self.env["res.partner"].create(
                {"name": f"Buyer of {customer.name}", "parent_id": customer.id, "company_id": company.id}
            )
            contacts |= contacts.create(
                {"lead_id": self._lead(customer, company).id, "partner_id": buyer.id, "buying_role": "decider"}
            )
        self.assertEqual(contacts.company_id, self.company_a | self.company_b)
        self.assertCompanyIsolation(contacts[0], contacts[1])

    def test_user_of_company_a_sees_no_price_conflict_of_company_b(self):
        conflicts = self.env["sale.price.conflict"]
        for customer, company in ((self.customer_a, self.company_a), (self.customer_b, self.company_b)):
            order = self._order(customer, company)
            conflicts |= conflicts.create(
                {"order_id": order.id, "partner_id": customer.id, "product_id": self.product.id,
                 "price_unit": 90.0, "earlier_price_unit": 100.0, "gap_percent": -10.0,
                 "reason": "Volume discount"}
            )  # fmt: skip
        self.assertEqual(conflicts.company_id, self.company_a | self.company_b)
        # price conflicts are reviewed by sales managers only
        self.assertCompanyIsolation(conflicts[0], conflicts[1], users=self.manager_a)
