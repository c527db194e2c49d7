# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ForeignTradeCommon


@tagged("post_install", "-at_install")
class TestCustomerProfile(ForeignTradeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # messages asserted in English: the database may default to Chinese (make test loads it)
        (cls.salesperson | cls.colleague | cls.manager | cls.general_manager).lang = "en_US"
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Kowa Denki Trading Co., Ltd.",
                "is_company": True,
                "country_id": cls.env.ref("base.jp").id,
                "investor_country_id": cls.env.ref("base.jp").id,
                "trade_channel": "direct_export",
            }
        )
        cls.contact = cls.env["res.partner"].create({"name": "Tanaka Hiro", "parent_id": cls.customer.id})
        cls.product = cls.env["product.product"].create({"name": "UL1007 hook-up wire 22AWG", "list_price": 10.0})

    def _order(self, partner=None, confirm=True):
        order = self.env["sale.order"].create(
            {
                "partner_id": (partner or self.customer).id,
                "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 100})],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    # -- customer class -------------------------------------------------
    def test_class_change_needs_the_wizard_and_records_the_reason(self):
        with self.assertRaisesRegex(UserError, "Change Class button"):
            self.customer.with_user(self.manager).write({"customer_class": "a"})
        # changes to a record created in the same transaction are folded into its creation
        self.env.cr.precommit.run()
        wizard = (
            self.env["crm.customer.class.change"]
            .with_user(self.manager)
            .with_context(
                active_model="res.partner", active_ids=self.customer.ids, tracking_disable=False, mail_notrack=False
            )
            .create({"customer_class": "a", "reason": "Annual volume above RMB 5 million"})
        )
        self.assertEqual(wizard.partner_ids, self.customer)
        wizard.action_apply()
        self.assertEqual(self.customer.customer_class, "a")
        self.env.cr.precommit.run()  # tracking messages are written at commit time
        self.customer.invalidate_recordset(["message_ids"])
        messages = self.customer.message_ids
        self.assertTrue(any("Annual volume above RMB 5 million" in (m.body or "") for m in messages))
        tracked = messages.tracking_value_ids.filtered(lambda t: t.field_id.name == "customer_class")
        self.assertEqual(tracked.mapped("new_value_char"), ["Class A"])

    def test_salesperson_cannot_change_the_class(self):
        with self.assertRaises(UserError):
            self.customer.with_user(self.salesperson).with_context(customer_class_change_reason="x").write(
                {"customer_class": "a"}
            )
        self.assertFalse(self.env["crm.customer.class.change"].with_user(self.salesperson).has_access("create"))

    # -- new customer ---------------------------------------------------
    def test_prospect_without_orders_is_potential_not_new(self):
        self.assertEqual(self.customer.confirmed_order_count, 0)
        self.assertEqual(self.customer.lifecycle_stage, "potential")
        self.assertFalse(self.customer.is_new_customer)
        self.assertNotIn(
            self.customer, self.env["res.partner"].search([("is_new_customer", "=", True)]), "nor in the filter"
        )

    def test_first_order_makes_a_prospect_new(self):
        self._order()
        self.assertEqual(self.customer.lifecycle_stage, "growth")
        self.assertTrue(self.customer.is_new_customer)

    def test_new_until_six_months_and_six_orders_are_both_passed(self):
        with freeze_time("2026-01-10 09:00:00"):
            for _i in range(7):
                self._order()
        self.assertEqual(self.customer.confirmed_order_count, 7)
        self.assertEqual(self.customer.first_order_date, datetime(2026, 1, 10, 9, 0))
        with freeze_time("2026-05-01"):
            self.env["res.partner"]._cron_recompute_customer_profile()
            self.assertTrue(self.customer.is_new_customer, "first order less than 6 months ago")
        with freeze_time("2026-08-01"):
            self.env["res.partner"]._cron_recompute_customer_profile()
            self.assertFalse(self.customer.is_new_customer, "7 orders and first one 7 months ago")

    def test_daily_recomputation_goes_one_batch_per_call_until_none_remain(self):
        other = self.env["res.partner"].create({"name": "Sakura Denki KK", "is_company": True})
        with freeze_time("2026-01-10"):
            self._order()
            self._order(partner=other)
        customers = self.customer | other
        cron = ("crm_foreign_trade.ir_cron_recompute_customer_profile", "_cron_recompute_customer_profile")
        with freeze_time("2026-05-01"):
            reported = self._cron_batches_of_one(*cron, customers, "customer_profile_checked_on")
            self.assertEqual(reported, [(1, 1), (1, 0), (0, 0)], "called again while customers remain, once a day")
            self.assertEqual(set(customers.mapped("customer_profile_checked_on")), {date(2026, 5, 1)})
        with freeze_time("2026-08-10"):  # 212 days without order (default 180)
            self._cron_batch(*cron)
            self.assertEqual(other.lifecycle_stage, "decline", "checked again on another day")

    def test_few_orders_keep_a_customer_new(self):
        with freeze_time("2025-01-10"):
            self._order(partner=self.contact)  # an order of a contact counts for the company
            self._order()
        with freeze_time("2026-01-10"):
            self.env["res.partner"]._cron_recompute_customer_profile()
            self.assertEqual(self.customer.confirmed_order_count, 2)
            self.assertTrue(self.customer.is_new_customer)

    def test_order_history_follows_cancellations_new_dates_and_other_customers(self):
        with freeze_time("2025-03-01 10:00:00"):
            first = self._order()
        with freeze_time("2025-09-01 10:00:00"):
            second = self._order(partner=self.contact)
        self.assertEqual(
            (self.customer.confirmed_order_count, self.customer.first_order_date, self.customer.last_order_date),
            (2, datetime(2025, 3, 1, 10, 0), datetime(2025, 9, 1, 10, 0)),
        )
        self.assertEqual(self.contact.confirmed_order_count, 2, "the contact that ordered shows the company's")
        second.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual((self.customer.confirmed_order_count, self.customer.last_order_date), (1, first.date_order))
        first.date_order = datetime(2024, 12, 24, 8, 0)
        self.assertEqual(self.customer.first_order_date, datetime(2024, 12, 24, 8, 0))
        other = self.env["res.partner"].create({"name": "Other Importer", "is_company": True})
        first.partner_id = other
        self.assertEqual((self.customer.confirmed_order_count, other.confirmed_order_count), (0, 1))
        self.assertFalse(self.customer.last_order_date)

    def test_policy_change_in_settings_recomputes(self):
        with freeze_time("2025-01-10"):
            for _i in range(3):
                self._order()
        with freeze_time("2026-01-10"):
            self.assertTrue(self.customer.is_new_customer)
            settings = self.env["res.config.settings"].create({"new_customer_max_orders": 2})
            settings.execute()
            self.assertFalse(self.customer.is_new_customer)

    def test_settings_refuse_inconsistent_lifecycle_days(self):
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"lifecycle_decline_days": 400, "lifecycle_ended_days": 300})
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"new_customer_months": -1})

    # -- lifecycle ------------------------------------------------------
    def test_lifecycle_follows_the_relationship(self):
        self.assertEqual(self.customer.lifecycle_stage, "potential")
        lead = self.env["crm.lead"].create(
            {"name": "Harness cable for Kowa", "type": "opportunity", "partner_id": self.customer.id}
        )
        self.assertEqual(self.customer.lifecycle_stage, "development")
        lead.action_set_lost()
        self.assertEqual(self.customer.lifecycle_stage, "potential")
        quotation = self._order(confirm=False)
        self.assertEqual(self.customer.lifecycle_stage, "development")
        with freeze_time("2026-01-10"):
            quotation.action_confirm()
            self.assertEqual(self.customer.lifecycle_stage, "growth")
        with freeze_time("2026-08-10"):  # 212 days without order (default 180)
            self.env["res.partner"]._cron_recompute_customer_profile()
            self.assertEqual(self.customer.lifecycle_stage, "decline")
        with freeze_time("2027-02-10"):  # 396 days (default 365)
            self.env["res.partner"]._cron_recompute_customer_profile()
            self.assertEqual(self.customer.lifecycle_stage, "ended")
            self._order()
            self.assertEqual(self.customer.lifecycle_stage, "growth")

    def test_samples_mean_development(self):
        product = self.env["product.product"].create({"name": "Sample reel"})
        sample = self.env["crm.sample.request"].create(
            {"partner_id": self.customer.id, "line_ids": [(0, 0, {"product_id": product.id, "unit_cost": 1.0})]}
        )
        self.assertEqual(self.customer.lifecycle_stage, "potential", "a draft request is not development yet")
        sample.action_request()
        self.assertEqual(self.customer.lifecycle_stage, "development")

    def test_archived_customer_has_ended(self):
        self.customer.action_archive()
        self.assertEqual(self.customer.lifecycle_stage, "ended")

    def test_lifecycle_override_needs_general_manager_and_reason(self):
        with self.assertRaisesRegex(UserError, "reason"):
            self.customer.with_user(self.general_manager).write({"lifecycle_stage_override": "decline"})
        with self.assertRaisesRegex(UserError, "general manager"):
            self.customer.with_user(self.manager).write(
                {"lifecycle_stage_override": "decline", "lifecycle_override_reason": "Moved production to Vietnam"}
            )
        self.customer.with_user(self.general_manager).write(
            {"lifecycle_stage_override": "decline", "lifecycle_override_reason": "Moved production to Vietnam"}
        )
        self.assertEqual(self.customer.lifecycle_stage, "decline")
        self._order()
        self.assertEqual(self.customer.lifecycle_stage, "decline", "the override wins over the data")

    def test_salesperson_enters_the_profile_in_the_form(self):
        form = Form(self.env["res.partner"].with_user(self.salesperson))
        form.name = "Rheinland Kabel GmbH"
        form.company_type = "company"
        form.investor_country_id = self.env.ref("base.de")
        form.trade_channel = "transfer_export"
        partner = form.save()
        self.assertEqual(partner.trade_channel, "transfer_export")
        self.assertEqual(partner.lifecycle_stage, "potential")

    def test_order_history_recount_query_count_is_constant(self):
        few = self.env["res.partner"].create([{"name": f"Buyer {i}", "is_company": True} for i in range(3)])
        many = self.env["res.partner"].create([{"name": f"Importer {i}", "is_company": True} for i in range(60)])
        counts = []
        for partners in (few, many):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            partners._recount_order_history()
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1], "one query for the batch, not one per partner")
