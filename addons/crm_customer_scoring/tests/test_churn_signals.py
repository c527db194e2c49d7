# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools.translate import code_translations

from odoo.addons.crm_foreign_trade.tests.multi_company_common import MultiCompanyCommon

from .common_churn import ChurnCommon


@tagged("post_install", "-at_install")
class TestChurnRules(ChurnCommon):
    """Each of the six warning signs raises a signal when its rule is on and its threshold reached, not otherwise."""

    def test_rules_are_off_after_installation_and_raise_nothing(self):
        self.assertEqual(len(self.rules), 6)
        self.assertFalse(any(rule.enabled for rule in self.rules.values()))
        self._overdue_invoice(self.customers["b"], reminders=5)
        self._feedback(self.customers["b"], "complaint")
        self.assertFalse(self._evaluate(self.customers["b"]))
        self.assertFalse(self._signals(self.customers["b"]))

    def test_overdue_invoice_unpaid_after_reminders_raises_signal_with_invoice_as_evidence(self):
        self._switch_on("overdue", min_count=2)
        invoice = self._overdue_invoice(self.customers["b"], reminders=2)
        self._evaluate(self.customers["b"])
        signal = self._signals(self.customers["b"], "overdue")
        self.assertEqual(len(signal), 1)
        self.assertEqual(signal.state, "active")
        self.assertEqual(signal.evidence_ref, invoice)
        self.assertIn(invoice.name, signal.explanation)
        self.assertIn("after 2 reminders", signal.explanation)

    def test_overdue_invoice_with_fewer_reminders_raises_nothing(self):
        self._switch_on("overdue", min_count=2)
        self._overdue_invoice(self.customers["b"], reminders=1)
        self._evaluate(self.customers["b"])
        self.assertFalse(self._signals(self.customers["b"]))

    def test_paid_invoice_raises_nothing_whatever_the_reminders(self):
        self._switch_on("overdue", min_count=2)
        invoice = self._overdue_invoice(self.customers["b"], reminders=3)
        self._pay(invoice)
        self._evaluate(self.customers["b"])
        self.assertFalse(self._signals(self.customers["b"]))

    def test_switched_off_overdue_rule_raises_nothing(self):
        self._overdue_invoice(self.customers["b"], reminders=3)
        self._evaluate(self.customers["b"])
        self.assertFalse(self._signals(self.customers["b"]))

    def test_refused_or_unanswered_contacts_raise_signal(self):
        self._switch_on("no_response", min_count=2, period_days=30)
        partner = self.customers["c"]
        refused = self._contact_done(partner, "refused")
        self._contact_done(partner, "no_answer")
        # Odoo deletes done calls; those with a response stay, archived with their done date
        self.assertTrue(refused)
        self.assertFalse(refused.active)
        self.assertEqual(refused.date_done, self.today)
        self.assertEqual(refused.customer_partner_id, partner)
        self._evaluate(partner)
        signal = self._signals(partner, "no_response")
        self.assertEqual(len(signal), 1)
        self.assertIn("2 contacts", signal.explanation)
        self.assertIn("1 refused", signal.explanation)

    def test_answered_contacts_and_too_few_refusals_raise_nothing(self):
        self._switch_on("no_response", min_count=2, period_days=30)
        partner = self.customers["c"]
        self._contact_done(partner, "answered")
        self._contact_done(partner, "refused")
        self._evaluate(partner)
        self.assertFalse(self._signals(partner))

    def test_done_activity_without_response_is_deleted_as_in_odoo(self):
        activity = self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.customers["c"].id,
                "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
                "user_id": self.salesperson.id,
            }
        )
        activity.action_done()
        self.assertFalse(activity.exists())

    def test_complaint_logged_raises_signal_and_old_complaint_does_not(self):
        self._switch_on("complaint", min_count=1, period_days=90)
        old = self.customers["b"]
        self._feedback(old, "complaint", days_ago=120)
        recent = self.customers["c"]
        feedback = self._feedback(recent, "public_criticism", description="Told the trade fair our cables crack")
        self._evaluate(old, recent)
        self.assertFalse(self._signals(old))
        signal = self._signals(recent, "complaint")
        self.assertEqual(signal.evidence_ref, feedback)
        self.assertIn("Told the trade fair our cables crack", signal.explanation)

    def test_repeated_large_price_cut_requests_raise_signal(self):
        self._switch_on("price_cut", min_count=2, min_percent=5.0, period_days=180)
        partner = self.customers["b"]
        self._feedback(partner, "price_cut", days_ago=60, percent=6.0)
        self._feedback(partner, "price_cut", days_ago=5, percent=10.0)
        self._evaluate(partner)
        signal = self._signals(partner, "price_cut")
        self.assertEqual(len(signal), 1)
        self.assertIn("up to 10.0 %", signal.explanation)

    def test_small_or_single_price_cut_requests_raise_nothing(self):
        self._switch_on("price_cut", min_count=2, min_percent=5.0, period_days=180)
        partner = self.customers["b"]
        self._feedback(partner, "price_cut", percent=3.0)
        self._feedback(partner, "price_cut", percent=8.0)
        self._evaluate(partner)
        self.assertFalse(self._signals(partner))

    def test_price_cut_request_needs_the_cut_asked_for(self):
        with self.assertRaisesRegex(Exception, "A price-cut request needs the cut asked for"):
            self._feedback(self.customers["b"], "price_cut", percent=0.0)

    def test_tighter_quality_or_lead_time_demand_raises_signal_only_when_switched_on(self):
        partner = self.customers["c"]
        self._feedback(partner, "lead_time_demand", description="Delivery in 5 days instead of 20")
        self._evaluate(partner)
        self.assertFalse(self._signals(partner))
        self._switch_on("tighter_terms", min_count=1, period_days=90)
        self._evaluate(partner)
        self.assertEqual(len(self._signals(partner, "tighter_terms")), 1)

    def test_sharp_order_drop_flagged_by_sales_dynamics_raises_signal(self):
        if "crm.customer.sales.month" not in self.env:
            self.skipTest("the sales dynamics (crm.customer.sales.month) are not installed")
        self._switch_on("volume_drop", min_count=1, period_days=90)
        partner = self.customers["a"]
        last_month = (self.today.replace(day=1) - timedelta(days=1)).replace(day=1)
        month = self._drop_month(partner, last_month)
        self._evaluate(partner)
        signal = self._signals(partner, "volume_drop")
        self.assertEqual(signal.evidence_ref, month)
        self.assertIn("Drop: ", signal.explanation)
        self.assertIn("100 % below the expected", signal.explanation)
        # a drop older than the period counts no more
        other = self.customers["b"]
        self._drop_month(other, (last_month - timedelta(days=200)).replace(day=1))
        self._evaluate(other)
        self.assertFalse(self._signals(other))

    def _drop_month(self, partner, month):
        """A month the sales dynamics flagged as a drop: nothing sold where 20,000 were expected."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            INSERT INTO crm_customer_sales_history (partner_id, company_id, first_month, computed_at,
                month_amounts, month_quantities, month_amounts_last_year, month_recent_averages,
                month_seasonal_indexes, month_pattern_years, month_expected_amounts, month_deviations, month_flags)
            VALUES (%s, %s, %s, NOW(), '{0}', '{0}', '{0}', '{20000}', '{1}', '{0}', '{20000}', '{-1}', '{1}')
            """,
            (partner.id, self.env.company.id, month),
        )
        return self.env["crm.customer.sales.month"].sudo().search([("partner_id", "=", partner.id)])

    def test_thresholds_cannot_be_zero_or_negative(self):
        with self.assertRaisesRegex(Exception, "minimum count of at least 1"):
            self.rules["complaint"].min_count = 0
        with self.assertRaisesRegex(Exception, "cannot be negative"):
            self.rules["price_cut"].decay_days = -1


