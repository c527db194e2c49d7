# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import unittest

from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

DEMO_MODULES = ("crm_foreign_trade", "crm_customer_scoring", "crm_competitor", "crm_order_execution")


@tagged("post_install", "-at_install")
class TestDemoCompany(TransactionCase):
    """`make demo` is seed 001's exporter: a Dongguan cable maker in yuan, zero-rated exports, staff in Chinese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()  # not BaseCommon: it puts the main company in dollars
        cls.sales_manager = cls.env.ref("crm_foreign_trade.user_sales_manager", raise_if_not_found=False)
        if not cls.sales_manager:
            raise unittest.SkipTest("the demo data is not loaded")
        cls.company = cls.env.ref("base.main_company")

    def test_demo_company_is_a_dongguan_cable_maker_keeping_its_books_in_yuan(self):
        self.assertEqual(self.company.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(self.company.city, "Dongguan")
        self.assertEqual(self.company.state_id, self.env.ref("base.state_cn_GD"))
        self.assertEqual(self.company.country_id, self.env.ref("base.cn"))
        self.assertIn("电线电缆", self.company.name)
        # it sells in the four currencies of its customers, at sensible rates of the yuan
        for code, low, high in (("USD", 6.5, 7.8), ("HKD", 0.85, 1.0), ("EUR", 7.0, 8.5), ("JPY", 0.04, 0.06)):
            currency = self.env.ref(f"base.{code}")
            self.assertTrue(currency.active, code)
            in_yuan = currency._convert(1.0, self.company.currency_id, self.company, "2026-06-30", round=False)
            self.assertTrue(low < in_yuan < high, f"1 {code} = {in_yuan} CNY")
        # the L/C documents name a dollar account of the company's
        dollar_accounts = self.company.partner_id.bank_ids.filtered(lambda b: b.currency_id.name == "USD")
        self.assertTrue(dollar_accounts.bank_id.bic)
        self.assertIn("Wire & Cable", dollar_accounts.acc_holder_name)
        # account's sample invoices in dollars made way for the yuan
        self.assertFalse(
            self.env["account.move"].search([("company_id", "=", self.company.id), ("currency_id.name", "=", "USD")])
        )

    def _order(self, partner, price):
        cord = self.env.ref("crm_foreign_trade.product_vde_cord")
        return self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "incoterm": self.env.ref("account.incoterm_FOB").id,
                "order_line": [
                    (0, 0, {"product_id": cord.id, "product_uom_qty": 1000, "price_unit": price})
                ],
            }
        )  # fmt: skip

    def test_an_fob_export_is_zero_rated_a_domestic_sale_pays_vat(self):
        export = self._order(self.env.ref("crm_foreign_trade.partner_great_lakes"), 1.8)
        self.assertEqual(export.fiscal_position_id, self.env.ref("crm_foreign_trade.fiscal_position_export"))
        self.assertEqual(export.currency_id.name, "USD")
        self.assertEqual(export.order_line.tax_id, self.env.ref("crm_foreign_trade.tax_sale_export_zero"))
        self.assertEqual(export.amount_tax, 0.0)
        self.assertEqual(export.amount_total, 1800.0)
        domestic = self._order(self.env.ref("crm_foreign_trade.partner_tianrui"), 13.0)
        self.assertFalse(domestic.fiscal_position_id)
        self.assertEqual(domestic.currency_id, self.company.currency_id)
        self.assertEqual(domestic.order_line.tax_id, self.company.account_sale_tax_id)
        self.assertEqual(domestic.amount_tax, 1950.0)
        # the demo's own export orders, in yen and euros, carry no tax either
        for xmlid, currency in (
            ("crm_foreign_trade.order_kowa_first_reels", "JPY"),
            ("crm_order_execution.order_nordlicht_cords", "EUR"),
        ):
            order = self.env.ref(xmlid, raise_if_not_found=False)
            if order:
                self.assertEqual((order.currency_id.name, order.amount_tax), (currency, 0.0), xmlid)
                self.assertGreater(order.amount_total, 0.0)

    def test_every_demo_user_works_in_chinese_in_shanghai_time(self):
        rows = self.env["ir.model.data"].search([("module", "in", DEMO_MODULES), ("model", "=", "res.users")])
        staff = self.env["res.users"].browse(rows.mapped("res_id")).filtered(lambda u: not u.share)
        self.assertGreaterEqual(len(staff), 7)  # the clerk comes with crm_order_execution
        for user in staff:
            self.assertEqual((user.login, user.lang, user.tz), (user.login, "zh_CN", "Asia/Shanghai"))

    def test_each_sales_department_is_a_team_led_by_its_branch_manager(self):
        teams = self.env["crm.team"]
        for department in ("export", "transfer", "domestic"):
            teams |= self.env.ref(f"crm_foreign_trade.sales_team_{department}")
        self.assertEqual(len(teams.user_id), 3)
        salesperson = self.env.ref("crm_foreign_trade.user_salesperson")
        self.assertEqual(salesperson.sale_team_id, self.env.ref("crm_foreign_trade.sales_team_export"))
        self.assertEqual(salesperson._sales_manager_of("branch_manager", self.company), self.sales_manager)
        transfer_leader = self.env.ref("crm_foreign_trade.user_branch_manager_transfer")
        self.assertEqual(transfer_leader.sale_team_id, self.env.ref("crm_foreign_trade.sales_team_transfer"))
        # a branch manager's own documents go up to the head of the sales department
        self.assertEqual(transfer_leader._sales_manager_of("branch_manager", self.company), self.sales_manager)

    def test_sales_staff_open_on_their_team_pipeline(self):
        export = self.env.ref("crm_foreign_trade.sales_team_export")
        self.assertEqual(export.user_id, self.sales_manager)
        for xmlid, team in (
            ("crm_foreign_trade.user_sales_manager", export),
            ("crm_foreign_trade.user_salesperson", export),
            ("crm_foreign_trade.user_branch_manager_domestic", self.env.ref("crm_foreign_trade.sales_team_domestic")),
        ):
            user = self.env.ref(xmlid)
            action = self.env["ir.actions.act_window"].browse(user.action_id.id).sudo()
            self.assertEqual(action.res_model, "crm.lead", xmlid)
            context = safe_eval(action.context)
            self.assertEqual(context["search_default_team_id"], team.id, xmlid)
            self.assertNotIn("search_default_assigned_to_me", context)
            # the CRM menus around it: the web client finds the app by the menu of the home action
            menu = self.env["ir.ui.menu"].with_user(user).search([("action", "=", f"{action._name},{action.id}")])
            self.assertTrue(menu, xmlid)
            self.assertTrue(menu.parent_path.startswith(f"{self.env.ref('crm.crm_menu_root').id}/"))
        # the sales manager's first screen: her team's opportunities, Kowa's among them, nobody else's
        action = self.env["ir.actions.act_window"].browse(self.sales_manager.action_id.id).sudo()
        opportunities = (
            self.env["crm.lead"]
            .with_user(self.sales_manager)
            .search(safe_eval(action.domain) + [("team_id", "=", export.id)])
        )
        self.assertIn(self.env.ref("crm_foreign_trade.lead_kowa_harness"), opportunities)
        self.assertFalse(opportunities.filtered(lambda lead: lead.team_id != export))
