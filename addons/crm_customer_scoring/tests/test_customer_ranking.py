# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_ranking import RankingCommon


@tagged("post_install", "-at_install")
class TestRankingFigures(RankingCommon):
    """Annual sales and net margin come from the posted invoices and credit notes of the year."""

    def test_sales_count_posted_invoices_minus_credit_notes_of_the_year(self):
        self._invoice(self.customer_a, [(10, 100.0)])
        self._invoice(self.customer_a, [(2, 100.0)], move_type="out_refund", on=self._date(6))
        self._invoice(self.customer_a, [(5, 100.0)], post=False)  # draft: not counted
        self._invoice(self.customer_a, [(7, 100.0)], on=self._date(1, 15, self.year - 1))  # another year
        self.Score.compute_year(self.year)
        score = self._score(self.customer_a)
        self.assertEqual(len(score), 1)
        self.assertAlmostEqual(score.annual_sales, 800.0)
        self.assertAlmostEqual(score.cost_amount, 480.0)  # product cost 60 × (10 - 2)
        self.assertAlmostEqual(score.net_margin, 0.4)
        self.assertEqual(score.cost_source, "product")
        self.assertEqual(score.invoice_count, 2)

    def test_cost_at_the_time_of_sale_from_the_order_line_else_product_cost(self):
        self._order_invoice(self.customer_a, 10, 100.0, cost=70.0)
        self.product.standard_price = 90.0  # later cost change does not touch the order's cost
        self.Score.compute_year(self.year)
        score = self._score(self.customer_a)
        self.assertAlmostEqual(score.cost_amount, 700.0)
        self.assertAlmostEqual(score.net_margin, 0.3)
        self.assertEqual(score.cost_source, "order")
        self._invoice(self.customer_a, [(10, 100.0)])  # no order: the product's cost, 90
        self.Score.compute_year(self.year)
        self.assertAlmostEqual(score.cost_amount, 700.0 + 900.0)
        self.assertAlmostEqual(score.net_margin, (2000.0 - 1600.0) / 2000.0)
        self.assertEqual(score.cost_source, "mixed")

    def test_negative_margin_gives_a_negative_score_and_a_candidate_to_drop(self):
        invoice = self._invoice(self.customer_a, [(10, 50.0)])  # sold at 50, costs 60
        self._pay(invoice, self._date())
        self.Score.compute_year(self.year)
        score = self._score(self.customer_a)
        self.assertAlmostEqual(score.net_margin, -0.2)
        self.assertAlmostEqual(score.final_score, 500.0 * -0.2)
        self.assertTrue(score.drop_candidate)

    def test_negative_margin_and_unpaid_is_a_candidate_to_drop_despite_a_positive_score(self):
        self._invoice(self.customer_a, [(10, 50.0)], due=self._date(1, 31))
        self.Score.compute_year(self.year)
        score = self._score(self.customer_a)
        # the seed formula multiplies two negative factors into a positive score
        self.assertAlmostEqual(score.final_score, 500.0 * -0.2 * 1.0 * -1.0)
        self.assertTrue(score.drop_candidate)

    def _foreign_currency(self):
        """Another currency than the company's at 2 units per company unit from the year's start, and a
        pricelist in it."""
        currency = (
            self.env.ref("base.EUR")
            if self.company.currency_id != self.env.ref("base.EUR")
            else self.env.ref("base.USD")
        )
        currency.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": currency.id, "name": self._date(1, 1), "rate": 2.0, "company_id": self.company.id}
        )
        return currency, self.env["product.pricelist"].create({"name": "Foreign", "currency_id": currency.id})

    def test_foreign_currency_invoice_counts_in_company_currency(self):
        # 2 foreign units per company unit: 1,000 foreign = 500 in the company currency
        currency, pricelist = self._foreign_currency()
        invoice = self._order_invoice(self.customer_b, 1, 1000.0, cost=600.0, pricelist=pricelist)
        self.assertEqual(invoice.currency_id, currency)
        self._invoice(self.customer_b, [(1, 1000.0)], currency=currency)  # product cost 60 in the company currency
        self.Score.compute_year(self.year)
        score = self._score(self.customer_b)
        self.assertAlmostEqual(score.annual_sales, 1000.0)
        self.assertAlmostEqual(score.cost_amount, 300.0 + 60.0)
        self.assertAlmostEqual(score.net_margin, 0.64)
        self.assertEqual(score.cost_source, "mixed")

    def test_order_cost_in_another_currency_than_the_invoice_converted_at_the_invoice_date(self):
        _currency, pricelist = self._foreign_currency()
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_b.id,
                "pricelist_id": pricelist.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_uom_qty": 1, "price_unit": 1000.0})
                ],
            }
        )
        order.order_line.purchase_price = 600.0  # in the order's currency
        order.action_confirm()
        invoice = order._create_invoices()
        # invoiced in the company currency instead
        invoice.write({"currency_id": self.company.currency_id.id, "invoice_date": self._date()})
        invoice.invoice_line_ids.price_unit = 500.0
        invoice.action_post()
        self.Score.compute_year(self.year)
        score = self._score(self.customer_b)
        self.assertAlmostEqual(score.annual_sales, 500.0)
        self.assertAlmostEqual(score.cost_amount, 300.0)
        self.assertEqual(score.cost_source, "order")

    def test_final_score_multiplies_the_four_factors(self):
        self.company.ranking_default_cooperation_rate = 0.9
        self._invoice(self.customer_a, [(10, 100.0)], due=self._date(3, 1))
        self.Score.compute_year(self.year)
        score = self._score(self.customer_a)
        self.assertAlmostEqual(score.cooperation_rate, 0.9)
        self.assertLess(score.payment_rate, 0)  # never paid: far beyond 90 days late
        self.assertAlmostEqual(
            score.final_score, score.annual_sales * score.net_margin * score.cooperation_rate * score.payment_rate
        )
        self.assertAlmostEqual(score.final_score, 1000.0 * 0.4 * 0.9 * -1.0)

    def test_recomputing_a_year_replaces_the_rows(self):
        self._pay(self._invoice(self.customer_a, [(10, 100.0)]), self._date())
        self._pay(self._invoice(self.customer_b, [(5, 100.0)]), self._date())
        self.Score.compute_year(self.year)
        first = self.Score.search([("year", "=", self.year)])
        self.Score.compute_year(self.year)
        again = self.Score.search([("year", "=", self.year)])
        self.assertEqual(first, again)
        self.assertEqual(again.mapped("annual_sales"), [1000.0, 500.0])
        # a customer whose invoices were all cancelled leaves the ranking
        self.env["account.move"].search([("partner_id", "=", self.customer_b.id)]).button_draft()
        self.Score.compute_year(self.year)
        self.assertEqual(self.Score.search([("year", "=", self.year)]).partner_id, self.customer_a)

    def test_a_future_year_cannot_be_ranked(self):
        with self.assertRaisesRegex(UserError, "Choose a year up to the current one"):
            self.Score.compute_year(fields.Date.today().year + 1)


