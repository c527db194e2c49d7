# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ForeignTradeCommon

T0 = datetime(2026, 3, 2, 9, 0)
RULES = (
    "crm_foreign_trade.rule_partner_salesperson_own_and_pool",
    "crm_foreign_trade.rule_partner_sales_manager_team",
    "crm_foreign_trade.rule_partner_general_manager_all",
)


@tagged("post_install", "-at_install")
class TestPublicPool(ForeignTradeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a salesperson of another team, led by another manager
        cls.other_salesperson = cls._user("ft_pool_other_sales", "sales_team.group_sale_salesman", "Sato Ken")
        cls.other_manager = cls._user("ft_pool_other_manager", "sales_team.group_sale_manager", "Ito Mari")
        cls.env["crm.team"].create(
            {"name": "Japan Desk", "user_id": cls.other_manager.id, "member_ids": [(6, 0, cls.other_salesperson.ids)]}
        )
        with freeze_time(T0):
            cls.customer = cls.env["res.partner"].create(
                {
                    "name": "Nordlicht Elektro GmbH",
                    "is_company": True,
                    "customer_rank": 1,
                    "customer_class": "c",
                    "user_id": cls.salesperson.id,
                    "owner_since": T0,
                }
            )

    def _enable_pool(self, **values):
        self.env["res.config.settings"].create(dict({"pool_enabled": True}, **values)).execute()

    def _cron(self):
        self.env["res.partner"]._cron_public_pool()

    # -- policy switch ------------------------------------------------------
    def test_nothing_happens_until_switched_on(self):
        self.assertFalse(any(self.env.ref(rule).active for rule in RULES))
        with freeze_time("2026-12-31"):
            self._cron()
        self.assertEqual(self.customer.user_id, self.salesperson)
        self.assertTrue(self.env["res.partner"].with_user(self.colleague).search([("id", "=", self.customer.id)]))
        self._enable_pool()
        self.assertTrue(all(self.env.ref(rule).active for rule in RULES))
        self.env["res.config.settings"].create({"pool_enabled": False}).execute()
        self.assertFalse(any(self.env.ref(rule).active for rule in RULES))

    # -- return to the pool -------------------------------------------------
    def test_owner_is_warned_then_customer_returns(self):
        self._enable_pool()
        with freeze_time("2026-03-26"):  # 24 days: class C returns after 30, warning 7 days before
            self._cron()
        activity = self.customer.activity_ids
        self.assertEqual(activity.user_id, self.salesperson)
        self.assertIn("public pool", activity.summary)
        self.assertEqual(self.customer.user_id, self.salesperson)
        with freeze_time("2026-03-27"):
            self._cron()
        self.assertEqual(len(self.customer.activity_ids), 1, "warned once")
        with freeze_time("2026-04-02"):  # 31 days
            self._cron()
        self.assertFalse(self.customer.user_id)
        self.assertTrue(self.customer.in_public_pool)
        move = self.customer.pool_move_ids
        self.assertEqual((move.move_type, move.from_user_id), ("release_auto", self.salesperson))
        self.assertIn("Returned to Pool", self.customer.message_ids[0].body)

    def test_logged_activity_keeps_the_customer(self):
        self._enable_pool()
        with freeze_time("2026-03-22"):
            self.customer.with_user(self.salesperson).message_post(
                body="Called about the RoHS report", message_type="comment"
            )
        with freeze_time("2026-04-02"):
            self._cron()
            self.assertEqual(self.customer.user_id, self.salesperson)
        with freeze_time("2026-04-22"):  # 31 days after the call
            self._cron()
            self.assertFalse(self.customer.user_id)

    def test_done_activity_and_visit_report_keep_the_customer(self):
        self._enable_pool()
        with freeze_time("2026-03-20"):
            activity = self.customer.activity_schedule("mail.mail_activity_data_call", user_id=self.salesperson.id)
            activity.action_feedback(feedback="Discussed the new RoHS declaration")
        with freeze_time("2026-04-02"):
            self._cron()
            self.assertEqual(self.customer.user_id, self.salesperson, "the call was 13 days ago")
        with freeze_time("2026-04-15"):
            self.env["crm.visit.report"].create(
                {
                    "partner_id": self.customer.id,
                    "user_id": self.salesperson.id,
                    "purpose": "Plant audit",
                    "findings": "<p>Audit passed</p>",
                    "visit_date": "2026-04-15",
                }
            ).action_submit()
        with freeze_time("2026-05-05"):  # 45 days after the call, 20 after the visit
            self._cron()
            self.assertEqual(self.customer.user_id, self.salesperson)

    def test_daily_check_goes_one_batch_per_call_until_none_remain(self):
        self._enable_pool()
        with freeze_time(T0):
            other = self.env["res.partner"].create(
                {
                    "name": "Sakura Denki KK",
                    "is_company": True,
                    "customer_rank": 1,
                    "customer_class": "c",
                    "user_id": self.salesperson.id,
                    "owner_since": T0,
                }
            )
        customers = self.customer | other
        with freeze_time("2026-04-02"):  # 31 days: class C returns after 30
            reported = self._cron_batches_of_one(
                "crm_foreign_trade.ir_cron_public_pool", "_cron_public_pool", customers, "pool_checked_on"
            )
        self.assertEqual(reported, [(1, 1), (1, 0), (0, 0)], "called again while customers remain, once a day")
        self.assertTrue(all(customers.mapped("in_public_pool")))

    def test_days_follow_the_class(self):
        self._enable_pool(pool_days_a=90)
        self.customer.customer_class = "a"  # superuser: no reason asked
        with freeze_time("2026-04-02"):
            self._cron()
        self.assertEqual(self.customer.user_id, self.salesperson, "class A keeps its owner for 90 days")

    # -- claiming -----------------------------------------------------------
    def _release_automatically(self):
        self._enable_pool()
        with freeze_time("2026-04-02"):
            self._cron()
        self.assertTrue(self.customer.in_public_pool)

    def test_previous_owner_cannot_reclaim_during_cooldown(self):
        self._release_automatically()
        with freeze_time("2026-04-10"), self.assertRaises(UserError) as caught:
            self.customer.with_user(self.salesperson).action_pool_claim()
        self.assertIn("30 days", str(caught.exception))
        with freeze_time("2026-05-05"):
            self.customer.with_user(self.salesperson).action_pool_claim()
        self.assertEqual(self.customer.user_id, self.salesperson)

    def test_claim_then_nobody_else_can(self):
        self._release_automatically()
        with freeze_time("2026-04-10"):
            self.customer.with_user(self.colleague).action_pool_claim()
        self.assertEqual(self.customer.user_id, self.colleague)
        self.assertEqual(self.customer.pool_move_ids[0].move_type, "claim")
        with self.assertRaisesRegex(UserError, "no longer in the public pool"):
            self.customer.with_user(self.other_salesperson).action_pool_claim()

    def test_claim_cap_counts_customers_not_yet_won(self):
        self._enable_pool(pool_claim_limit=2)
        pool = self.env["res.partner"].create(
            [{"name": f"Pool Buyer {i}", "is_company": True, "customer_rank": 1} for i in range(3)]
        )
        pool[0].with_user(self.colleague).action_pool_claim()
        pool[1].with_user(self.colleague).action_pool_claim()
        with self.assertRaisesRegex(UserError, "the limit is 2"):
            pool[2].with_user(self.colleague).action_pool_claim()
        product = self.env["product.product"].create({"name": "VW-1 power cord"})
        order = self.env["sale.order"].create(
            {"partner_id": pool[0].id, "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})]}
        )
        order.action_confirm()
        pool[2].with_user(self.colleague).action_pool_claim()  # a won customer no longer counts
        self.assertEqual(pool[2].user_id, self.colleague)

    def test_release_own_customer_only(self):
        self._enable_pool()
        with self.assertRaises(UserError):
            self.customer.with_user(self.colleague).action_pool_release()
        self.customer.with_user(self.salesperson).action_pool_release()
        self.assertTrue(self.customer.in_public_pool)
        self.assertEqual(self.customer.pool_move_ids.move_type, "release")

    # -- visibility ---------------------------------------------------------
    def test_visibility_per_role(self):
        self._enable_pool()
        other_team_customer = self.env["res.partner"].create(
            {"name": "Osaka Denso KK", "is_company": True, "customer_rank": 1, "user_id": self.other_salesperson.id}
        )
        pool_customer = self.env["res.partner"].create(
            {"name": "Free Buyer SA", "is_company": True, "customer_rank": 1}
        )
        mine = self.customer | other_team_customer | pool_customer
        domain = [("id", "in", mine.ids)]
        Partner = self.env["res.partner"]
        self.assertEqual(Partner.with_user(self.colleague).search(domain), pool_customer)
        self.assertEqual(Partner.with_user(self.salesperson).search(domain), self.customer | pool_customer)
        self.assertEqual(Partner.with_user(self.manager).search(domain), self.customer | pool_customer)
        self.assertEqual(Partner.with_user(self.other_manager).search(domain), other_team_customer | pool_customer)
        self.assertEqual(Partner.with_user(self.general_manager).search(domain), mine)
        with self.assertRaises(AccessError):
            self.customer.with_user(self.colleague).read(["name"])

    # -- performance --------------------------------------------------------
    def test_cron_batch_costs_a_constant_number_of_queries(self):
        self._enable_pool()
        with freeze_time(T0):
            customers = self.env["res.partner"].create(
                [
                    {
                        "name": f"Idle Importer {i}",
                        "is_company": True,
                        "customer_rank": 1,
                        "user_id": self.colleague.id,
                        "owner_since": T0,
                    }
                    for i in range(130)
                ]
            )
        counts = []
        with freeze_time("2026-05-01"):
            # the first batch warms the caches (activity type, model ids); then compare
            for batch in (customers[:10], customers[10:20], customers[20:30], customers[30:]):
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                batch._pool_process_batch(datetime(2026, 5, 1))
                self.env.flush_all()
                counts.append(self.env.cr.sql_log_count - before)
        self.assertFalse(customers.user_id)
        self.assertEqual(counts[1], counts[2], "two batches of 10 cost the same")
        # 100 customers: only the ORM's own 100-row chunks of the 3 bulk statements
        # (history insert, chatter insert, owner update) may add a statement each
        self.assertLessEqual(counts[3] - counts[1], 3, counts)
