# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import date, timedelta

from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval
from odoo.tools.translate import code_translations

from odoo.addons.crm_foreign_trade.tests.common import use_chinese
from odoo.addons.crm_foreign_trade.tests.multi_company_common import MultiCompanyCommon

from ..models.res_partner import AGEING_BUCKETS
from .common import CreditCommon

AGEING_FIELDS = [bucket[0] for bucket in AGEING_BUCKETS]


class CreditWatchCommon(CreditCommon):
    def _invoice(self, partner, amount, days_overdue, invoice_days_before_due=30):
        due = date.today() - timedelta(days=days_overdue)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": due - timedelta(days=invoice_days_before_due),
                "invoice_date_due": due,
                "invoice_line_ids": [(0, 0, {"product_id": self.product.id, "price_unit": amount, "tax_ids": []})],
            }
        )
        invoice.action_post()
        return invoice

    def _pay(self, invoice, paid_on):
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {"payment_date": paid_on}
        ).action_create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def _expected_ageing(self, invoices_by_days):
        """Ageing buckets from the invoices themselves: days overdue → bucket by its bounds."""
        expected = dict.fromkeys(AGEING_FIELDS, 0.0)
        for days, invoice in invoices_by_days:
            for name, first, last in AGEING_BUCKETS:
                if days >= first and (last is None or days <= last):
                    expected[name] += invoice.amount_residual
        return expected

    def _open_book(self, partner):
        """Invoices not due, 1-30, 31-60, 61-90 and over 90 days overdue, and one confirmed order."""
        order = self._order(partner, 300.0)
        order.action_confirm()  # before the overdue invoices, which would hold it
        self.assertEqual(order.state, "sale")
        book = [(days, self._invoice(partner, amount, days)) for days, amount in
                ((-20, 1600.0), (10, 100.0), (45, 200.0), (75, 400.0), (120, 800.0))]  # fmt: skip
        return book, order


