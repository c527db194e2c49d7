# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_pipeline import PipelineCommon


@tagged("post_install", "-at_install")
class TestStageLog(PipelineCommon):
    """Every movement of an opportunity lands once in its stage history, where it happens."""

    def _kinds(self, leads):
        logs = self._logs(leads)
        return [(log.lead_id, log.kind, log.stage_from_id, log.stage_to_id) for log in logs]

    def test_creating_an_opportunity_logs_its_first_stage(self):
        opportunity = self._opportunity("Cable for Osaka plant", revenue=12000.0, probability=30.0)
        log = self._logs(opportunity)
        self.assertEqual(len(log), 1)
        self.assertEqual(log.kind, "stage")
        self.assertFalse(log.stage_from_id, "a new opportunity comes from no stage: the funnel counts it entered")
        self.assertEqual(log.stage_to_id, self.stage_new)
        self.assertEqual(log.expected_revenue, 12000.0)
        self.assertEqual(log.probability, 30.0)
        self.assertEqual(log.user_id, self.salesperson)
        self.assertEqual(log.team_id, self.team)
        self.assertEqual(log.company_id, opportunity.company_id)

    def test_a_lead_is_logged_once_converted_to_an_opportunity(self):
        lead = self.env["crm.lead"].create(
            {"name": "Trade fair contact", "type": "lead", "team_id": self.team.id, "user_id": self.salesperson.id}
        )
        lead.write({"stage_id": self.stage_qualified.id})
        self.assertFalse(self._logs(lead), "a lead has no place in the pipeline yet")
        lead.convert_opportunity(self.customer_direct_a)
        self.assertEqual(self._kinds(lead), [(lead, "stage", self.env["crm.stage"], lead.stage_id)])

    def test_a_stage_change_is_logged_once(self):
        opportunity = self._opportunity("Cable for Osaka plant")
        opportunity.write({"stage_id": self.stage_qualified.id})
        opportunity.write({"stage_id": self.stage_qualified.id})  # no movement
        opportunity.write({"expected_revenue": 5000.0})  # no movement
        self.assertEqual(self._kinds(opportunity)[1:], [(opportunity, "stage", self.stage_new, self.stage_qualified)])

    def test_a_batch_write_logs_every_opportunity_with_its_own_origin(self):
        first = self._opportunity("Osaka", stage=self.stage_new)
        second = self._opportunity("Nagoya", stage=self.stage_qualified)
        third = self._opportunity("Kobe", stage=self.stage_negotiation)
        already = self._opportunity("Kyoto", stage=self.stage_proposal)
        (first | second | third | already).write({"stage_id": self.stage_proposal.id})
        moves = [row for row in self._kinds(first | second | third | already) if row[2]]
        self.assertEqual(
            sorted(moves, key=lambda row: row[0].id),
            [
                (first, "stage", self.stage_new, self.stage_proposal),
                (second, "stage", self.stage_qualified, self.stage_proposal),
                (third, "stage", self.stage_negotiation, self.stage_proposal),
            ],
            "the opportunity already in the stage did not move",
        )

    def test_won_is_logged_once(self):
        opportunity = self._opportunity("Cable for Osaka plant", stage=self.stage_negotiation)
        opportunity.action_set_won()
        self.assertEqual(opportunity.stage_id, self.stage_won)
        self.assertEqual(self._kinds(opportunity)[1:], [(opportunity, "won", self.stage_negotiation, self.stage_won)])
        self.assertEqual(self._logs(opportunity)[-1].probability, 100.0)
        moved = self._opportunity("Nagoya", stage=self.stage_proposal)
        moved.write({"stage_id": self.stage_won.id})
        self.assertEqual(self._kinds(moved)[1:], [(moved, "won", self.stage_proposal, self.stage_won)])

    def test_lost_is_logged_as_lost_not_as_archived(self):
        opportunity = self._opportunity("Cable for Osaka plant", stage=self.stage_proposal)
        self.env["crm.lead.lost"].create(
            {"lead_ids": opportunity.ids, "lost_reason_id": self.lost_reason.id}
        ).action_lost_reason_apply()
        self.assertFalse(opportunity.active)
        self.assertEqual(
            self._kinds(opportunity)[1:], [(opportunity, "lost", self.stage_proposal, self.stage_proposal)]
        )
        self.assertEqual(self._logs(opportunity)[-1].probability, 0.0)
        direct = self._opportunity("Nagoya", stage=self.stage_new)
        direct.action_set_lost(lost_reason_id=self.lost_reason.id)
        self.assertEqual([row[1] for row in self._kinds(direct)], ["stage", "lost"])

    def test_archive_and_restore_are_logged(self):
        opportunity = self._opportunity("Cable for Osaka plant", stage=self.stage_qualified)
        opportunity.action_archive()
        opportunity.action_unarchive()
        self.assertEqual(
            self._kinds(opportunity)[1:],
            [
                (opportunity, "archived", self.stage_qualified, self.stage_qualified),
                (opportunity, "restored", self.stage_qualified, self.stage_qualified),
            ],
        )

    def test_a_lost_opportunity_moved_stays_out_until_restored(self):
        opportunity = self._opportunity("Cable for Osaka plant", stage=self.stage_qualified)
        opportunity.action_set_lost(lost_reason_id=self.lost_reason.id)
        opportunity.write({"stage_id": self.stage_proposal.id})
        opportunity.action_unarchive()
        self.assertEqual(
            self._kinds(opportunity)[1:],
            [
                (opportunity, "lost", self.stage_qualified, self.stage_qualified),
                (opportunity, "restored", self.stage_proposal, self.stage_proposal),
            ],
        )

    def test_an_import_logs_the_imported_opportunities(self):
        result = self.env["crm.lead"].load(
            ["name", "type", "team_id/id", "stage_id/id"],
            [
                ["Imported Osaka", "opportunity", self._xmlid(self.team), self._xmlid(self.stage_qualified)],
                ["Imported Nagoya", "opportunity", self._xmlid(self.team), self._xmlid(self.stage_proposal)],
            ],
        )
        self.assertFalse(result["messages"])
        leads = self.env["crm.lead"].browse(result["ids"])
        self.assertEqual(
            [(row[1], row[3]) for row in self._kinds(leads)],
            [("stage", self.stage_qualified), ("stage", self.stage_proposal)],
        )
        self.env["crm.lead"].load(
            [".id", "stage_id/id"], [[str(lead.id), self._xmlid(self.stage_negotiation)] for lead in leads]
        )
        self.assertEqual(
            sorted((row[1], row[2], row[3]) for row in self._kinds(leads)[2:]),
            sorted([("stage", self.stage_qualified, self.stage_negotiation),
                    ("stage", self.stage_proposal, self.stage_negotiation)]),
        )  # fmt: skip

    def _xmlid(self, record):
        return record.export_data(["id"])["datas"][0][0]

    def test_a_stage_change_costs_the_same_queries_for_one_and_a_hundred_opportunities(self):
        """The log's rows of one write are one batched create: its extra queries do not grow with the batch."""

        def cost(count, log):
            leads = self.env["crm.lead"].create(
                [{"name": f"Batch {i}", "type": "opportunity", "team_id": self.team.id,
                  "stage_id": self.stage_new.id, "expected_revenue": 100.0 * i} for i in range(count)]
            )  # fmt: skip
            self.env.flush_all()
            self.env.invalidate_all()
            leads = leads.with_context(crm_stage_log_disable=not log)
            before = self.cr.sql_log_count
            leads.write({"stage_id": self.stage_qualified.id})
            self.env.flush_all()
            spent = self.cr.sql_log_count - before
            self.assertEqual(len(self._logs(leads).filtered("stage_from_id")), count if log else 0)
            return spent

        extra_one = cost(1, True) - cost(1, False)
        extra_hundred = cost(100, True) - cost(100, False)
        self.assertEqual(extra_one, extra_hundred)
        self.assertLessEqual(extra_one, 3)

    def test_salespeople_read_the_history_of_their_own_opportunities(self):
        own = self._opportunity("Own", user=self.salesperson)
        other = self._opportunity("Colleague's", user=self.salesperson_2)
        own.action_set_lost(lost_reason_id=self.lost_reason.id)  # a lost opportunity keeps its history visible
        Log = self.env["crm.lead.stage.log"]
        seen = Log.with_user(self.salesperson).search([("lead_id", "in", (own | other).ids)])
        self.assertEqual(seen.lead_id, own)
        self.assertEqual(len(seen), 2)
        self.assertEqual(
            Log.with_user(self.manager).search([("lead_id", "in", (own | other).ids)]).lead_id, own | other
        )

    def test_nobody_writes_the_history_by_hand(self):
        opportunity = self._opportunity("Own")
        log = self._logs(opportunity)
        for user in (self.salesperson, self.manager):
            with self.assertRaises(AccessError):
                log.with_user(user).write({"kind": "won"})
            with self.assertRaises(AccessError):
                log.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["crm.lead.stage.log"].with_user(user).create(
                    {"lead_id": opportunity.id, "kind": "won", "date": datetime(2026, 1, 1)}
                )

    def test_portal_users_see_no_history(self):
        self._opportunity("Own")
        with self.assertRaises(AccessError):
            self.env["crm.lead.stage.log"].with_user(self.portal).search([])

    def test_other_companies_histories_are_hidden(self):
        other_company = self.env["res.company"].create({"name": "Export Branch Shanghai"})
        self.manager.write({"company_ids": [(4, other_company.id)]})
        opportunity = self._opportunity("Branch deal", company_id=other_company.id, user=self.manager)
        Log = self.env["crm.lead.stage.log"].with_user(self.manager)
        self.assertFalse(Log.with_context(allowed_company_ids=self.env.company.ids).search(
            [("lead_id", "=", opportunity.id)]
        ))  # fmt: skip
        self.assertTrue(Log.with_context(allowed_company_ids=other_company.ids).search(
            [("lead_id", "=", opportunity.id)]
        ))  # fmt: skip


