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


class CollectionCommon(BaseCommon):
    """An exporter collecting by instalment: a 30% deposit on order, the 70% balance 60 days later."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.company = cls.env.company
        cls.salesperson = new_test_user(cls.env, "ft_col_sales", groups="sales_team.group_sale_salesman")
        cls.peer = new_test_user(cls.env, "ft_col_peer", groups="sales_team.group_sale_salesman")
        cls.manager = new_test_user(cls.env, "ft_col_manager", groups="sales_team.group_sale_manager")
        cls.accountant = new_test_user(cls.env, "ft_col_accountant", groups="account.group_account_invoice")
        cls.company.write({"collection_plans": True, "credit_policy": False, "sales_manager_user_id": cls.manager.id})
        cls.term = cls.env["account.payment.term"].create(
            {
                "name": "30% deposit, balance 60 days",
                "line_ids": [
                    (0, 0, {"value": "percent", "value_amount": 30.0, "nb_days": 0}),
                    (0, 0, {"value": "percent", "value_amount": 70.0, "nb_days": 60}),
                ],
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "H05VV-F 3G1.5 cable (100 m)", "list_price": 100.0, "taxes_id": [(5, 0, 0)],
             "invoice_policy": "order"}
        )  # fmt: skip
        cls.customer = cls.env["res.partner"].create(
            {"name": "Rheinland Kabel GmbH", "is_company": True, "email": "buyer@rheinland.example",
             "lang": "en_US", "user_id": cls.salesperson.id}
        )  # fmt: skip
        cls.customer_zh = cls.env["res.partner"].create(
            {"name": "Shenzhen Dianlan Co.", "is_company": True, "email": "buyer@dianlan.example",
             "lang": "zh_CN", "user_id": cls.salesperson.id}
        )  # fmt: skip

    def _order(self, partner=None, amount=1000.0, lines=1, term=None, user=None):
        order = (
            self.env["sale.order"]
            .with_user(user or self.salesperson)
            .create(
                {
                    "partner_id": (partner or self.customer).id,
                    "user_id": (user or self.salesperson).id,
                    "payment_term_id": (term or self.term).id,
                    "order_line": [
                        (0, 0, {"product_id": self.product.id, "product_uom_qty": 1, "price_unit": amount / lines})
                        for _line in range(lines)
                    ],
                }
            )
        )
        return order
