# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import ExecutionCommon


@tagged("post_install", "-at_install")
class TestComplaintChurnSignal(ExecutionCommon):
    """With the customer scoring installed too, complaints recorded on orders raise the "complaints" churn signal."""

    def setUp(self):
        super().setUp()
        if "crm.customer.signal" not in self.env:
            self.skipTest("crm_customer_scoring is not installed")
        self.rule = self.env["crm.customer.signal.rule"].search(
            [("company_id", "=", self.env.company.id), ("rule", "=", "complaint")]
        )
        self.rule.write({"enabled": True, "min_count": 2, "period_days": 90})
        self.order = self._order()
        self.order.action_confirm()

    def _complaint(self, days_ago=0, **values):
        today = fields.Date.context_today(self.env["res.partner"])
        return self.env["crm.customer.complaint"].create(
            dict(
                {
                    "order_id": self.order.id,
                    "category": "quality",
                    "description": "Insulation cracks at -10 °C",
                    "date_received": today - timedelta(days=days_ago),
                },
                **values,
            )
        )

    def _signal(self):
        self.env["crm.customer.signal"]._evaluate(self.exporter)
        return self.env["crm.customer.signal"].search(
            [("partner_id", "=", self.exporter.id), ("rule", "=", "complaint")]
        )

    def test_complaints_on_orders_count_towards_the_complaint_signal(self):
        self._complaint(days_ago=200, description="Cartons crushed in 2025")
        self._complaint(days_ago=30)
        self.assertFalse(self._signal(), "one complaint in the period, the rule asks for two")
        latest = self._complaint(days_ago=2, description="Shipping marks miss the PO number")
        signal = self._signal()
        self.assertEqual(signal.evidence_ref, latest)
        self.assertIn("Shipping marks miss the PO number", signal.explanation)
        self.assertIn("2 complaint(s)", signal.explanation)

    def test_cancelled_complaints_and_logged_feedback_count_together(self):
        self._complaint(days_ago=10).action_cancel()
        self.env["crm.customer.feedback"].create(
            {"partner_id": self.exporter.id, "kind": "public_criticism", "description": "Posted that our cable is thin"}
        )
        self.assertFalse(self._signal(), "a cancelled complaint is no complaint")
        self._complaint(days_ago=1)
        self.assertTrue(self._signal(), "one logged criticism and one recorded complaint")
