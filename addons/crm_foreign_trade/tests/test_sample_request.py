# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ForeignTradeCommon


@tagged("post_install", "-at_install")
class TestSampleRequest(ForeignTradeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Anatolia Beyaz Esya A.S.", "is_company": True, "customer_class": "c"}
        )
        cls.cord = cls.env["product.product"].create({"name": "VDE power cord", "standard_price": 4.0})
        cls.wire = cls.env["product.product"].create({"name": "UL1015 wire", "standard_price": 1.0})

    def _request(self, qty, user=None, **values):
        return (
            self.env["crm.sample.request"]
            .with_user(user or self.salesperson)
            .create(
                dict(
                    {
                        "partner_id": self.customer.id,
                        "line_ids": [(0, 0, {"product_id": self.cord.id, "quantity": qty, "unit_cost": 4.0})],
                    },
                    **values,
                )
            )
        )

    def test_fee_policy_by_value_and_likely_class(self):
        self.assertEqual(self._request(100).fee_policy, "free", "400: small value is free")
        self.assertEqual(self._request(2000, expected_class="a").fee_policy, "charge", "8,000: large value pays")
        self.assertEqual(self._request(500).fee_policy, "charge", "2,000 for a likely C customer")
        self.assertEqual(self._request(500, expected_class="a").fee_policy, "free", "2,000 for a likely A customer")
        self.assertEqual(self._request(500, expected_class="b").fee_policy, "charge")
        self.env.company.sample_class_b_free = True
        self.assertEqual(self._request(500, expected_class="b").fee_policy, "free")
        self.assertEqual(self._request(1).expected_class, "c", "defaults to the customer's class")

    def test_free_samples_against_the_policy_need_a_manager(self):
        request = self._request(500, free_requested=True)
        request.action_request()
        self.assertEqual(request.state, "requested")
        self.assertEqual(request.activity_ids.user_id, self.manager, "the leader of the salesperson's team")
        # without a team, the company's sales manager (the sales organisation's answer)
        head_of_sales = self._user("ft_smp_head", "sales_team.group_sale_manager", "Head of Sales")
        self.env.company.sales_manager_user_id = head_of_sales
        teamless = self._user("ft_smp_teamless", "sales_team.group_sale_salesman", "Teamless")
        other = self._request(500, user=teamless, free_requested=True)
        other.action_request()
        self.assertEqual(other.activity_ids.user_id, head_of_sales)
        with self.assertRaisesRegex(UserError, "sales manager"):
            request.with_user(self.salesperson).action_approve()
        request.with_user(self.manager).action_approve()
        self.assertEqual((request.state, request.is_free, request.approved_by_id), ("approved", True, self.manager))

    def test_manager_can_keep_the_fee(self):
        request = self._request(500, free_requested=True)
        request.action_request()
        request.with_user(self.manager).action_refuse_waiver()
        self.assertEqual(request.state, "approved")
        self.assertFalse(request.is_free)

    def test_request_within_policy_is_approved_at_once(self):
        request = self._request(100)
        request.action_request()
        self.assertEqual(request.state, "approved")

    def test_request_goes_through_its_states_in_order(self):
        request = self._request(100)
        with self.assertRaises(UserError):
            request.action_sent()
        request.action_request()
        request.action_made()
        request.action_sent()
        with self.assertRaisesRegex(UserError, "feedback"):
            request.action_feedback()
        request.feedback = "Passed the 1,000 h bending test"
        request.action_feedback()
        self.assertEqual(request.state, "feedback")
        empty = self.env["crm.sample.request"].create({"partner_id": self.customer.id})
        with self.assertRaises(ValidationError):
            empty.action_request()

    def test_conversion_when_an_order_follows(self):
        with freeze_time("2026-05-01"):
            converted = self._request(100)
            second = self._request(100)
            for request in converted | second:
                request.action_request()
                request.action_made()
                request.action_sent()
        with freeze_time("2026-06-15"):
            order = self.env["sale.order"].create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        (0, 0, {"product_id": self.cord.id, "product_uom_qty": 5000, "price_unit": 5.0}),
                        (0, 0, {"product_id": self.wire.id, "product_uom_qty": 10, "price_unit": 1.0}),
                    ],
                }
            )
            order.action_confirm()
        self.assertEqual(converted.converted_order_id, order)
        self.assertEqual(converted.converted_amount, 25000.0, "only the sampled product")
        self.assertTrue(second.converted, "both samples of the product led to the order")
        late = self._request(100)
        with freeze_time("2026-01-01"):
            late.action_request()
            late.action_made()
            late.action_sent()
        self.env["crm.sample.request"]._update_conversions()
        self.assertFalse(late.converted, "the order came after 90 days")

    def test_daily_conversion_check_goes_one_batch_per_call_until_none_remain(self):
        samples = self._request(100) | self._request(100)
        with freeze_time("2026-05-01"):
            for request in samples:
                request.action_request()
                request.action_made()
                request.action_sent()
        with freeze_time("2026-05-20"):
            reported = self._cron_batches_of_one(
                "crm_foreign_trade.ir_cron_sample_conversion", "_update_conversions", samples, "conversion_checked_on"
            )
        self.assertEqual(reported, [(1, 1), (1, 0), (0, 0)], "called again while samples remain, once a day")
        self.assertFalse(any(samples.mapped("converted")), "no order yet")

    def test_company_flag_follows_its_samples_and_an_order_by_a_contact_converts(self):
        """Samples sent to the company, ordered by a buyer of one of its subsidiaries' contacts."""
        subsidiary = self.env["res.partner"].create({"name": "Anatolia Izmir Plant", "parent_id": self.customer.id})
        buyer = self.env["res.partner"].create({"name": "Elif Kaya", "parent_id": subsidiary.id})
        self.assertEqual(buyer.commercial_partner_id, self.customer)
        request = self._request(100)
        self.assertFalse(self.customer.sample_awaiting_order)
        with freeze_time("2026-05-01"):
            request.action_request()
            request.action_made()
            self.assertFalse(self.customer.sample_awaiting_order, "made, not sent yet")
            request.action_sent()
        self.assertTrue(self.customer.sample_awaiting_order)
        self.assertEqual(request.commercial_partner_id, self.customer)
        with freeze_time("2026-05-20"):
            order = self.env["sale.order"].create(
                {
                    "partner_id": buyer.id,
                    "order_line": [(0, 0, {"product_id": self.cord.id, "product_uom_qty": 800, "price_unit": 5.0})],
                }
            )
            order.action_confirm()
        self.assertEqual(request.converted_order_id, order)
        self.assertFalse(self.customer.sample_awaiting_order, "nothing left to convert")

    def test_salesperson_sees_own_requests_only(self):
        request = self._request(100)
        with self.assertRaises(AccessError):
            request.with_user(self.colleague).read(["name"])
        self.assertTrue(request.with_user(self.manager).read(["name"]))
        self.assertTrue(request.name.startswith("SMP/"))
