# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import random
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_pipeline import PipelineCommon

COUNTS = ("start", "entered", "left_forward", "left_backward", "won", "lost", "end")


@tagged("post_install", "-at_install")
class TestFunnel(PipelineCommon):
    """The funnel of a period adds up for every stage and counts what happened, per filter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # January: A new, B new then qualified, C qualified
        with freeze_time("2026-01-05 09:00"):
            cls.a = cls._create("A", cls.stage_new, 1000.0, 20.0)
            cls.b = cls._create("B", cls.stage_new, 2000.0, 30.0)
        with freeze_time("2026-01-06 09:00"):
            cls.c = cls._create("C", cls.stage_qualified, 5000.0, 40.0, partner=cls.customer_domestic_b,
                                user=cls.salesperson_2)  # fmt: skip
        with freeze_time("2026-01-10 09:00"):
            cls.b.write({"stage_id": cls.stage_qualified.id})
        # February: A skips qualified, goes back, is won skipping proposal and negotiation; B lost;
        # C skips proposal; D new; E new, archived, restored
        with freeze_time("2026-02-02 09:00"):
            cls.d = cls._create("D", cls.stage_new, 4000.0, 50.0, partner=cls.customer_domestic_b,
                                user=cls.salesperson_2)  # fmt: skip
        with freeze_time("2026-02-03 09:00"):
            cls.a.write({"stage_id": cls.stage_proposal.id})
            cls.e = cls._create("E", cls.stage_new, 3000.0, 60.0, partner=cls.customer_domestic_b,
                                user=cls.salesperson_2)  # fmt: skip
        with freeze_time("2026-02-04 09:00"):
            cls.e.action_archive()
        with freeze_time("2026-02-05 09:00"):
            cls.b.action_set_lost(lost_reason_id=cls.lost_reason.id)
        with freeze_time("2026-02-06 09:00"):
            cls.e.action_unarchive()
            cls.e_probability = cls.e.probability
        with freeze_time("2026-02-07 09:00"):
            cls.c.write({"stage_id": cls.stage_negotiation.id})
            # what the forecast of the end of February weighs: the probability Odoo gives it now
            cls.c_probability = cls.c.probability
        with freeze_time("2026-02-10 09:00"):
            cls.a.write({"stage_id": cls.stage_qualified.id})
        with freeze_time("2026-02-20 09:00"):
            cls.a.action_set_won()
        # March, after the period: C won
        with freeze_time("2026-03-05 09:00"):
            cls.c.action_set_won()
        cls.leads = cls.a | cls.b | cls.c | cls.d | cls.e

    @classmethod
    def _create(cls, name, stage, revenue, probability, partner=None, user=None):
        return cls.env["crm.lead"].create(
            {"name": name, "type": "opportunity", "team_id": cls.team.id, "stage_id": stage.id,
             "user_id": (user or cls.salesperson).id, "partner_id": (partner or cls.customer_direct_a).id,
             "expected_revenue": revenue, "probability": probability}
        )  # fmt: skip

    def _funnel(self, domain=None, date_from=date(2026, 2, 1), date_to=date(2026, 2, 28), env=None, **kwargs):
        domain = [("team_id", "=", self.team.id)] + (domain or [])
        rows = (env or self.env)["crm.lead.stage.log"].funnel(date_from, date_to, domain, **kwargs)
        return {row["stage_id"]: row for row in rows}

    def _counts(self, row):
        return tuple(row[name] for name in COUNTS)

    def assertBalanced(self, rows):
        for row in rows.values():
            self.assertEqual(
                row["start"] + row["entered"] - row["left"] - row["won"] - row["lost"],
                row["end"],
                f"the funnel does not add up for {row['stage_name']}: {row}",
            )
            self.assertEqual(row["left"], row["left_forward"] + row["left_backward"])

    def test_the_funnel_counts_what_happened_in_february(self):
        rows = self._funnel()
        self.assertBalanced(rows)
        #                                                    start entered fwd back won lost end
        self.assertEqual(self._counts(rows[self.stage_new.id]), (1, 3, 1, 0, 0, 1, 2))
        self.assertEqual(self._counts(rows[self.stage_qualified.id]), (2, 1, 1, 0, 1, 1, 0))
        self.assertEqual(self._counts(rows[self.stage_proposal.id]), (0, 1, 0, 1, 0, 0, 0))
        self.assertEqual(self._counts(rows[self.stage_negotiation.id]), (0, 1, 0, 0, 0, 0, 1))
        self.assertNotIn(self.stage_won.id, rows, "a won stage is where opportunities leave the funnel")
        self.assertEqual(rows[self.stage_new.id]["archived"], 1, "E was archived, counted with the lost")

    def test_skipped_stages_are_counted(self):
        rows = self._funnel()
        # A jumped from new to proposal (over qualified), then was won from qualified (over proposal and
        # negotiation); C went from qualified to negotiation (over proposal)
        self.assertEqual(rows[self.stage_new.id]["skipped"], 0)
        self.assertEqual(rows[self.stage_qualified.id]["skipped"], 1)
        self.assertEqual(rows[self.stage_proposal.id]["skipped"], 2)
        self.assertEqual(rows[self.stage_negotiation.id]["skipped"], 1)

    def test_conversion_median_days_and_weighted_forecast(self):
        rows = self._funnel()
        # qualified: 2 at start + 1 entered; C moved forward and A was won
        self.assertAlmostEqual(rows[self.stage_qualified.id]["conversion"], 2 / 3)
        # overall: A won, out of A, B, C open at the start and D, E new (E's restore is not new)
        self.assertEqual(rows[self.stage_new.id]["new"], 2)
        self.assertEqual(rows[self.stage_qualified.id]["new"], 0)
        log = self.env["crm.lead.stage.log"]
        self.assertAlmostEqual(log.funnel_overall_conversion(list(rows.values())), 1 / 5)
        # new: A stayed 29 days (5 Jan - 3 Feb), E 1 day before its archive
        self.assertAlmostEqual(rows[self.stage_new.id]["median_days"], 15.0)
        # negotiation at the end of February: C, 5000 at its probability when it got there
        self.assertTrue(self.c_probability)
        self.assertAlmostEqual(rows[self.stage_negotiation.id]["weighted_forecast"], 5000.0 * self.c_probability / 100)
        # new: D, 4000 at 50 %, and E, 3000 at its probability when restored
        self.assertAlmostEqual(rows[self.stage_new.id]["weighted_forecast"], 2000.0 + 3000.0 * self.e_probability / 100)

    def test_a_later_period_starts_where_the_earlier_ended(self):
        february, march = self._funnel(), self._funnel(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31))
        self.assertBalanced(march)
        for stage_id, row in february.items():
            self.assertEqual(march.get(stage_id, {}).get("start", 0), row["end"])
        self.assertEqual(self._counts(march[self.stage_negotiation.id]), (1, 0, 0, 0, 1, 0, 0))

    def test_the_domain_filters_the_opportunities(self):
        class_a = self._funnel([("partner_id.customer_class", "=", "a")])
        self.assertEqual(self._counts(class_a[self.stage_new.id]), (1, 0, 1, 0, 0, 0, 0))
        self.assertEqual(self._counts(class_a[self.stage_qualified.id]), (1, 1, 0, 0, 1, 1, 0))
        domestic = self._funnel([("partner_id.trade_channel", "=", "domestic")])
        self.assertEqual(self._counts(domestic[self.stage_new.id]), (0, 3, 0, 0, 0, 1, 2))
        self.assertEqual(self._counts(domestic[self.stage_qualified.id]), (1, 0, 1, 0, 0, 0, 0))
        by_salesperson = self._funnel([("user_id", "=", self.salesperson_2.id)])
        self.assertEqual(
            {stage: self._counts(row) for stage, row in by_salesperson.items() if any(self._counts(row))},
            {stage: self._counts(row) for stage, row in domestic.items() if any(self._counts(row))},
        )
        other_team = self.env["crm.lead.stage.log"].funnel(
            date(2026, 2, 1), date(2026, 2, 28), [("team_id", "=", self.other_team.id)]
        )
        self.assertTrue(other_team, "the stages shared by all teams are always shown")
        self.assertFalse([row for row in other_team if any(self._counts(row))])
        self.assertNotIn(self.stage_new.id, [row["stage_id"] for row in other_team], "another team's stage")

    def test_salespeople_count_their_own_opportunities(self):
        own = self._funnel(env=self.env(user=self.salesperson))
        self.assertEqual(self._counts(own[self.stage_qualified.id]), (1, 1, 0, 0, 1, 1, 0))
        everything = self._funnel(env=self.env(user=self.manager))
        self.assertEqual(self._counts(everything[self.stage_qualified.id]), (2, 1, 1, 0, 1, 1, 0))

    def test_the_opportunities_behind_each_number(self):
        rows = self._funnel(lead_ids=True)
        new, qualified = rows[self.stage_new.id], rows[self.stage_qualified.id]
        self.assertEqual(new["end_lead_ids"], sorted((self.d | self.e).ids))
        self.assertEqual(new["entered_lead_ids"], sorted((self.d | self.e).ids))
        self.assertEqual(qualified["won_lead_ids"], self.a.ids)
        self.assertEqual(qualified["lost_lead_ids"], self.b.ids)
        self.assertEqual(qualified["start_lead_ids"], sorted((self.b | self.c).ids))

    def test_stages_of_one_sequence_rank_alike_in_the_funnel_and_the_kpis(self):
        """Two stages of the same sequence: the English name orders them, for the funnel and for the Process
        KPIs' stage advances alike (the stage created first is not "before" for one and "after" for the other)."""
        later, earlier = self.env["crm.stage"].create(
            [{"name": name, "sequence": 4000, "team_id": self.team.id} for name in ("Sampling", "Offer Check")]
        )
        lead = self._opportunity("Same sequence", stage=later, user=self.salesperson_2)
        lead.stage_id = earlier  # "Offer Check" comes before "Sampling": a move back
        today = fields.Date.context_today(lead)
        rows = self._funnel(date_from=today, date_to=today, domain=[("id", "=", lead.id)])
        self.assertEqual((rows[later.id]["left_forward"], rows[later.id]["left_backward"]), (0, 1))
        self.env.flush_all()
        kpi = self.env["crm.sales.kpi.report"].search(
            [("user_id", "=", self.salesperson_2.id), ("month", "=", today.replace(day=1))]
        )
        self.assertEqual((kpi.stage_exit_count, kpi.stage_advance_count), (1, 0))

    def test_the_customer_choices_are_in_the_users_language(self):
        """The funnel report's and the funnel analysis' trade channels read as on the customer, in Chinese too."""
        self.env["res.lang"]._activate_lang("zh_CN")
        field = self.env["ir.model.fields"]._get("res.partner", "trade_channel")
        choice = self.env["ir.model.fields.selection"].search([("field_id", "=", field.id), ("value", "=", "domestic")])
        choice.with_context(lang="zh_CN").name = "内销"
        for model in ("crm.funnel.report", "crm.funnel.analysis"):
            description = self.env[model].with_context(lang="zh_CN").fields_get(["trade_channel"], ["selection"])
            self.assertEqual(dict(description["trade_channel"]["selection"])["domestic"], "内销", model)

    def test_the_funnel_needs_an_ordered_period(self):
        with self.assertRaisesRegex(UserError, "The funnel's start date must be before its end date."):
            self._funnel(date_from=date(2026, 3, 1), date_to=date(2026, 2, 1))

    def test_the_funnel_report_shows_lines_and_opens_the_opportunities(self):
        report = (
            self.env["crm.funnel.report"]
            .with_user(self.manager)
            .create({"date_from": date(2026, 2, 1), "date_to": date(2026, 2, 28), "team_id": self.team.id,
                     "customer_class": "a"})
        )  # fmt: skip
        action = report.action_compute()
        self.assertEqual(action["res_model"], "crm.funnel.report.line")
        line = report.line_ids.filtered(lambda line: line.stage_id == self.stage_qualified)
        self.assertEqual((line.start, line.entered, line.won, line.lost, line.end), (1, 1, 1, 1, 0))
        team_report = report.copy({"customer_class": False})
        team_report.action_compute()
        new_line = team_report.line_ids.filtered(lambda line: line.stage_id == self.stage_new)
        self.assertEqual(new_line.new_count, 2, "D and E were created in February")
        # the lines are ordinary records: the ORM's new() (onchange, forms) is not hidden by a field
        self.assertEqual(report.line_ids.new({"start": 3}).start, 3)
        self.assertAlmostEqual(line.conversion, 50.0)
        self.assertAlmostEqual(report.overall_conversion, 50.0, msg="class A: A won out of A and B")
        self.assertIn("overall conversion 50.0 %", action["name"])
        won = line.with_context(funnel_measure="won").action_open_leads()
        self.assertEqual(self.env["crm.lead"].with_context(active_test=False).search(won["domain"]), self.a)
        lost = line.with_context(funnel_measure="lost").action_open_leads()
        self.assertEqual(self.env["crm.lead"].with_context(active_test=False).search(lost["domain"]), self.b)

    def test_the_funnel_costs_the_same_queries_for_ten_and_a_hundred_opportunities(self):
        def cost(count):
            team = self.env["crm.team"].create({"name": f"Team of {count}"})
            with freeze_time("2026-01-15 09:00"):
                leads = self.env["crm.lead"].create(
                    [{"name": f"Q{i}", "type": "opportunity", "team_id": team.id, "stage_id": self.stage_new.id}
                     for i in range(count)]
                )  # fmt: skip
            with freeze_time("2026-02-15 09:00"):
                leads[: count // 2].write({"stage_id": self.stage_qualified.id})
                leads[count // 2 :].action_set_won()
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            rows = self.env["crm.lead.stage.log"].funnel(
                date(2026, 2, 1), date(2026, 2, 28), [("team_id", "=", team.id)]
            )
            spent = self.cr.sql_log_count - before
            row = next(row for row in rows if row["stage_id"] == self.stage_new.id)
            self.assertEqual((row["start"], row["left_forward"], row["won"]), (count, count // 2, count - count // 2))
            return spent

        ten, hundred = cost(10), cost(100)
        self.assertEqual(ten, hundred)
        self.assertLessEqual(ten, 4)


@tagged("post_install", "-at_install")
class TestFunnelGenerated(PipelineCommon):
    """On generated movements with regressions, skips, losses and restores, every stage adds up and
    every number equals the count made from the script of movements itself."""

    def _script(self, rng, open_stages, count=40):
        """(moment, opportunity number, action, stage), in time order."""
        script = []
        for index in range(count):
            moment = datetime(2026, 1, 1, 8) + timedelta(days=rng.randint(0, 80), minutes=index)
            script.append((moment, index, "create", rng.choice(open_stages[:2])))
            for _step in range(rng.randint(0, 6)):
                moment += timedelta(days=rng.randint(1, 15), hours=1)
                action = rng.choices(["move", "won", "lost", "archive", "restore"], [6, 1, 1, 1, 1])[0]
                script.append((moment, index, action, rng.choice(open_stages)))
        return sorted(script, key=lambda step: (step[0], step[1]))

    def _play(self, script):
        """Do the script's movements at their moments; return what happened:
        (moment, number, state before, state after), a state being ("open", stage), ("won", None) or
        ("out", None)."""
        leads, state, history = {}, {}, []
        for moment, index, action, stage in script:
            current = state.get(index)
            with freeze_time(moment):
                new = self._do(leads, index, current, action, stage)
            if new:
                history.append((moment, index, current, new))
                state[index] = new
        return history

    def _do(self, leads, index, current, action, stage):
        if action == "create":
            leads[index] = self.env["crm.lead"].create(
                {"name": f"G{index}", "type": "opportunity", "team_id": self.team.id, "stage_id": stage.id,
                 "user_id": self.salesperson.id}
            )  # fmt: skip
            return ("open", stage)
        lead, is_open = leads[index], current[0] == "open"
        if is_open and action == "move" and stage != current[1]:
            lead.write({"stage_id": stage.id})
            return ("open", stage)
        if is_open and action == "won":
            lead.action_set_won()
            return ("won", None)
        if is_open and action == "lost":
            lead.action_set_lost(lost_reason_id=self.lost_reason.id)
            return ("out", None)
        if is_open and action == "archive":
            lead.action_archive()
            return ("out", None)
        if current[0] == "out" and action == "restore":
            lead.action_unarchive()
            return ("open", lead.stage_id)
        return None

    def _hand_count(self, history, open_stages, start, end):
        """The funnel's counts made from what happened, not from the log."""
        rank = {stage: position for position, stage in enumerate(open_stages)}
        expected = {stage.id: dict.fromkeys(COUNTS, 0) for stage in open_stages}
        at_start, at_end = {}, {}
        for moment, index, old, new in history:
            if moment < start:
                at_start[index] = new
            if moment < end:
                at_end[index] = new
            if not start <= moment < end:
                continue
            if old and old[0] == "open" and new != old:
                if new[0] == "open":
                    measure = "left_forward" if rank[new[1]] > rank[old[1]] else "left_backward"
                else:
                    measure = "won" if new[0] == "won" else "lost"
                expected[old[1].id][measure] += 1
            if new[0] == "open" and new != old:
                expected[new[1].id]["entered"] += 1
        for states, measure in ((at_start, "start"), (at_end, "end")):
            for value in states.values():
                if value[0] == "open":
                    expected[value[1].id][measure] += 1
        return expected

    def test_the_funnel_adds_up_and_matches_the_script(self):
        open_stages = [self.stage_new, self.stage_qualified, self.stage_proposal, self.stage_negotiation]
        history = self._play(self._script(random.Random(15), open_stages))
        rank = {stage: position for position, stage in enumerate(open_stages)}
        moves = [(rank[old[1]], rank[new[1]]) for _m, _i, old, new in history if old and old[0] == new[0] == "open"]
        self.assertTrue(any(to < fro for fro, to in moves), "the generated data moves backward")
        self.assertTrue(any(to > fro + 1 for fro, to in moves), "the generated data skips stages")

        for date_from, date_to in ((date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 2, 1), date(2026, 3, 15)),
                                   (date(2026, 3, 16), date(2026, 6, 30))):  # fmt: skip
            start = datetime.combine(date_from, datetime.min.time())
            end = datetime.combine(date_to + timedelta(days=1), datetime.min.time())
            expected = self._hand_count(history, open_stages, start, end)
            rows = {
                row["stage_id"]: row
                for row in self.env["crm.lead.stage.log"].funnel(date_from, date_to, [("team_id", "=", self.team.id)])
            }
            for stage in open_stages:
                # a team's stage without any opportunity in the period is not shown
                row = rows.get(stage.id) or dict.fromkeys(COUNTS + ("left",), 0)
                self.assertEqual(
                    row["start"] + row["entered"] - row["left"] - row["won"] - row["lost"],
                    row["end"],
                    f"{stage.name} {date_from}: {row}",
                )
                self.assertEqual(
                    {measure: row[measure] for measure in COUNTS}, expected[stage.id], f"{stage.name} {date_from}"
                )
