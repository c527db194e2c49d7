# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.crm_foreign_trade.tests.multi_company_common import MultiCompanyCommon


@tagged("post_install", "-at_install")
class TestMultiCompany(MultiCompanyCommon):
    """A user of company A sees none of the execution of company B's orders, and all of company A's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_a = cls._order(cls.customer_a, cls.company_a)
        cls.order_b = cls._order(cls.customer_b, cls.company_b)

    def test_user_of_company_a_sees_no_execution_step_of_company_b(self):
        steps = self.env["sale.execution.step"].create(
            [{"order_id": order.id, "name": "Book the vessel"} for order in (self.order_a, self.order_b)]
        )
        self.assertEqual(steps.company_id, self.company_a | self.company_b)
        self.assertCompanyIsolation(steps[0], steps[1])

    def test_user_of_company_a_sees_no_letter_of_credit_of_company_b(self):
        expiry = fields.Date.today() + timedelta(days=60)
        credits_ = self.env["sale.letter.credit"].create(
            [{"name": f"LC-{order.name}", "order_id": order.id, "amount": 10000.0, "date_expiry": expiry}
             for order in (self.order_a, self.order_b)]
        )  # fmt: skip
        amendments = self.env["sale.letter.credit.amendment"].create(
            [{"letter_credit_id": lc.id, "name": "1", "description": "Expiry extended by 30 days",
              "new_date_expiry": expiry + timedelta(days=30)}
             for lc in credits_]
        )  # fmt: skip
        self.assertEqual(credits_.company_id, self.company_a | self.company_b)
        self.assertCompanyIsolation(credits_[0], credits_[1])
        self.assertCompanyIsolation(amendments[0], amendments[1])

    def test_user_of_company_a_sees_no_execution_template_of_company_b(self):
        templates = self.env["sale.execution.template"].create(
            [{"name": f"Export checklist of {company.name}", "trade_channel": "direct_export",
              "company_id": company.id, "step_ids": [Command.create({"name": "Book the vessel"})]}
             for company in (self.company_a, self.company_b)]
        )  # fmt: skip
        shared = self.env["sale.execution.template"].search([("company_id", "=", False)], limit=1)
        self.assertTrue(shared, "the checklists installed without company serve every company")
        self.assertCompanyIsolation(templates[0] | shared, templates[1])
        self.assertCompanyIsolation(templates[0].step_ids, templates[1].step_ids)