@tagged("post_install", "-at_install")
class TestRankingEvidence(RankingCommon):
    """The score form opens the documents behind each factor."""

    def test_evidence_opens_the_counted_invoices_the_late_ones_and_the_willingness(self):
        on_time = self._invoice(self.customer_a, [(10, 100.0)], due=self._date(4, 1))
        self._pay(on_time, self._date(4, 1))
        late = self._invoice(self.customer_a, [(5, 100.0)], due=self._date(4, 1))
        self._pay(late, self._date(6, 1))
        unpaid = self._invoice(self.customer_a, [(1, 100.0)], due=self._date(5, 1))
        refund = self._invoice(self.customer_a, [(1, 100.0)], move_type="out_refund")
        self._invoice(self.customer_a, [(1, 100.0)], on=self._date(1, 1, self.year - 1))  # not this year
        self.Score.compute_year(self.year)
        score = self._score(self.customer_a)
        Move = self.env["account.move"]
        counted = Move.search(score.action_open_invoices()["domain"])
        self.assertEqual(counted, on_time | late | unpaid | refund)
        self.assertEqual(score.invoice_count, 4)
        self.assertEqual(Move.search(score.action_open_overdue_invoices()["domain"]), late | unpaid)
        self.assertAlmostEqual(score.overdue_amount, 600.0)
        request = self.env["crm.customer.cooperation"].create(
            {"partner_id": self.customer_a.id, "year": self.year, "rate": 0.5, "justification": "Slow replies"}
        )
        action = score.action_open_cooperation()
        self.assertEqual(self.env["crm.customer.cooperation"].search(action["domain"]), request)


