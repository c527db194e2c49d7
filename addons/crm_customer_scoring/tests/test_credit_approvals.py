# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CreditCommon

EVIDENCE = {
    "own_impression": "strong",
    "priority_profitability": "adequate",
    "financial_payment_record": "strong",
}


@tagged("post_install", "-at_install")
class TestCreditApprovals(CreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.branch_manager = new_test_user(cls.env, "ft_cr_branch", groups="sales_team.group_sale_salesman_all_leads")
        cls.team = cls.env["crm.team"].create(
            {"name": "Export Europe", "user_id": cls.branch_manager.id, "member_ids": [(4, cls.salesperson.id)]}
        )
        cls.lonely_team = cls.env["crm.team"].create({"name": "Export Africa"})

    def _application(self, team, **values):
        return (
            self.env["crm.credit.application"]
            .with_user(self.salesperson)
            .create(
                dict(
                    {"partner_id": self.customers["b"].id, "team_id": team.id, "requested_limit": 200000.0,
                     "reason": "Yearly frame contract for 12 containers"},
                    **values,
                )
            )
        )  # fmt: skip

    def test_evidence_is_required(self):
        application = self._application(self.team, own_impression="strong")
        with self.assertRaises(UserError) as caught:
            application.action_submit()
        self.assertIn("priority characteristics", str(caught.exception))
        self.assertEqual(application.state, "draft")

    def test_chain_branch_sales_general_manager_writes_the_limit(self):
        application = self._application(self.team, **EVIDENCE)
        application.action_submit()
        self.assertEqual(application.state, "to_approve")
        reviews = application.review_ids.sorted("sequence")
        self.assertEqual(len(reviews), 3)
        with self.assertRaises(ValidationError):
            application.with_user(self.salesperson).action_approve()
        # the sales manager cannot jump ahead of the branch manager
        application.with_user(self.manager).validate_tier()
        self.assertFalse(application.validation_status == "validated")
        application.with_user(self.branch_manager).validate_tier()
        application.with_user(self.manager).validate_tier()
        self.assertEqual(application.state, "to_approve")
        # the general manager approves with a comment (OCA's comment wizard), which applies the limit
        application.invalidate_recordset()
        action = application.with_user(self.general_manager).validate_tier()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.general_manager)
            .with_context(**action["context"])
            .create({"comment": "Bank reference from HSBC checked"})
        )
        wizard.add_comment()
        self.assertEqual(application.state, "approved")
        self.assertEqual(self.customers["b"].sudo().credit_limit, 200000.0)
        self.assertIn("Credit limit set to", self.customers["b"].message_ids[0].body)

    def test_skipped_steps_are_logged(self):
        self.env.ref("crm_customer_scoring.tier_credit_sales_manager").active = False
        application = self._application(self.lonely_team, **EVIDENCE)
        application.action_submit()
        self.assertEqual(len(application.review_ids), 1, "only the general manager remains")
        log = application.message_ids.filtered(lambda m: "Approval steps skipped" in (m.body or ""))
        self.assertIn("Branch manager (not applicable)", log.body)
        self.assertIn("Sales manager (switched off)", log.body)

    def test_all_steps_off_applies_at_once_in_the_customer_currency(self):
        for xmlid in ("branch_manager", "sales_manager", "general_manager"):
            self.env.ref(f"crm_customer_scoring.tier_credit_{xmlid}").active = False
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": eur.id, "rate": 0.5, "name": fields.Date.today(), "company_id": self.env.company.id}
        )
        application = self._application(self.team, currency_id=eur.id, requested_limit=1000.0, **EVIDENCE)
        application.action_submit()
        self.assertEqual(application.state, "approved")
        self.assertEqual(self.customers["b"].sudo().credit_limit, 2000.0)

    def test_an_approved_application_cannot_be_cancelled(self):
        for xmlid in ("branch_manager", "sales_manager", "general_manager"):
            self.env.ref(f"crm_customer_scoring.tier_credit_{xmlid}").active = False
        application = self._application(self.team, requested_limit=1000.0, **EVIDENCE)
        application.action_submit()
        self.assertEqual(application.state, "approved")
        with self.assertRaisesRegex(UserError, "is approved and its limit applies"):
            application.action_cancel()
        self.assertEqual(application.state, "approved")
        draft = self._application(self.team, **EVIDENCE)
        draft.action_cancel()
        self.assertEqual(draft.state, "cancelled")

    def test_application_access_per_role(self):
        application = self._application(self.team, **EVIDENCE)
        colleague = new_test_user(self.env, "ft_cr_colleague", groups="sales_team.group_sale_salesman")
        with self.assertRaises(AccessError):
            application.with_user(colleague).read(["requested_limit"])
        with self.assertRaises(AccessError):
            application.with_user(self.clerk).read(["requested_limit"])
        with self.assertRaises(AccessError):
            application.with_user(self.salesperson).read(["current_limit"])
        self.assertTrue(application.with_user(self.accountant).read(["current_limit", "approved_limit"]))

    def test_signing_authority_with_currency_conversion(self):
        cny = self.env.ref("base.CNY")
        cny.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": cny.id, "rate": 7.2, "name": fields.Date.today(), "company_id": self.env.company.id}
        )
        partner = self.customers["a"]
        small = self._order(partner, 60000.0, team_id=self.team.id)  # 432,000 CNY
        large = self._order(partner, 80000.0, team_id=self.team.id)  # 576,000 CNY
        self.assertEqual(small.signing_authority, "branch_manager")
        self.assertEqual(large.signing_authority, "sales_manager")
        self.env.company.signing_amount = 600000
        large.invalidate_recordset(["signing_authority"])
        self.assertEqual(large.signing_authority, "branch_manager", "the amount comes from Settings")
        self.env.company.signing_amount = 500000
        large.invalidate_recordset(["signing_authority"])
        # switched on in Settings, the signature comes before confirmation
        self.env["res.config.settings"].create({"signing_authority": True}).execute()
        self.assertTrue(self.env.ref("crm_customer_scoring.tier_sale_signing_sales_manager").active)
        self.assertEqual(self.env.company.new_customer_max_orders, 0, "saving Settings keeps a 0")
        with self.assertRaises(ValidationError):
            large.with_user(self.salesperson).action_confirm()
        large.with_user(self.salesperson).request_validation()
        large.with_user(self.manager).validate_tier()
        self.env.invalidate_all()  # a new request in real life: OCA's need_validation is not cached across
        large.with_user(self.salesperson).action_confirm()
        self.assertEqual(large.state, "sale")
        small.with_user(self.salesperson).request_validation()
        self.assertEqual(small.review_ids.reviewer_ids, self.branch_manager)

    def test_order_tiers_apply_as_soon_as_defined_and_guard_orders_under_review(self):
        """The shortcuts over OCA's tier checks keep its outcome: a new definition counts at once,
        an order under review refuses changes outside the exceptions, an archived one stops counting."""
        order = self._order(self.customers["a"], 1000.0)
        self.assertFalse(order.need_validation, "no active tier for sales orders")
        definition = self.env["tier.definition"].create(
            {
                "name": "Export orders: sales manager",
                "model_id": self.env.ref("sale.model_sale_order").id,
                "review_type": "individual",
                "reviewer_id": self.manager.id,
                "definition_domain": "[]",
            }
        )
        order.invalidate_recordset(["need_validation"])
        self.assertTrue(order.need_validation, "the new definition applies without a restart")
        order.with_user(self.salesperson).request_validation()
        with self.assertRaisesRegex(ValidationError, "under validation"):
            order.with_user(self.salesperson).write({"client_order_ref": "PO-7781"})
        other = self._order(self.customers["a"], 1000.0)
        other.with_user(self.salesperson).write({"client_order_ref": "PO-7782"})
        definition.active = False
        other.invalidate_recordset(["need_validation"])
        self.assertFalse(other.need_validation, "archived, the definition no longer applies")
