# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import random
from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .test_funnel import TestFunnel, TestFunnelGenerated

# the analysis' measure of each funnel number it has
MOVEMENT_MEASURES = {
    "entered": "entered_count",
    "new": "new_count",
    "left_forward": "left_forward_count",
    "left_backward": "left_backward_count",
    "won": "won_count",
    "lost": "lost_count",
    "archived": "archived_count",
}


class FunnelAnalysisCases:
    """Reading the funnel analysis as a pivot does, and comparing it with funnel()."""

    def _analysis(self, domain, env=None):
        """{stage id: {measure: sum}} of the funnel analysis rows of the domain, as a pivot by stage reads them."""
        env = env or self.env
        env.flush_all()
        measures = [*MOVEMENT_MEASURES.values(), "open_count", "weighted_forecast"]
        groups = env["crm.funnel.analysis"]._read_group(domain, ["stage_id"], [f"{m}:sum" for m in measures])
        return {stage.id: dict(zip(measures, values, strict=True)) for stage, *values in groups}

    def _movements(self, date_from, date_to, domain=None, env=None):
        return self._analysis(
            [("movement", "!=", "open"), ("date", ">=", date_from), ("date", "<=", date_to)] + (domain or []), env
        )

    def assertMovementsAreTheFunnels(self, date_from, date_to, domain, analysis_domain=None, env=None):
        """Every entry and exit of the analysis over the period is the funnel's, stage by stage."""
        funnel = (env or self.env)["crm.lead.stage.log"].funnel(date_from, date_to, domain)
        analysis = self._movements(date_from, date_to, analysis_domain or domain, env)
        for row in funnel:
            sums = analysis.pop(row["stage_id"], dict.fromkeys(MOVEMENT_MEASURES.values(), 0))
            self.assertEqual(
                {name: sums[measure] for name, measure in MOVEMENT_MEASURES.items()},
                {name: row[name] for name in MOVEMENT_MEASURES},
                f"{row['stage_name']} {date_from} - {date_to}",
            )
        self.assertFalse(analysis, "no movement in a stage the funnel does not show")
        return funnel

    def assertOpenNowIsTheFunnelsEnd(self, domain, env=None):
        """What is open now is what the funnel of a period ending today has open at its end, with its forecast."""
        env = env or self.env
        today = fields.Date.context_today(env.user)
        funnel = env["crm.lead.stage.log"].funnel(date(2020, 1, 1), today, domain)
        analysis = self._analysis([("movement", "=", "open")] + domain, env)
        for row in funnel:
            sums = analysis.pop(row["stage_id"], {"open_count": 0, "weighted_forecast": 0.0})
            self.assertEqual(sums["open_count"], row["end"], row["stage_name"])
            self.assertAlmostEqual(sums["weighted_forecast"], row["weighted_forecast"], msg=row["stage_name"])
        self.assertFalse(analysis)
        return funnel