@tagged("post_install", "-at_install")
class TestAccountantReadsCredit(CreditWatchCommon):
    def test_accountant_reads_limit_exposure_ageing_and_applications_on_the_customer_form(self):
        partner = self.customers["b"]
        self._limit(partner, 50000.0)
        book, order = self._open_book(partner)
        application = self.env["crm.credit.application"].create(
            {"partner_id": partner.id, "user_id": self.salesperson.id, "requested_limit": 80000.0,
             "reason": "Second production line"}
        )  # fmt: skip
        arch = self.env["res.partner"].with_user(self.accountant).get_views([(False, "form")])["views"]["form"]["arch"]
        page = etree.fromstring(arch).xpath("//page[@name='credit_policy']")
        self.assertTrue(page, "the accountant has a Credit tab")
        shown = set(page[0].xpath(".//field/@name"))
        for name in ["credit_limit", "credit_exposure", "credit_overdue", "credit_application_ids", *AGEING_FIELDS]:
            self.assertIn(name, shown)

        values = partner.with_user(self.accountant).read(
            ["credit_limit", "credit_receivable", "credit_open_orders", "credit_exposure", "credit_available",
             "credit_overdue", "credit_application_ids", *AGEING_FIELDS]
        )[0]  # fmt: skip
        receivable = sum(invoice.amount_residual for _days, invoice in book)
        self.assertAlmostEqual(values["credit_limit"], 50000.0)
        self.assertAlmostEqual(values["credit_receivable"], receivable)
        self.assertAlmostEqual(values["credit_open_orders"], order.amount_total)
        self.assertAlmostEqual(values["credit_exposure"], receivable + order.amount_total)
        self.assertAlmostEqual(values["credit_available"], 50000.0 - receivable - order.amount_total)
        self.assertAlmostEqual(values["credit_overdue"], sum(i.amount_residual for days, i in book if days > 0))
        for name, amount in self._expected_ageing(book).items():
            self.assertAlmostEqual(values[name], amount, msg=name)
        self.assertEqual(values["credit_application_ids"], application.ids)
        self.assertTrue(application.with_user(self.accountant).read(["requested_limit", "current_limit"]))

    def test_the_limit_changes_only_through_an_approved_application(self):
        partner = self.customers["a"]
        self._limit(partner, 10000.0)
        for user in (self.accountant, self.manager, self.general_manager):
            with self.assertRaises(AccessError, msg=user.login):
                partner.with_user(user).write({"credit_limit": 90000.0})
        with self.assertRaises(AccessError):
            partner.with_user(self.salesperson).write({"credit_limit": 90000.0})
        with self.assertRaises(AccessError):
            partner.with_user(self.salesperson).read(["credit_limit"])
        salesperson_arch = (
            self.env["res.partner"].with_user(self.salesperson).get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertFalse(etree.fromstring(salesperson_arch).xpath("//field[@name='credit_limit']"))
        self.assertEqual(partner.sudo().credit_limit, 10000.0)
        # OCA's financial-risk manager keeps its right to edit limits
        self.general_manager.groups_id += self.env.ref("account_financial_risk.group_account_financial_risk_manager")
        partner.with_user(self.general_manager).write({"credit_limit": 12000.0})
        self.assertEqual(partner.sudo().credit_limit, 12000.0)

    def test_limits_stay_editable_as_in_odoo_while_the_credit_policy_is_off(self):
        partner = self.customers["a"]
        self.env.company.credit_policy = False
        partner.with_user(self.manager).write({"credit_limit": 15000.0})
        self.assertEqual(partner.sudo().credit_limit, 15000.0)


@tagged("post_install", "-at_install")
class TestAccountantOfAnotherCompany(MultiCompanyCommon):
    def test_accountant_of_company_a_sees_no_credit_of_company_b(self):
        accountant_a = self._company_user("ft_mc_accountant_a", "account.group_account_invoice", self.company_a)
        applications = self.env["crm.credit.application"].create(
            [
                {"partner_id": customer.id, "company_id": company.id, "user_id": self.salesperson_a.id,
                 "team_id": False, "currency_id": company.currency_id.id, "requested_limit": 50000.0,
                 "reason": "Steady orders for three years"}
                for customer, company in ((self.customer_a, self.company_a), (self.customer_b, self.company_b))
            ]
        )  # fmt: skip
        self.assertCompanyIsolation(applications[0], applications[1], users=accountant_a)
        with self.assertRaises(AccessError):
            self.customer_b.with_user(accountant_a).read(["credit_exposure", "credit_limit"])
        self.assertTrue(self.customer_a.with_user(accountant_a).read(["credit_exposure", "credit_limit"]))


@tagged("post_install", "-at_install")
class TestGeneralManagerCreditDecision(CreditWatchCommon):
    def _held_order(self, partner, amount):
        order = self._order(partner, amount)
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.credit_check_state, "awaiting")
        return order

    def _decision(self, order):
        action = order.with_user(self.general_manager).action_open_credit_approval()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.general_manager)
            .with_context(**action["context"])
            .create({"reason": "Long-standing customer, bank guarantee on file"})
        )
        return action, wizard

    def test_decision_dialog_has_a_title_and_shows_the_numbers_of_the_invoices(self):
        partner = self.customers["a"]
        self._limit(partner, 5000.0)
        book, confirmed = self._open_book(partner)
        on_time = self._invoice(partner, 700.0, 10)
        self._pay(on_time, date.today() - timedelta(days=15))
        late = [self._invoice(partner, 900.0, 40), self._invoice(partner, 500.0, 35)]
        self._pay(late[0], date.today() - timedelta(days=20))  # 20 days late
        self._pay(late[1], date.today() - timedelta(days=5))  # 30 days late
        order = self._held_order(partner, 2000.0)

        action, wizard = self._decision(order)
        self.assertEqual(action["name"], "Credit Decision", "the dialog is titled by its action")
        receivable = sum(invoice.amount_residual for _days, invoice in book)
        self.assertEqual(wizard.customer_class, "a")
        self.assertAlmostEqual(wizard.credit_limit, 5000.0)
        self.assertAlmostEqual(wizard.credit_exposure, receivable + confirmed.amount_total)
        self.assertAlmostEqual(wizard.exposure_with_order, receivable + confirmed.amount_total + order.amount_total)
        self.assertAlmostEqual(wizard.credit_overdue, sum(i.amount_residual for days, i in book if days > 0))
        for name, amount in self._expected_ageing(book).items():
            self.assertAlmostEqual(wizard[name], amount, msg=name)
        self.assertEqual((wizard.invoices_paid_on_time, wizard.invoices_paid_late), (1, 2))
        self.assertAlmostEqual(wizard.average_days_late, (20 + 30) / 2)

    def test_ageing_of_many_customers_costs_the_queries_of_one(self):
        def queries_to_read(partners):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            values = partners.read(["credit_overdue_31_60", "credit_exposure"])
            return self.env.cr.sql_log_count - before, values

        for partner in self.customers.values():
            self._invoice(partner, 100.0, 50)
        queries_to_read(self.customers["c"])  # warm the registry caches (settings, companies)
        one, _values = queries_to_read(self.customers["a"])
        three, values = queries_to_read(self.customers["a"] | self.customers["b"] | self.customers["c"])
        self.assertEqual(three, one, "one grouped read whatever the number of customers")
        self.assertEqual([v["credit_overdue_31_60"] for v in values], [100.0, 100.0, 100.0])

    def test_approving_less_than_the_order_keeps_it_a_quotation_until_brought_down(self):
        partner = self.customers["b"]
        self._limit(partner, 1000.0)
        order = self._held_order(partner, 3000.0)
        _action, wizard = self._decision(order)
        self.assertEqual(wizard.approved_amount, order.amount_total, "the order's total by default")
        wizard.approved_amount = order.amount_total + 1
        with self.assertRaises(UserError):
            wizard.action_approve()
        wizard.approved_amount = 2000.0
        wizard.action_approve()
        self.assertEqual((order.state, order.credit_check_state), ("draft", "approved"))
        self.assertIn("2,000.00", order.with_user(self.salesperson).credit_approval_shortfall)
        told = order.message_ids.filtered(lambda m: "up to" in (m.body or ""))
        self.assertIn(self.salesperson.partner_id, told.partner_ids, "the salesperson is told the amount")
        order.with_user(self.salesperson).order_line.price_unit = 2000.0
        self.assertFalse(order.credit_approval_shortfall)
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual((order.state, order.credit_check_state), ("sale", "approved"))

    def test_confirming_above_the_approved_amount_holds_the_order_again(self):
        partner = self.customers["b"]
        self._limit(partner, 1000.0)
        order = self._held_order(partner, 3000.0)
        _action, wizard = self._decision(order)
        wizard.approved_amount = 2000.0
        wizard.action_approve()
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual((order.state, order.credit_check_state), ("draft", "awaiting"))

    def _visible_alerts(self, order, user):
        """The alert banners of the order form a user sees, their modifiers evaluated on the order."""
        record = order.with_user(user)
        arch = record.get_views([(False, "form")])["views"]["form"]["arch"]
        alerts = []
        for node in etree.fromstring(arch).xpath("//div[contains(@class, 'alert')]"):
            invisible = node.get("invisible")
            if invisible:
                names = set(re.findall(r"[a-z_][a-z0-9_]*", invisible)) & set(record._fields)
                if safe_eval(invisible, {name: record[name] for name in names}):
                    continue
            alerts.append(node)
        return alerts

    def test_a_held_order_shows_its_reason_in_one_banner(self):
        partner = self.customers["b"]  # B class: at most 30 days
        term = self.env.ref("crm_customer_scoring.payment_term_60_days", raise_if_not_found=False) or self.env[
            "account.payment.term"
        ].search([("credit_days", ">", 30)], limit=1)
        order = self._order(partner, 100.0)
        order.payment_term_id = term
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.credit_check_state, "awaiting")
        self.assertTrue(order.credit_term_warning)
        alerts = self._visible_alerts(order, self.salesperson)
        self.assertEqual(len(alerts), 1, "one banner, not the term warning and the hold together")
        self.assertIn("o_credit_block_banner", alerts[0].get("class"))