@tagged("post_install", "-at_install")
class TestChurnSignalLifecycle(ChurnCommon):
    """Signals are refreshed, never duplicated, decay, and drive the lifecycle, activities and retention."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rules["complaint"].write({"enabled": True, "min_count": 1, "period_days": 90, "decay_days": 30})

    def test_rerun_refreshes_the_open_signal_without_duplicating_it(self):
        partner = self.customers["b"]
        self._feedback(partner, "complaint")
        self._evaluate(partner)
        signal = self._signals(partner)
        signal.action_acknowledge()
        latest = self._feedback(partner, "complaint", description="Second complaint")
        self._evaluate(partner)
        self.Signal._cron_evaluate_churn_signals()
        self.assertEqual(self._signals(partner), signal)
        self.assertEqual(signal.state, "acknowledged")
        self.assertEqual(signal.evidence_ref, latest)
        self.assertEqual(signal.decay_date, self.today + timedelta(days=30))

    def test_signal_decays_when_its_evidence_is_gone_past_the_decay_date(self):
        partner = self.customers["b"]
        feedback = self._feedback(partner, "complaint")
        self._evaluate(partner)
        signal = self._signals(partner)
        feedback.sudo().date = self.today - timedelta(days=200)  # out of the rule's period
        self._evaluate(partner)
        self.assertEqual(signal.state, "active", "the sign fades only after the decay time")
        signal.decay_date = self.today - timedelta(days=1)
        self._evaluate(partner)
        self.assertEqual(signal.state, "resolved")
        self.assertEqual(signal.resolution, "decayed")
        self.assertFalse(signal.resolved_by_id)

    def test_signal_still_seen_does_not_decay(self):
        partner = self.customers["b"]
        self._feedback(partner, "complaint")
        self._evaluate(partner)
        signal = self._signals(partner)
        signal.decay_date = self.today - timedelta(days=1)
        self._evaluate(partner)
        self.assertEqual(signal.state, "active")
        self.assertEqual(signal.decay_date, self.today + timedelta(days=30))

    def test_signal_resolved_by_hand_returns_only_with_new_evidence(self):
        partner = self.customers["b"]
        self._feedback(partner, "complaint")
        self._evaluate(partner)
        signal = self._signals(partner)
        signal.with_user(self.salesperson).action_resolve()
        self._evaluate(partner)
        self.assertEqual(self._signals(partner), signal)
        self._feedback(partner, "complaint", description="Again")
        self._evaluate(partner)
        self.assertEqual(len(self._signals(partner)), 2)
        self.assertEqual(len(self._signals(partner).filtered(lambda s: s.state == "active")), 1)

    def test_open_signal_puts_customer_in_decline_with_reason_and_resolving_brings_it_back(self):
        partner = self.customers["b"]
        self.assertEqual(partner.lifecycle_stage, "growth")
        self._feedback(partner, "complaint")
        self._evaluate(partner)
        self.assertEqual(partner.lifecycle_stage, "decline")
        self.assertEqual(partner.churn_reasons, "Complaints or Public Criticism")
        self.assertEqual(partner.churn_open_signal_count, 1)
        self._signals(partner).action_acknowledge()
        self.assertEqual(partner.lifecycle_stage, "decline", "an acknowledged sign is still open")
        self._signals(partner).action_resolve()
        self.assertEqual(partner.lifecycle_stage, "growth")
        self.assertFalse(partner.churn_reasons)

    def test_new_signal_gives_the_salesperson_an_activity_and_for_a_customers_the_sales_manager_too(self):
        activity_type = self.env.ref("crm_customer_scoring.mail_activity_type_churn_warning")

        def churn_activities(partner):
            return self.env["mail.activity"].search(
                [("res_model", "=", "res.partner"), ("res_id", "=", partner.id),
                 ("activity_type_id", "=", activity_type.id)]
            )  # fmt: skip

        for code in ("a", "b"):
            self._feedback(self.customers[code], "complaint", description="Cable jackets crack in the cold")
        self._evaluate(self.customers["a"], self.customers["b"])
        self.assertEqual(churn_activities(self.customers["a"]).user_id, self.salesperson | self.manager)
        self.assertEqual(churn_activities(self.customers["b"]).user_id, self.salesperson)
        manager_activity = churn_activities(self.customers["a"]).filtered(lambda a: a.user_id == self.manager)
        self.assertIn("visit the customer in person", manager_activity.note)
        self.assertIn("Cable jackets crack in the cold", manager_activity.note)
        self.assertEqual(manager_activity.summary, "Churn warning: Kansai Denki Co.")
        # rerun and a second sign: the open activity covers it, no second one
        self.rules["tighter_terms"].enabled = True
        self._feedback(self.customers["a"], "quality_demand")
        self._evaluate(self.customers["a"], self.customers["b"])
        self.assertEqual(len(churn_activities(self.customers["a"])), 2)
        self.assertEqual(len(churn_activities(self.customers["b"])), 1)

    def test_each_recipient_reads_the_warning_in_their_own_language(self):
        self.env.ref("base.lang_zh_CN").active = True
        self.manager.lang = "zh_CN"
        chinese = {
            "Churn warning: %(customer)s": "客户流失预警：%(customer)s",
            "%(count)s complaint(s) or public criticism(s) in the last %(days)s days. Latest: %(description)s": (
                "最近 %(days)s 天内有 %(count)s 次投诉或公开抱怨。最近一次：%(description)s"
            ),
        }
        self._feedback(self.customers["a"], "complaint", description="Jackets crack")
        with patch.dict(code_translations.python_translations, {("crm_customer_scoring", "zh_CN"): chinese}):
            self._evaluate(self.customers["a"])
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.customers["a"].id)]
        )
        summaries = {activity.user_id: activity.summary for activity in activities}
        notes = {activity.user_id: activity.note for activity in activities}
        self.assertEqual(summaries[self.manager], "客户流失预警：Kansai Denki Co.")
        self.assertIn("最近 90 天内有 1 次投诉或公开抱怨。最近一次：Jackets crack", notes[self.manager])
        self.assertEqual(summaries[self.salesperson], "Churn warning: Kansai Denki Co.")
        self.assertIn("1 complaint(s) or public criticism(s) in the last 90 days", notes[self.salesperson])
        # the signal itself speaks the salesperson's language
        self.assertIn("1 complaint(s)", self._signals(self.customers["a"]).explanation)

    def test_let_go_is_refused_while_the_customer_owes_money(self):
        partner = self.customers["c"]
        self._feedback(partner, "complaint")
        self._evaluate(partner)
        invoice = self._overdue_invoice(partner, amount=1250.0)
        with self.assertRaisesRegex(UserError, r"Pampas Electric Co\. still owes .*1,250\.00.*balance is settled"):
            partner.with_user(self.manager).action_retention_let_go()
        self.assertFalse(partner.retention_outcome)
        self.assertEqual(self._signals(partner).state, "active")
        self._pay(invoice)
        partner.with_user(self.manager).action_retention_let_go()
        self.assertEqual(partner.retention_outcome, "let_go")
        self.assertEqual(self._signals(partner).resolution, "let_go")
        self.assertEqual(partner.lifecycle_stage, "ended")
        # a customer let go raises no more signs
        self._feedback(partner, "complaint", description="After leaving")
        self._evaluate(partner)
        self.assertEqual(len(self._signals(partner)), 1)

    def test_only_sales_managers_let_a_customer_go(self):
        with self.assertRaisesRegex(AccessError, "Only sales managers decide to let a customer go."):
            self.customers["c"].with_user(self.salesperson).action_retention_let_go()

    def test_kept_customer_signals_are_resolved_as_kept(self):
        partner = self.customers["b"]
        self._feedback(partner, "complaint")
        self._evaluate(partner)
        partner.with_user(self.salesperson).action_retention_kept()
        self.assertEqual(partner.retention_outcome, "kept")
        self.assertEqual(self._signals(partner).resolution, "kept")
        self.assertEqual(self._signals(partner).resolved_by_id, self.salesperson)
        self.assertEqual(partner.lifecycle_stage, "growth")
        # new signs later: at risk again, the outcome is open once more
        self._feedback(partner, "complaint", description="New complaint after the visit")
        self._evaluate(partner)
        self.assertFalse(partner.retention_outcome)
        self.assertEqual(partner.lifecycle_stage, "decline")

    def test_salesperson_evaluates_one_customer_from_its_form(self):
        partner = self.customers["b"]
        self._feedback(partner, "complaint")
        partner.with_user(self.salesperson).action_evaluate_churn_signals()
        self.assertEqual(len(self._signals(partner)), 1)
        self.assertEqual(partner.churn_evaluated_on, self.today)

    def test_cron_evaluates_in_batches_and_a_rerun_adds_nothing(self):
        for code in ("a", "b", "c"):
            self._feedback(self.customers[code], "complaint")
        self.env["res.partner"].search([]).write({"churn_evaluated_on": self.today})
        (self.customers["a"] | self.customers["b"] | self.customers["c"]).write({"churn_evaluated_on": False})
        self.assertEqual(self.Signal._cron_evaluate_churn_signals(batch_size=2), 1)
        self.assertEqual(len(self.Signal.search([("partner_id", "in", [p.id for p in self.customers.values()])])), 2)
        # killed here: the next call resumes with the customer left
        self.assertEqual(self.Signal._cron_evaluate_churn_signals(batch_size=2), 0)
        self.assertEqual(self.Signal._cron_evaluate_churn_signals(batch_size=2), 0)
        for partner in self.customers.values():
            self.assertEqual(len(self._signals(partner)), 1)

    def test_feedback_logged_from_a_visit_report_counts_for_the_churn_rules(self):
        report = (
            self.env["crm.visit.report"]
            .with_user(self.salesperson)
            .create({"partner_id": self.customers["b"].id, "purpose": "Quarterly review"})
        )
        action = report.action_log_customer_feedback()
        self.env["crm.customer.feedback"].with_user(self.salesperson).with_context(**action["context"]).create(
            {"kind": "public_criticism", "description": "Complains about our cables at the trade association"}
        )
        self.assertEqual(report.customer_feedback_count, 1)
        self._evaluate(self.customers["b"])
        self.assertEqual(self._signals(self.customers["b"]).evidence_ref.source_document, report)

    def test_feedback_logged_from_a_quotation_keeps_the_quotation_and_the_customer_company(self):
        contact = self.env["res.partner"].create({"name": "Mr. Tanaka", "parent_id": self.customers["a"].id})
        order = self._order(contact)
        action = order.with_user(self.salesperson).action_log_customer_feedback()
        feedback = (
            self.env["crm.customer.feedback"]
            .with_user(self.salesperson)
            .with_context(**action["context"])
            .create({"kind": "quality_demand", "description": "Wants UL certificates for every batch"})
        )
        self.assertEqual(feedback.partner_id, self.customers["a"])
        self.assertEqual(feedback.source_document, order)
        self.assertEqual(order.customer_feedback_count, 1)


@tagged("post_install", "-at_install")
class TestChurnAccess(ChurnCommon):
    """Salespeople see and acknowledge their customers' signals; only managers configure; portal users nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rules["complaint"].write({"enabled": True, "min_count": 1})
        cls.foreign = cls.env["res.partner"].create(
            {"name": "Andes Wire S.A.", "is_company": True, "user_id": cls.other_salesperson.id}
        )
        for partner in (cls.customers["b"], cls.foreign):
            cls._feedback(cls, partner, "complaint", user=cls.manager)
        cls.Signal._evaluate(cls.customers["b"] | cls.foreign)
        cls.own_signal = cls.Signal.search([("partner_id", "=", cls.customers["b"].id)])
        cls.other_signal = cls.Signal.search([("partner_id", "=", cls.foreign.id)])

    def test_salesperson_sees_and_acknowledges_only_own_customers_signals(self):
        signals = self.Signal.with_user(self.salesperson).search([])
        self.assertIn(self.own_signal, signals)
        self.assertNotIn(self.other_signal, signals)
        self.own_signal.with_user(self.salesperson).action_acknowledge()
        self.assertEqual(self.own_signal.state, "acknowledged")
        self.assertEqual(self.own_signal.acknowledged_by_id, self.salesperson)
        with self.assertRaises(AccessError):
            self.other_signal.with_user(self.salesperson).action_acknowledge()
        feedback = self.env["crm.customer.feedback"].with_user(self.salesperson).search([])
        self.assertEqual(feedback.partner_id, self.customers["b"])

    def test_nobody_rewrites_a_signals_evidence(self):
        for user in (self.salesperson, self.manager):
            with self.subTest(user=user.login), self.assertRaisesRegex(AccessError, "written by the churn rules"):
                self.own_signal.with_user(user).write({"explanation": "Nothing to see", "state": "resolved"})

    def test_sales_manager_sees_all_signals(self):
        signals = self.Signal.with_user(self.manager).search([])
        self.assertIn(self.own_signal, signals)
        self.assertIn(self.other_signal, signals)

    def test_only_managers_configure_rules(self):
        rule = self.rules["overdue"]
        self.assertTrue(rule.with_user(self.salesperson).read(["enabled"]))
        with self.assertRaises(AccessError):
            rule.with_user(self.salesperson).enabled = True
        rule.with_user(self.manager).write({"enabled": True, "min_count": 3})
        self.assertTrue(rule.enabled)

    def test_salespeople_cannot_create_signals(self):
        with self.assertRaises(AccessError):
            self.Signal.with_user(self.salesperson).create({"partner_id": self.customers["b"].id, "rule": "complaint"})

    def test_portal_user_sees_nothing(self):
        portal = new_test_user(self.env, "ft_churn_portal", groups="base.group_portal")
        for model in ("crm.customer.signal", "crm.customer.signal.rule", "crm.customer.feedback"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(portal).search([])


@tagged("post_install", "-at_install")
class TestChurnMultiCompany(MultiCompanyCommon):
    """Each company has its own six rules; its users see none of another company's signals or feedback."""

    def test_company_signals_rules_and_feedback_are_isolated(self):
        rules = self.env["crm.customer.signal.rule"]
        self.assertEqual(len(rules.search([("company_id", "=", self.company_b.id)])), 6, "a new company gets them")
        rules_a = rules.search([("company_id", "=", self.company_a.id)])
        rules_b = rules.search([("company_id", "=", self.company_b.id)])
        (rules_a | rules_b).filtered(lambda r: r.rule == "complaint").write({"enabled": True})
        feedback = self.env["crm.customer.feedback"].create(
            [
                {"partner_id": customer.id, "company_id": company.id, "kind": "complaint",
                 "description": "Late shipment", "user_id": self.salesperson_a.id}
                for customer, company in ((self.customer_a, self.company_a), (self.customer_b, self.company_b))
            ]
        )  # fmt: skip
        signals = self.env["crm.customer.signal"]._evaluate(self.customer_a | self.customer_b)
        signal_a = signals.filtered(lambda s: s.company_id == self.company_a)
        signal_b = signals.filtered(lambda s: s.company_id == self.company_b)
        self.assertEqual((signal_a.partner_id, signal_b.partner_id), (self.customer_a, self.customer_b))
        self.assertCompanyIsolation(signal_a, signal_b)
        self.assertCompanyIsolation(feedback[0], feedback[1])
        self.assertCompanyIsolation(rules_a, rules_b, users=self.manager_a)
