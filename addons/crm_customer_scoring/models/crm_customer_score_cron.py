# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Recomputing the ranking in the background, in batches (Odoo 18's cron progress API).

Starting a recomputation marks one pending row per customer (`_mark_year`). Each call of the cron computes
one batch of pending rows, locked with SKIP LOCKED so that several cron workers share the work, and reports
done/remaining; the scheduler commits and calls again at once while rows remain. A batch killed before its
commit leaves its rows pending; as each row's figures are replaced, never added to, nothing counts twice.
The last batch of a company and year ranks it. For very large databases, OCA's queue_job can run the batches
instead (readme).
"""

from odoo import _, api, fields, models
from odoo.exceptions import UserError

RANKING_BATCH_SIZE = 2000


class CrmCustomerScore(models.Model):
    _inherit = "crm.customer.score"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _start_recompute(self, year):
        """Mark the year of the current company for recomputation and wake the cron up. Returns the number of
        customers to rank."""
        self._check_recompute_access()
        year = self._check_year(year)
        pending = self._mark_year(year)
        cron = self.env.ref("crm_customer_scoring.ir_cron_customer_ranking", raise_if_not_found=False)
        if not cron:
            raise UserError(_("The background ranking job is missing: update the Customer Scoring module."))
        cron.sudo()._trigger()
        return pending

    @api.model
    def _cron_recompute_ranking(self, batch_size=RANKING_BATCH_SIZE):
        """Compute one batch of pending rows, rank the year when its last rows are done, report the progress."""
        self._start_nightly_recompute()
        self.env.cr.execute(
            """
            SELECT company_id, year FROM crm_customer_score
             WHERE needs_compute GROUP BY company_id, year ORDER BY year, company_id
            """
        )
        groups = self.env.cr.fetchall()
        done = 0
        for company_id, year in groups:
            scores = self.with_company(company_id)
            done = scores._compute_pending(year, limit=batch_size)
            if not done:
                continue  # another worker holds this year's remaining rows
            if not scores.search_count(
                [("company_id", "=", company_id), ("year", "=", year), ("needs_compute", "=", True)]
            ):
                scores._finalise_year(year)
                self.env["res.company"].browse(company_id).sudo().ranking_last_computed = fields.Datetime.now()
            elif not scores._free_pending_rows(year):
                # the rows left are another worker's batch, and it sees ours pending too: neither would rank the
                # year. Both write the company row, so the second to commit fails to serialize and its batch stays
                # pending; the worker that computes it then sees every row computed and ranks the year
                self.env.cr.execute(
                    "UPDATE res_company SET ranking_last_computed = ranking_last_computed WHERE id = %s", [company_id]
                )
            break
        remaining = self.sudo().search_count([("needs_compute", "=", True)])
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    @api.model
    def _free_pending_rows(self, year):
        """Whether pending rows of the year of the current company remain that no other worker holds."""
        self.env.cr.execute(
            """
            SELECT id FROM crm_customer_score
             WHERE company_id = %s AND year = %s AND needs_compute
             LIMIT 1 FOR UPDATE SKIP LOCKED
            """,
            (self.env.company.id, year),
        )
        return bool(self.env.cr.fetchall())

    @api.model
    def _start_nightly_recompute(self):
        """Companies that want it get their current year marked once a day, when nothing is pending."""
        today = fields.Date.context_today(self)
        companies = self.env["res.company"].sudo().search([("ranking_nightly", "=", True)])
        for company in companies:
            last = company.ranking_last_computed
            if (last and last.date() >= today) or company.ranking_pending_count:
                continue
            self.with_company(company)._mark_year(today.year)
