# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class CreditCommon(BaseCommon):
    """Established A/B/C customers of a Chinese exporter, the roles, and the credit policy switched on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the rules' messages are asserted in English: a database installed with Chinese makes it the
        # default language (the Chinese UI is checked by use_chinese() tests and the tours)
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.env.company.country_id = cls.env.ref("base.cn")
        cls.salesperson = new_test_user(cls.env, "ft_cr_sales", groups="sales_team.group_sale_salesman")
        cls.manager = new_test_user(cls.env, "ft_cr_manager", groups="sales_team.group_sale_manager")
        cls.general_manager = new_test_user(
            cls.env, "ft_cr_gm", groups="base.group_user,crm_foreign_trade.group_general_manager"
        )
        cls.accountant = new_test_user(cls.env, "ft_cr_accountant", groups="account.group_account_invoice")
        cls.clerk = new_test_user(
            cls.env, "ft_cr_clerk", groups="base.group_user,sales_team.group_sale_salesman_all_leads"
        )
        cls.env.company.new_customer_max_orders = 0
        # the sales organisation: the head of sales and the general manager of the company
        cls.env.company.write(
            {"sales_manager_user_id": cls.manager.id, "general_manager_user_id": cls.general_manager.id}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "H05VV-F 3G1.5 cable (100 m)", "list_price": 100.0, "taxes_id": [(5, 0, 0)]}
        )
        cls.customers = {}
        for cls_code, name in (("a", "Kansai Denki"), ("b", "Rheinland Kabel"), ("c", "Pampas Electric")):
            partner = cls.env["res.partner"].create(
                {"name": f"{name} Co.", "is_company": True, "customer_class": cls_code,
                 "country_id": cls.env.ref("base.cn").id, "user_id": cls.salesperson.id}
            )  # fmt: skip
            cls._history(partner)
            cls.customers[cls_code] = partner
        cls.env.company.credit_policy = True

    @classmethod
    def _history(cls, partner):
        """One old order of no amount: the customer is established, not new, and owes nothing."""
        old = cls.env["sale.order"].create(
            {"partner_id": partner.id, "order_line": [(0, 0, {"product_id": cls.product.id, "price_unit": 0.0})]}
        )
        old.action_confirm()
        old.date_order = datetime(2024, 3, 1)

    def _order(self, partner, amount=1000.0, user=None, **values):
        return (
            self.env["sale.order"]
            .with_user(user or self.salesperson)
            .create(
                dict(
                    {
                        "partner_id": partner.id,
                        "user_id": self.salesperson.id,
                        "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 1,
                                               "price_unit": amount})],
                    },
                    **values,
                )
            )
        )  # fmt: skip

    def _limit(self, partner, amount):
        partner.sudo().credit_limit = amount
