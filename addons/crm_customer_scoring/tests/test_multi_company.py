# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from odoo.addons.crm_foreign_trade.tests.multi_company_common import MultiCompanyCommon


@tagged("post_install", "-at_install")
class TestMultiCompany(MultiCompanyCommon):
    """A user of company A sees none of company B's credit applications, and all of company A's."""

    def test_user_of_company_a_sees_no_credit_application_of_company_b(self):
        applications = self.env["crm.credit.application"].create(
            [
                {"partner_id": customer.id, "company_id": company.id, "user_id": self.salesperson_a.id,
                 "team_id": False, "currency_id": company.currency_id.id, "requested_limit": 50000.0,
                 "reason": "Steady orders for three years"}
                for customer, company in ((self.customer_a, self.company_a), (self.customer_b, self.company_b))
            ]
        )  # fmt: skip
        self.assertCompanyIsolation(applications[0], applications[1])