@tagged("post_install", "-at_install")
class TestPaymentStatus(RankingCommon):
    """Payment status falls with the amount-weighted days late (0 % at 90 days); a sales manager may override it."""

    def test_paid_on_time_is_full_payment_status(self):
        invoice = self._invoice(self.customer_a, [(10, 100.0)], due=self._date(4, 1))
        self._pay(invoice, self._date(3, 20))
        self.Score.compute_year(self.year)
        score = self._score(self.customer_a)
        self.assertAlmostEqual(score.payment_rate, 1.0)
        self.assertEqual(score.overdue_amount, 0.0)

    def test_days_late_weighted_by_amounts_lower_the_payment_status(self):
        late = self._invoice(self.customer_a, [(10, 100.0)], due=self._date(4, 1))
        on_time = self._invoice(self.customer_a, [(10, 100.0)], due=self._date(4, 1))
        self._pay(late, self._date(4, 1) + timedelta(days=90))
        self._pay(on_time, self._date(4, 1))
        self.Score.compute_year(self.year)
        score = self._score(self.customer_a)
        self.assertAlmostEqual(score.late_days_weighted, 45.0)  # half the amount 90 days late
        self.assertAlmostEqual(score.payment_rate_rule, 0.5)
        self.assertAlmostEqual(score.overdue_amount, 1000.0)

    def test_unpaid_old_invoices_make_the_payment_status_negative(self):
        self.company.ranking_payment_zero_days = 90
        self._invoice(self.customer_a, [(10, 100.0)], due=self._date(1, 31))
        self.Score.compute_year(self.year)
        score = self._score(self.customer_a)
        self.assertGreater(score.late_days_weighted, 300)
        self.assertAlmostEqual(score.payment_rate, -1.0)  # floor
        self.assertAlmostEqual(score.overdue_amount, 1000.0)

    def test_sales_manager_overrides_the_payment_status_with_a_reason(self):
        self._invoice(self.customer_a, [(10, 100.0)], due=self._date(1, 31))
        self.Score.compute_year(self.year)
        score = self._score(self.customer_a)
        with self.assertRaisesRegex(UserError, "Give the reason for overriding the payment status"):
            score.with_user(self.manager).write({"payment_rate_override": True, "payment_rate_manual": 0.7})
        score.with_user(self.manager).write(
            {"payment_rate_override": True, "payment_rate_manual": 0.7, "payment_override_reason": "Paid in kind"}
        )
        self.assertAlmostEqual(score.payment_rate, 0.7)
        self.assertAlmostEqual(score.final_score, 1000.0 * 0.4 * 1.0 * 0.7)
        self.Score.compute_year(self.year)  # the override survives a recomputation
        self.assertAlmostEqual(score.payment_rate, 0.7)
        self.assertAlmostEqual(score.payment_rate_rule, -1.0)

    def test_salesperson_cannot_override_the_payment_status(self):
        self._invoice(self.customer_a, [(10, 100.0)])
        self.Score.compute_year(self.year)
        score = self._score(self.customer_a).with_user(self.salesperson)
        with self.assertRaisesRegex(UserError, "Only sales managers can override the payment status"):
            score.write({"payment_rate_override": True, "payment_rate_manual": 1.0, "payment_override_reason": "x"})
        self.assertFalse(score.sudo().payment_rate_override)


@tagged("post_install", "-at_install")
class TestCooperationWillingness(RankingCommon):
    """Given by the salesperson with reasons, approved by the sales manager; the default applies until then."""

    def _request(self, rate=0.8, user=None):
        return (
            self.env["crm.customer.cooperation"]
            .with_user(user or self.salesperson)
            .create(
                {
                    "partner_id": self.customer_a.id,
                    "year": self.year,
                    "rate": rate,
                    "justification": "Shares its forecasts, accepted the new packing.",
                }
            )
        )

    def setUp(self):
        super().setUp()
        self.company.ranking_default_cooperation_rate = 0.9
        invoice = self._invoice(self.customer_a, [(10, 100.0)])
        self._pay(invoice, self._date())
        self.Score.compute_year(self.year)
        self.score = self._score(self.customer_a)

    def test_approved_willingness_counts_in_the_score(self):
        request = self._request()
        request.action_submit()
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.approver_id, self.manager)
        activity = request.activity_ids
        self.assertEqual(activity.user_id, self.manager)
        self.assertAlmostEqual(self.score.cooperation_rate, 0.9)  # default until approved
        request.with_user(self.manager).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertFalse(request.activity_ids)
        self.assertIn("approved", request.message_ids[0].body)
        self.assertAlmostEqual(self.score.cooperation_rate, 0.8)
        self.assertEqual(self.score.cooperation_id, request)
        self.assertAlmostEqual(self.score.final_score, 1000.0 * 0.4 * 0.8 * 1.0)
        self.Score.compute_year(self.year)  # and stays after a recomputation
        self.assertAlmostEqual(self.score.cooperation_rate, 0.8)

    def test_salesperson_cannot_approve_her_own_willingness(self):
        request = self._request()
        request.action_submit()
        with self.assertRaisesRegex(UserError, "You cannot approve or refuse your own cooperation willingness"):
            request.action_approve()
        self.assertEqual(request.state, "submitted")

    def test_only_the_sales_manager_of_the_salesperson_approves(self):
        request = self._request()
        request.action_submit()
        other_manager = new_test_user(self.env, "ft_rk_manager2", groups="sales_team.group_sale_manager")
        message = "Only ft_rk_manager .*, the sales manager of ft_rk_sales .*, can approve or refuse"
        with self.assertRaisesRegex(UserError, message):
            request.with_user(other_manager).action_approve()

    def test_refused_or_submitted_willingness_does_not_count(self):
        request = self._request(rate=-0.5)
        request.action_submit()
        self.Score.compute_year(self.year)
        self.assertAlmostEqual(self.score.cooperation_rate, 0.9)
        request.with_user(self.manager).write({"refuse_reason": "No facts given"})
        request.with_user(self.manager).action_refuse()
        self.assertEqual(request.state, "refused")
        self.Score.compute_year(self.year)
        self.assertAlmostEqual(self.score.cooperation_rate, 0.9)

    def test_submitted_willingness_cannot_be_changed(self):
        request = self._request()
        request.action_submit()
        with self.assertRaisesRegex(UserError, "A submitted cooperation willingness cannot be changed"):
            request.rate = 1.0