@tagged("post_install", "-at_install")
class TestFunnelAnalysis(FunnelAnalysisCases, TestFunnel):
    """The funnel analysis (a pivot of the stage history) gives the funnel's numbers on the known movements of
    TestFunnel: A, B, C in January, the February of moves, skips, a loss, an archive and a restore, C won in
    March."""

    def test_movements_of_february_are_the_funnels(self):
        self.assertMovementsAreTheFunnels(date(2026, 2, 1), date(2026, 2, 28), [("team_id", "=", self.team.id)])
        rows = self._movements(date(2026, 2, 1), date(2026, 2, 28), [("team_id", "=", self.team.id)])
        qualified = rows[self.stage_qualified.id]
        # B lost, A back from proposal then won, C forward to negotiation
        self.assertEqual(
            (qualified["entered_count"], qualified["left_forward_count"], qualified["won_count"],
             qualified["lost_count"]),
            (1, 1, 1, 1),
        )  # fmt: skip
        self.assertEqual(rows[self.stage_new.id]["archived_count"], 1, "E archived")
        self.assertEqual(rows[self.stage_new.id]["new_count"], 2, "D and E created")

    def test_months_add_up_to_the_quarter(self):
        """The rows of January, February and March are those of the quarter: a pivot by month sums right."""
        domain = [("team_id", "=", self.team.id)]
        quarter = self.assertMovementsAreTheFunnels(date(2026, 1, 1), date(2026, 3, 31), domain)
        months = [
            self.assertMovementsAreTheFunnels(date(2026, 1, 1), date(2026, 1, 31), domain),
            self.assertMovementsAreTheFunnels(date(2026, 2, 1), date(2026, 2, 28), domain),
            self.assertMovementsAreTheFunnels(date(2026, 3, 1), date(2026, 3, 31), domain),
        ]
        for row in quarter:
            same = [next((r for r in month if r["stage_id"] == row["stage_id"]), {}) for month in months]
            self.assertEqual(row["entered"], sum(r.get("entered", 0) for r in same))
            self.assertEqual(row["won"], sum(r.get("won", 0) for r in same))

    def test_open_now_is_the_funnels_end_with_its_forecast(self):
        funnel = self.assertOpenNowIsTheFunnelsEnd([("team_id", "=", self.team.id)])
        new = next(row for row in funnel if row["stage_id"] == self.stage_new.id)
        self.assertEqual(new["end"], 2, "D and E")
        self.assertAlmostEqual(new["weighted_forecast"], 2000.0 + 3000.0 * self.e_probability / 100)

    def test_filters_are_the_funnels(self):
        """A pivot filtered by customer class, trade channel or salesperson counts the funnel's opportunities."""
        team = [("team_id", "=", self.team.id)]
        for funnel_domain, analysis_domain in (
            ([("partner_id.customer_class", "=", "a")], [("customer_class", "=", "a")]),
            ([("partner_id.trade_channel", "=", "domestic")], [("trade_channel", "=", "domestic")]),
            ([("user_id", "=", self.salesperson_2.id)], [("user_id", "=", self.salesperson_2.id)]),
        ):
            with self.subTest(filter=analysis_domain):
                self.assertMovementsAreTheFunnels(
                    date(2026, 2, 1), date(2026, 2, 28), team + funnel_domain, team + analysis_domain
                )

    def test_salespeople_see_their_own_opportunities_managers_all(self):
        team = [("team_id", "=", self.team.id)]
        own = self._movements(date(2026, 2, 1), date(2026, 2, 28), team, env=self.env(user=self.salesperson))
        # A and B: B lost from qualified, A won from there
        self.assertEqual(own[self.stage_qualified.id]["lost_count"], 1)
        self.assertEqual(own[self.stage_qualified.id]["left_forward_count"], 0, "C is salesperson 2's")
        self.assertEqual(
            self.env["crm.funnel.analysis"].with_user(self.salesperson).search(team).lead_id, self.a | self.b
        )
        self.assertMovementsAreTheFunnels(
            date(2026, 2, 1), date(2026, 2, 28), team, env=self.env(user=self.salesperson)
        )
        self.assertEqual(self.env["crm.funnel.analysis"].with_user(self.manager).search(team).lead_id, self.leads)

    def test_a_change_not_yet_saved_is_counted(self):
        """Read in the transaction that moved an opportunity, the analysis counts the move."""
        self.env.flush_all()
        with freeze_time("2026-04-02 09:00"):
            self.d.write({"stage_id": self.stage_qualified.id})
        self.d.user_id = self.salesperson  # pending in the ORM, not yet written
        [(entered,)] = self.env["crm.funnel.analysis"]._read_group(
            [("lead_id", "=", self.d.id), ("user_id", "=", self.salesperson.id), ("date", "=", date(2026, 4, 2))],
            [],
            ["entered_count:sum"],
        )
        self.assertEqual(entered, 1)

    def test_portal_users_and_other_companies_see_nothing(self):
        with self.assertRaises(AccessError):
            self.env["crm.funnel.analysis"].with_user(self.portal).search([])
        other_company = self.env["res.company"].create({"name": "Funnel Branch Co."})
        other_manager = new_test_user(
            self.env, "ft_pl_other_co", groups="sales_team.group_sale_manager",
            company_id=other_company.id, company_ids=[Command.set(other_company.ids)],
        )  # fmt: skip
        self.assertTrue(self.leads.company_id)
        self.assertFalse(
            self.env["crm.funnel.analysis"].with_user(other_manager).search([("lead_id", "in", self.leads.ids)])
        )


@tagged("post_install", "-at_install")
class TestFunnelAnalysisGenerated(FunnelAnalysisCases, TestFunnelGenerated):
    """On generated movements with regressions, skips, losses and restores, the analysis of any period is the
    funnel's."""

    def test_the_analysis_is_the_funnel_on_generated_movements(self):
        open_stages = [self.stage_new, self.stage_qualified, self.stage_proposal, self.stage_negotiation]
        self._play(self._script(random.Random(16), open_stages))
        domain = [("team_id", "=", self.team.id)]
        periods = (
            (date(2026, 1, 1), date(2026, 1, 31)),
            (date(2026, 2, 1), date(2026, 3, 15)),
            (date(2026, 3, 16), date(2026, 6, 30)),
            (date(2026, 1, 1), date(2026, 6, 30)),
        )
        for date_from, date_to in periods:
            funnel = self.assertMovementsAreTheFunnels(date_from, date_to, domain)
        # the half year has every kind of movement
        for measure in ("new", "left_forward", "left_backward", "won", "lost", "archived"):
            self.assertTrue(sum(row[measure] for row in funnel), measure)
        self.assertOpenNowIsTheFunnelsEnd(domain)

    def test_kpi_stage_exits_are_the_funnels(self):
        """The Process KPIs' stage exits and advances of a month are the funnel's exits of that month."""
        open_stages = [self.stage_new, self.stage_qualified, self.stage_proposal, self.stage_negotiation]
        self._play(self._script(random.Random(17), open_stages))
        self.env.flush_all()
        kpis = {
            month: (exits, advances)
            for month, exits, advances in self.env["crm.sales.kpi.report"]._read_group(
                [("user_id", "=", self.salesperson.id)],
                ["month:month"],
                ["stage_exit_count:sum", "stage_advance_count:sum"],
            )
        }
        archived = 0
        for month in range(1, 7):
            date_from = date(2026, month, 1)
            date_to = date_from + relativedelta(months=1, days=-1)
            rows = self.env["crm.lead.stage.log"].funnel(date_from, date_to, [("team_id", "=", self.team.id)])
            exits = sum(row["left"] + row["won"] + row["lost"] for row in rows)
            advances = sum(row["left_forward"] + row["won"] for row in rows)
            archived += sum(row["archived"] for row in rows)
            self.assertEqual(kpis.get(date_from, (0, 0)), (exits, advances), date_from)
        self.assertTrue(archived, "archives are exits too")