@tagged("post_install", "-at_install")
class TestTierValidationInChinese(CreditCommon):
    def test_credit_application_form_reads_chinese_tier_buttons_and_messages(self):
        use_chinese(self.env, self.salesperson, self.general_manager)
        for xmlid in ("branch_manager", "sales_manager"):
            self.env.ref(f"crm_customer_scoring.tier_credit_{xmlid}").active = False
        application = (
            self.env["crm.credit.application"]
            .with_user(self.salesperson)
            .create(
                {"partner_id": self.customers["b"].id, "requested_limit": 60000.0, "reason": "Frame contract",
                 "own_impression": "strong", "priority_profitability": "adequate",
                 "financial_payment_record": "strong"}
            )
        )  # fmt: skip
        application.action_submit()
        self.assertEqual(application.state, "to_approve")
        # a Chinese user's requests run in their language
        application = application.with_user(self.general_manager).with_context(lang="zh_CN")
        arch = application.get_views([(False, "form")])["views"]["form"]["arch"]
        doc = etree.fromstring(arch)
        strings = {b.get("name"): b.get("string") for b in doc.xpath("//button[@name]")}
        self.assertEqual(strings["validate_tier"], "通过")
        self.assertEqual(strings["reject_tier"], "驳回")
        self.assertEqual(strings["restart_validation"], "重新审批")
        self.assertEqual(strings["request_validation"], "提交审批")
        text = " ".join(doc.xpath("//div[contains(@class, 'alert')]//text()"))
        self.assertIn("此记录需要审批", text)
        self.assertNotIn("needs to be", text)
        # OCA's own zh_CN.po leaves these messages empty: they are translated by this module
        ours = code_translations.get_python_translations("crm_customer_scoring", "zh_CN")
        for source, body in (
            ("The review has been reset by %(user)s.", application._notify_restarted_review_body()),
            ("A record to be reviewed has been created by %(user)s.", application._notify_created_review_body()),
        ):
            self.assertEqual(body, ours.get(source, source) % {"user": self.general_manager.name})

    def test_the_review_widget_reads_chinese_for_a_chinese_user(self):
        """The web client merges every module's terms into one table: this module's give OCA's widget its
        Chinese where base_tier_validation's own zh_CN.po leaves it empty."""
        modules = ["base_tier_validation", "crm_customer_scoring"]
        per_module, _lang = self.env["ir.http"].get_translations_for_webclient(modules, "zh_CN")
        table = {}
        for module in modules:
            table.update({message["id"]: message["string"] for message in per_module[module]["messages"]})
        self.assertEqual(table.get("Todo by"), "待审批人")
        for term in ("Done by", "Requested by", "Validation Date"):
            self.assertNotEqual(table.get(term, term), term, f"{term!r} reads English")