@tagged("post_install", "-at_install")
class TestRankingOrder(RankingCommon):
    """Rank 1 is the best final score; candidates to drop are the negative and the bottom-N."""

    def test_rank_by_final_score_and_candidates_to_drop(self):
        self.company.ranking_drop_bottom_count = 1
        for partner, qty in ((self.customer_a, 5), (self.customer_b, 20), (self.customer_c, 10)):
            self._pay(self._invoice(partner, [(qty, 100.0)]), self._date())
        self.Score.compute_year(self.year)
        scores = self.Score.search([("year", "=", self.year)])
        self.assertEqual(scores.partner_id.ids, [self.customer_b.id, self.customer_c.id, self.customer_a.id])
        self.assertEqual(scores.mapped("rank"), [1, 2, 3])
        candidates = self.Score.search([("year", "=", self.year), ("drop_candidate", "=", True)])
        self.assertEqual(candidates.partner_id, self.customer_a)
        # sold far below cost: negative score
        self._pay(self._invoice(self.customer_c, [(30, 10.0)], on=self._date(5)), self._date(5))
        self.Score.compute_year(self.year)
        self.assertLess(self._score(self.customer_c).final_score, 0)
        candidates = self.Score.search([("year", "=", self.year), ("drop_candidate", "=", True)])
        self.assertEqual(candidates.partner_id, self.customer_c)  # negative, and now the bottom one too
        self.assertEqual(self._score(self.customer_a).rank, 2)


@tagged("post_install", "-at_install")
class TestRankingAccess(RankingCommon):
    """Salespeople see their customers' scores; managers all of their company; other companies and portal none."""

    def setUp(self):
        super().setUp()
        for partner in (self.customer_a, self.customer_b, self.customer_c):
            self._invoice(partner, [(10, 100.0)])
        self.Score.compute_year(self.year)

    def test_salesperson_sees_the_scores_of_her_customers_only(self):
        visible = self.Score.with_user(self.salesperson).search([("year", "=", self.year)])
        self.assertEqual(visible.partner_id, self.customer_a | self.customer_b)
        with self.assertRaises(AccessError):
            self._score(self.customer_c).with_user(self.salesperson).read(["final_score"])

    def test_sales_manager_sees_all_scores_of_the_company(self):
        visible = self.Score.with_user(self.manager).search([("year", "=", self.year)])
        self.assertEqual(len(visible), 3)

    def test_user_of_another_company_sees_none(self):
        other = self.env["res.company"].create({"name": "Hong Kong Branch"})
        user = new_test_user(
            self.env,
            "ft_rk_hk",
            groups="sales_team.group_sale_manager",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        self.assertFalse(self.Score.with_user(user).search([]))

    def test_portal_user_sees_nothing(self):
        portal = new_test_user(self.env, "ft_rk_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.Score.with_user(portal).search([])
        with self.assertRaises(AccessError):
            self.env["crm.customer.cooperation"].with_user(portal).search([])

    def test_only_sales_managers_recompute_a_whole_year(self):
        with self.assertRaisesRegex(AccessError, "Only sales managers can recompute the ranking of a whole year"):
            self.Score.with_user(self.salesperson).compute_year(self.year)
        self.assertTrue(self.Score.with_user(self.manager).compute_year(self.year))

    def test_salesperson_recomputes_her_customer(self):
        self._invoice(self.customer_a, [(10, 100.0)], on=self._date(9))
        self.customer_a.with_user(self.salesperson).action_recompute_ranking()
        self.assertAlmostEqual(self._score(self.customer_a).annual_sales, 2000.0)
