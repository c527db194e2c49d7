# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CollectionCommon


@tagged("post_install", "-at_install")
class TestCollectionPlans(CollectionCommon):
    def _confirm(self, order):
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")
        return order.instalment_ids.sorted("sequence")

    def _invoice(self, order):
        invoice = order.sudo()._create_invoices()
        invoice.action_post()
        return invoice

    def _pay(self, invoice, amount):
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount, "payment_difference_handling": "open"})
            ._create_payments()
        )

    # ------------------------------------------------------------------
    def test_policy_off_creates_no_instalments(self):
        self.company.collection_plans = False
        self.assertFalse(self._confirm(self._order()))

    def test_single_line_term_creates_no_instalments(self):
        immediate = self.env.ref("account.account_payment_term_immediate")
        self.assertFalse(self._confirm(self._order(term=immediate)))

    def test_deposit_and_balance_terms_make_two_instalments(self):
        with freeze_time("2026-01-05 10:00"):
            instalments = self._confirm(self._order(amount=1000.0))
            self.assertEqual(instalments.mapped("state"), ["planned", "planned"])
        self.assertEqual(len(instalments), 2)
        deposit, balance = instalments
        self.assertEqual(deposit.name, "30% deposit")
        self.assertEqual(balance.name, "70% after 60 days")
        self.assertEqual(deposit.date_due, date(2026, 1, 5))
        self.assertEqual(balance.date_due, date(2026, 3, 6))
        self.assertEqual(deposit.amount_expected, 300.0)
        self.assertEqual(balance.amount_expected, 700.0)
        self.assertEqual(deposit.partner_id, self.customer)
        self.assertEqual(deposit.user_id, self.salesperson)

    def test_thresholds_must_not_decrease(self):
        self.company.collection_dunning_days_1 = 0  # 0 is a value: the first day overdue
        with self.assertRaises(ValidationError):
            self.company.collection_dunning_days_2 = 5
            self.company.collection_dunning_days_3 = 3
            self.company.flush_recordset()

    def test_payment_goes_to_the_first_due_instalment_first(self):
        with freeze_time("2026-01-05 10:00"):
            order = self._order(amount=1000.0)
            deposit, balance = self._confirm(order)
            invoice = self._invoice(order)
            self._pay(invoice, 300.0)
            self.assertEqual((deposit.amount_received, deposit.state), (300.0, "paid"))
            self.assertEqual((balance.amount_received, balance.state), (0.0, "planned"))
            self._pay(invoice, 200.0)
            self.assertEqual((balance.amount_received, balance.amount_due, balance.state), (200.0, 500.0, "partial"))
            self.assertEqual(order.instalment_overdue_amount, 0.0)

    def test_unreconciling_reopens_the_instalment(self):
        with freeze_time("2026-01-05 10:00"):
            order = self._order(amount=1000.0)
            deposit, _balance = self._confirm(order)
            invoice = self._invoice(order)
            payment = self._pay(invoice, 300.0)
            self.assertEqual(deposit.state, "paid")
            payment.move_id.line_ids.remove_move_reconcile()
            self.assertEqual((deposit.amount_received, deposit.state), (0.0, "planned"))

    def test_refund_reduces_what_was_received(self):
        with freeze_time("2026-01-05 10:00"):
            order = self._order(amount=1000.0)
            deposit, _balance = self._confirm(order)
            invoice = self._invoice(order)
            self._pay(invoice, 1000.0)
            self.assertEqual(order.instalment_ids.mapped("state"), ["paid", "paid"])
            refund = invoice._reverse_moves([{"ref": "credit note"}])
            refund.invoice_line_ids.price_unit = 800.0
            refund.action_post()
            # money returned to the customer: paid on the refund
            self._pay(refund, 800.0)
            self.assertEqual(sum(order.instalment_ids.mapped("amount_received")), 200.0)
            self.assertEqual(deposit.amount_received, 200.0)

    def test_overdue_instalments_are_dunned_once_per_level(self):
        template = self.env.ref("crm_customer_scoring.mail_template_instalment_reminder")
        activity_type = self.env.ref("crm_customer_scoring.mail_activity_type_collect_instalment")
        with freeze_time("2026-01-01 10:00"):
            order = self._order(amount=1000.0)
            deposit, balance = self._confirm(order)
        cron = self.env["sale.order.instalment"]

        def mails():
            return self.env["mail.mail"].search([("model", "=", "sale.order.instalment"), ("res_id", "=", deposit.id)])

        def activities(user):
            return order.activity_ids.filtered(lambda a: a.activity_type_id == activity_type and a.user_id == user)

        with freeze_time("2026-01-05 10:00"):  # 4 days overdue: not yet
            cron._cron_dun_overdue_instalments()
            self.assertEqual((deposit.state, deposit.days_overdue, deposit.dunning_level), ("overdue", 4, 0))
        with freeze_time("2026-01-08 10:00"):  # 7 days
            cron._cron_dun_overdue_instalments()
            cron._cron_dun_overdue_instalments()
            self.assertEqual(deposit.dunning_level, 1)
            self.assertEqual(len(mails()), 1)
            self.assertIn(self.customer, mails().recipient_ids)
            self.assertFalse(activities(self.salesperson))
        with freeze_time("2026-01-20 10:00"):
            cron._cron_dun_overdue_instalments()
            self.assertEqual((deposit.dunning_level, len(mails())), (1, 1))
        with freeze_time("2026-01-31 10:00"):  # 30 days
            cron._cron_dun_overdue_instalments()
            cron._cron_dun_overdue_instalments()
            self.assertEqual((deposit.dunning_level, len(mails())), (2, 2))
            self.assertEqual(len(activities(self.salesperson)), 1)
            self.assertFalse(activities(self.manager))
        with freeze_time("2026-03-02 10:00"):  # 60 days
            cron._cron_dun_overdue_instalments()
            cron._cron_dun_overdue_instalments()
            self.assertEqual((deposit.dunning_level, len(mails())), (3, 2))
            self.assertEqual(len(activities(self.manager)), 1)
            self.assertEqual(len(activities(self.salesperson)), 1)
            self.assertEqual(balance.dunning_level, 0)  # due today, not overdue
        self.assertEqual(template.lang, "{{ object.partner_id.lang }}")

    def _cron_batch(self, method, **kwargs):
        """A daily job's call as the scheduler makes it: (done, remaining) it reported."""
        cron = self.env.ref(f"crm_customer_scoring.ir_cron_{method.removeprefix('_cron_')}")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        getattr(self.env["sale.order.instalment"].with_context(ir_cron_progress_id=progress.id), method)(**kwargs)
        return progress.done, progress.remaining

    def test_daily_jobs_work_in_batches_and_resume(self):
        with freeze_time("2026-01-01 10:00"):
            deposits = self._confirm(self._order())[:1] | self._confirm(self._order())[:1]
        with freeze_time("2026-01-08 10:00"):  # 7 days overdue: the first reminder
            # the database's other instalments (demo data) were dunned today already
            others = self.env["sale.order.instalment"].search([("id", "not in", deposits.ids)])
            others.write({"dunning_checked_on": date(2026, 1, 8), "received_checked_on": date(2026, 1, 8)})
            method = "_cron_dun_overdue_instalments"
            self.assertEqual(self._cron_batch(method, batch_size=1), (1, 1))
            self.assertEqual(sorted(deposits.mapped("dunning_level")), [0, 1], "one batch, one instalment")
            # a run stopped here resumes with the instalment it did not reach, and dunning each once
            self.assertEqual(self._cron_batch(method, batch_size=1), (1, 0))
            self.assertEqual(self._cron_batch(method, batch_size=1), (0, 0))
            self.assertEqual(deposits.mapped("dunning_level"), [1, 1])
            method = "_cron_refresh_collections"
            self.assertEqual(self._cron_batch(method, batch_size=1), (1, 1))
            self.assertEqual(self._cron_batch(method, batch_size=1), (1, 0))
            self.assertEqual(self._cron_batch(method, batch_size=1), (0, 0))
        with freeze_time("2026-01-09 10:00"):  # the next day, checked again
            self.assertEqual(self._cron_batch("_cron_dun_overdue_instalments", batch_size=1), (1, 1))

    def test_reminder_is_in_the_customers_language(self):
        template = self.env.ref("crm_customer_scoring.mail_template_instalment_reminder")
        # the Chinese of the template as the translation file gives it (the .po is merged by the lead)
        template.with_context(lang="zh_CN").subject = "付款提醒：订单 {{ object.order_id.name }} 的 {{ object.name }}"
        with freeze_time("2026-01-01 10:00"):
            order_zh = self._order(partner=self.customer_zh)
            order_en = self._order()
            self._confirm(order_zh)
            self._confirm(order_en)
        with freeze_time("2026-01-09 10:00"):
            self.env["sale.order.instalment"]._cron_dun_overdue_instalments()
        mail_zh = self.env["mail.mail"].search(
            [("model", "=", "sale.order.instalment"), ("res_id", "in", order_zh.instalment_ids.ids)]
        )
        mail_en = self.env["mail.mail"].search(
            [("model", "=", "sale.order.instalment"), ("res_id", "in", order_en.instalment_ids.ids)]
        )
        # the instalments are named in the customer's language, whoever confirmed the order
        self.assertEqual(order_zh.instalment_ids.sorted("sequence")[:1].name, "30% 定金")
        self.assertEqual(order_en.instalment_ids.sorted("sequence")[:1].name, "30% deposit")
        self.assertTrue(mail_zh.subject.startswith("付款提醒"), mail_zh.subject)
        self.assertTrue(mail_en.subject.startswith("Payment reminder"), mail_en.subject)

    def test_policy_off_dunning_nothing(self):
        with freeze_time("2026-01-01 10:00"):
            deposit, _balance = self._confirm(self._order())
        self.company.collection_plans = False
        with freeze_time("2026-03-01 10:00"):
            self.env["sale.order.instalment"]._cron_dun_overdue_instalments()
        self.assertEqual(deposit.dunning_level, 0)

    def test_overdue_amount_on_the_customer(self):
        with freeze_time("2026-01-01 10:00"):
            self._confirm(self._order(amount=1000.0))
        with freeze_time("2026-01-09 10:00"):
            self.env["sale.order.instalment"]._cron_refresh_collections()
            self.customer.invalidate_recordset()
            self.assertEqual(self.customer.with_user(self.salesperson).instalment_overdue_amount, 300.0)
            self.assertEqual(self.customer.with_user(self.peer).instalment_overdue_amount, 0.0)

    def test_salesperson_sees_own_orders_instalments_only(self):
        deposit, _balance = self._confirm(self._order())
        Instalment = self.env["sale.order.instalment"]
        self.assertEqual(Instalment.with_user(self.salesperson).search([("id", "=", deposit.id)]), deposit)
        self.assertFalse(Instalment.with_user(self.peer).search([("id", "=", deposit.id)]))
        with self.assertRaises(AccessError):
            deposit.with_user(self.peer).check_access("read")
        with self.assertRaises(AccessError):
            deposit.with_user(self.salesperson).write({"dunning_level": 0})

    def test_accountant_reads_all_instalments_of_the_company(self):
        deposit, _balance = self._confirm(self._order())
        found = self.env["sale.order.instalment"].with_user(self.accountant).search([("id", "=", deposit.id)])
        self.assertEqual(found, deposit)
        self.assertEqual(found.amount_expected, 300.0)

    def test_accountant_analyses_overdue_instalments_in_the_pivot(self):
        with freeze_time("2026-01-01 10:00"):
            deposit, _balance = self._confirm(self._order(amount=1000.0))
        with freeze_time("2026-01-09 10:00"):
            self.env["sale.order.instalment"]._cron_refresh_collections()
        menu = self.env.ref("crm_customer_scoring.menu_sale_order_instalment_overdue_invoicing")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.accountant)._visible_menu_ids())
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.salesperson)._visible_menu_ids())
        action = (
            self.env["ir.actions.act_window"]
            .with_user(self.accountant)
            ._for_xml_id("crm_customer_scoring.action_sale_order_instalment_overdue")
        )
        self.assertIn("pivot", action["view_mode"].split(","))
        Instalment = self.env["sale.order.instalment"].with_user(self.accountant)
        self.assertTrue(Instalment.get_views([(False, "pivot")])["views"]["pivot"]["arch"])
        # the pivot's figures: what is overdue, by salesperson, as the action's default filter shows it
        groups = Instalment.read_group([("state", "=", "overdue")], ["amount_due:sum"], ["user_id"])
        self.assertEqual([(g["user_id"][0], g["amount_due"]) for g in groups], [(self.salesperson.id, 300.0)])
        # the list he opens first: the order, the customer and the salesperson are shown by name
        rows = Instalment.web_search_read(
            [("state", "=", "overdue")],
            {
                "order_id": {"fields": {"display_name": {}}},
                "partner_id": {"fields": {"display_name": {}}},
                "user_id": {"fields": {"display_name": {}}},
                "amount_due": {},
                "dunning_level": {},
            },
        )["records"]
        self.assertEqual(
            [(r["order_id"]["display_name"], r["partner_id"]["display_name"], r["amount_due"]) for r in rows],
            [(deposit.order_id.name, self.customer.name, 300.0)],
        )
        with self.assertRaises(AccessError):
            deposit.with_user(self.accountant).write({"dunning_level": 0})

    def test_another_companys_user_is_denied(self):
        deposit, _balance = self._confirm(self._order())
        other_company = self.env["res.company"].create({"name": "Branch Hamburg"})
        other = new_test_user(
            self.env,
            "ft_col_other",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        with self.assertRaises(AccessError):
            deposit.with_user(other).check_access("read")

    def test_instalment_queries_do_not_grow_with_order_lines_or_orders(self):
        self.company.collection_plans = False
        warm_up = self._order(lines=1)
        small = self._order(lines=1)
        large = self._order(lines=100)
        single = self._order(lines=2)
        batch = self._order(lines=2) | self._order(lines=3) | self._order(lines=4)
        (warm_up | small | large | single | batch).sudo().action_confirm()
        self.company.collection_plans = True

        def count(orders):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            created = orders._rebuild_instalment_plans()
            self.assertEqual(len(created), 2 * len(orders))
            return self.env.cr.sql_log_count - before

        count(warm_up)  # the registry's caches (payment term, currency) once
        self.assertEqual(count(small), count(large))
        self.assertEqual(count(single), count(batch))

    def test_dunned_overdue_instalment_raises_the_overdue_churn_signal(self):
        rule = self.env["crm.customer.signal.rule"].search(
            [("company_id", "=", self.company.id), ("rule", "=", "overdue")]
        )
        rule.write({"enabled": True, "min_count": 2})
        with freeze_time("2026-01-01 10:00"):
            deposit, _balance = self._confirm(self._order())
        Signal = self.env["crm.customer.signal"]
        with freeze_time("2026-01-09 10:00"):
            self.env["sale.order.instalment"]._cron_dun_overdue_instalments()
            self.assertFalse(Signal._evaluate(self.customer))  # reminded once: not yet the sign
        with freeze_time("2026-02-01 10:00"):
            self.env["sale.order.instalment"]._cron_dun_overdue_instalments()
            signal = Signal._evaluate(self.customer)
        self.assertEqual((signal.rule, signal.evidence_ref), ("overdue", deposit))
        self.assertIn("30% deposit", signal.explanation)

    def test_order_awaiting_credit_approval_gets_instalments_only_once_approved(self):
        general_manager = new_test_user(
            self.env, "ft_col_gm", groups="base.group_user,crm_foreign_trade.group_general_manager"
        )
        self.company.write(
            {"credit_policy": True, "new_customer_max_orders": 0, "general_manager_user_id": general_manager.id}
        )
        self.customer.write({"customer_class": "b", "credit_limit": 100.0})
        order = self._order(amount=1000.0)
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual((order.state, order.credit_check_state), ("draft", "awaiting"))
        self.assertFalse(order.instalment_ids)
        self.env["sale.credit.approval.wizard"].with_user(general_manager).create(
            {"order_id": order.id, "reason": "Deposit first, balance against B/L copy"}
        ).action_approve()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.instalment_ids.mapped("amount_expected"), [300.0, 700.0])
