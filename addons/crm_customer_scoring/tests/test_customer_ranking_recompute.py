# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.tests import tagged

from .common_ranking import RankingCommon


class KilledBatch(Exception):
    """The worker dies before its batch is committed."""


@tagged("post_install", "-at_install")
class TestRankingRecompute(RankingCommon):
    """The background recompute works in batches and resumes after a kill without counting anything twice."""

    def setUp(self):
        super().setUp()
        self.customers = self.customer_a | self.customer_b | self.customer_c
        self.customers |= self.env["res.partner"].create(
            [{"name": f"Customer {i}", "is_company": True, "user_id": self.salesperson.id} for i in range(4)]
        )
        for qty, partner in enumerate(self.customers, start=1):
            self._invoice(partner, [(qty, 100.0)])
            self._invoice(partner, [(1, 100.0)], move_type="out_refund", on=self._date(8))
        self.cron = self.env.ref("crm_customer_scoring.ir_cron_customer_ranking")

    def _figures(self):
        scores = self.Score.search([("year", "=", self.year)], order="partner_id")
        return [(s.partner_id.id, s.annual_sales, s.cost_amount, s.final_score, s.rank) for s in scores]

    def test_killed_recompute_resumes_without_double_counting(self):
        self.Score.compute_year(self.year)
        one_shot = self._figures()
        self.assertEqual(len(one_shot), 7)
        self.assertEqual(self.Score._start_recompute(self.year), 7)
        self.assertEqual(self.company.ranking_pending_count, 7)
        # one batch done and committed
        self.assertEqual(self.Score._cron_recompute_ranking(batch_size=3), 3)
        # the next worker is killed before its commit: its batch is rolled back and stays pending
        with self.assertRaises(KilledBatch), self.env.cr.savepoint():
            self.Score._cron_recompute_ranking(batch_size=3)
            raise KilledBatch()
        self.env.invalidate_all()
        self.assertEqual(self.Score.search_count([("needs_compute", "=", True)]), 4)
        # the scheduler calls again until nothing remains
        while self.Score._cron_recompute_ranking(batch_size=3):
            pass
        self.assertFalse(self.Score.search_count([("needs_compute", "=", True)]))
        self.assertEqual(self._figures(), one_shot)
        self.assertTrue(self.company.ranking_last_computed)

    def test_cron_reports_its_progress(self):
        self.Score._start_recompute(self.year)
        progress = self.env["ir.cron.progress"].create({"cron_id": self.cron.id, "remaining": 0, "done": 0})
        self.Score.with_context(ir_cron_progress_id=progress.id)._cron_recompute_ranking(batch_size=5)
        self.assertEqual((progress.done, progress.remaining), (5, 2))
        self.Score.with_context(ir_cron_progress_id=progress.id)._cron_recompute_ranking(batch_size=5)
        self.assertEqual((progress.done, progress.remaining), (2, 0))
        self.assertEqual(self.Score.search([("year", "=", self.year)]).mapped("rank"), list(range(1, 8)))

    def test_recompute_wizard_in_background_and_now(self):
        wizard = self.env["crm.customer.score.recompute"].with_user(self.manager).create({"year": self.year})
        wizard.action_recompute_background()
        self.assertEqual(wizard.ranking_pending_count, 7)
        wizard.action_recompute_now()
        self.assertFalse(self.Score.search_count([("needs_compute", "=", True)]))
        self.assertEqual(len(self._figures()), 7)

    def test_nightly_recompute_ranks_the_current_year_once_a_day(self):
        this_year = fields.Date.today()
        self.company.ranking_last_computed = False  # whatever the database ranked before
        self._invoice(self.customer_a, [(3, 100.0)], on=this_year)
        self.Score._cron_recompute_ranking()
        self.assertFalse(self._score(self.customer_a, this_year.year))  # switched off: nothing
        self.company.ranking_nightly = True
        self.Score._cron_recompute_ranking()
        score = self._score(self.customer_a, this_year.year)
        self.assertAlmostEqual(score.annual_sales, 300.0)
        self.assertEqual(score.rank, 1)
        self.assertEqual(self.company.ranking_last_computed.date(), this_year)
        self._invoice(self.customer_a, [(1, 100.0)], on=this_year)
        self.Score._cron_recompute_ranking()  # already ranked today
        self.assertAlmostEqual(score.annual_sales, 300.0)