@tagged("post_install", "-at_install")
class TestStageLogBackfill(PipelineCommon):
    """Opportunities older than the log get their history from Odoo's stage tracking."""

    def _tracked(self, leads):
        """Write the tracking of what was done, as Odoo does at commit."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def test_backfill_rebuilds_the_history_from_the_tracking(self):
        # tracked like in production, the log switched off: opportunities from before the log
        tracked = {"tracking_disable": False, "mail_notrack": False, "crm_stage_log_disable": True}
        self.env = self.env(context=dict(self.env.context, **tracked))
        won = self._opportunity("Won long ago", stage=self.stage_new)
        self._tracked(won)
        for stage in (self.stage_proposal, self.stage_qualified, self.stage_won):
            won.write({"stage_id": stage.id})
            self._tracked(won)
        lost = self._opportunity("Lost long ago", stage=self.stage_qualified)
        self._tracked(lost)
        lost.action_set_lost(lost_reason_id=self.lost_reason.id)
        self._tracked(lost)
        leads = won | lost
        self.assertFalse(self._logs(leads))
        self.env.cr.execute("UPDATE crm_lead SET create_date = '2025-01-02' WHERE id IN %s", (tuple(leads.ids),))

        Log = self.env["crm.lead.stage.log"]
        written = Log._backfill_from_tracking(leads.ids)
        self.assertEqual(
            [(log.kind, log.stage_from_id, log.stage_to_id) for log in self._logs(won)],
            [
                ("stage", self.env["crm.stage"], self.stage_new),
                ("stage", self.stage_new, self.stage_proposal),
                ("stage", self.stage_proposal, self.stage_qualified),
                ("won", self.stage_qualified, self.stage_won),
            ],
        )
        self.assertEqual(
            [(log.kind, log.stage_from_id, log.stage_to_id) for log in self._logs(lost)],
            [
                ("stage", self.env["crm.stage"], self.stage_qualified),
                ("lost", self.stage_qualified, self.stage_qualified),
            ],
        )
        self.assertEqual(written, 6)
        self.assertEqual(self._logs(won)[0].date, datetime(2025, 1, 2))
        self.assertEqual(Log._backfill_from_tracking(leads.ids), 0, "a second run writes nothing")
