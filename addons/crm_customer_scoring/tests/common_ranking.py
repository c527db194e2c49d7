# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class RankingCommon(BaseCommon):
    """Customers of two salespeople invoiced last year, the sales manager, and a product costing 60 sold at 100."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.company = cls.env.company
        cls.year = fields.Date.today().year - 1
        cls.salesperson = new_test_user(cls.env, "ft_rk_sales", groups="sales_team.group_sale_salesman")
        cls.salesperson_2 = new_test_user(cls.env, "ft_rk_sales2", groups="sales_team.group_sale_salesman")
        cls.manager = new_test_user(cls.env, "ft_rk_manager", groups="sales_team.group_sale_manager")
        cls.company.sales_manager_user_id = cls.manager
        cls.product = cls.env["product.product"].create(
            {
                "name": "H05VV-F 3G1.5 cable (100 m)",
                "type": "consu",
                "list_price": 100.0,
                "standard_price": 60.0,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )
        cls.customer_a, cls.customer_b, cls.customer_c = cls.env["res.partner"].create(
            [
                {"name": "Kansai Denki Co.", "is_company": True, "user_id": cls.salesperson.id},
                {"name": "Rheinland Kabel GmbH", "is_company": True, "user_id": cls.salesperson.id},
                {"name": "Pampas Electric S.A.", "is_company": True, "user_id": cls.salesperson_2.id},
            ]
        )
        cls.Score = cls.env["crm.customer.score"]

    @classmethod
    def _date(cls, month=3, day=1, year=None):
        return date(year or cls.year, month, day)

    @classmethod
    def _invoice(cls, partner, lines, on=None, move_type="out_invoice", currency=None, due=None, post=True):
        """An invoice (or credit note) of (quantity, unit price) product lines, not from an order."""
        on = on or cls._date()
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": on,
                "invoice_date_due": due or on,
                "currency_id": (currency or cls.company.currency_id).id,
                "invoice_line_ids": [
                    Command.create({"product_id": cls.product.id, "quantity": qty, "price_unit": price, "tax_ids": []})
                    for qty, price in lines
                ],
            }
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def _order_invoice(cls, partner, qty, price, cost, on=None, pricelist=None):
        """A confirmed order whose line keeps `cost` as its cost at the time of sale, invoiced on `on`."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "pricelist_id": pricelist.id if pricelist else False,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "product_uom_qty": qty, "price_unit": price, "tax_id": []}
                    )
                ],
            }
        )
        order.order_line.purchase_price = cost
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.write({"invoice_date": on or cls._date(), "invoice_date_due": on or cls._date()})
        invoice.action_post()
        return invoice

    @classmethod
    def _pay(cls, invoice, on):
        cls.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {"payment_date": on}
        )._create_payments()

    def _score(self, partner, year=None):
        return self.Score.search([("partner_id", "=", partner.id), ("year", "=", year or self.year)])
