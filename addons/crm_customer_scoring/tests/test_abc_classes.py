# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_foreign_trade.tests.common import use_chinese

from .common_ranking import RankingCommon

# years of their own: no ranking of the database's demo data falls in them
Y1, Y2, Y3 = 2011, 2012, 2013


class AbcCommon(RankingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.general_manager = new_test_user(
            cls.env, "ft_abc_gm", groups="base.group_user,crm_foreign_trade.group_general_manager"
        )
        cls.profile = cls.env["crm.customer.abc.profile"]._for_company(cls.company)
        cls.profile.write({"mode": "customer_share", "hysteresis_years": 2, "auto_apply": False})
        cls._levels(cls.profile, {"a": (70, 11), "b": (20, 32), "c": (10, 57)})

    @classmethod
    def _levels(cls, profile, shares):
        profile.write(
            {
                "level_ids": [
                    Command.update(
                        level.id,
                        {
                            "score_share": shares[level.customer_class][0],
                            "customer_share": shares[level.customer_class][1],
                        },
                    )
                    for level in profile.level_ids
                ]
            }
        )

    @classmethod
    def _customers(cls, count, prefix="Customer"):
        return cls.env["res.partner"].create(
            [{"name": f"{prefix} {i:03d}", "is_company": True, "user_id": cls.salesperson.id} for i in range(count)]
        )

    @classmethod
    def _rank(cls, year, scores):
        """Ranking rows of `year` whose final score is the given one ({partner: score}), then the year's
        finalisation (rank and classes), as compute_year ends."""
        cls.env["crm.customer.score"].create(
            [
                {
                    "partner_id": partner.id,
                    "year": year,
                    "annual_sales": score,
                    "net_margin": 1.0,
                    "cooperation_rate": 1.0,
                    "payment_rate_rule": 1.0,
                }
                for partner, score in scores.items()
            ]
        )
        cls.env["crm.customer.score"]._finalise_year(year)
        return cls.env["crm.customer.score"].search([("year", "=", year), ("partner_id", "in", [p.id for p in scores])])

    def _row(self, partner, year):
        return self.env["crm.customer.score"].search([("partner_id", "=", partner.id), ("year", "=", year)])

    def _set_class(self, partners, cls_code):
        partners.sudo().customer_class = cls_code


@tagged("post_install", "-at_install")
class TestAbcModes(AbcCommon):
    def test_share_of_customers_cuts_11_32_57_of_the_ranked_customers(self):
        customers = self._customers(100)
        rows = self._rank(Y1, {partner: 1000.0 - i for i, partner in enumerate(customers)})
        by_class = {cls_code: rows.filtered(lambda r, c=cls_code: r.proposed_class == c) for cls_code in "abc"}
        self.assertEqual([len(by_class[c]) for c in "abc"], [11, 32, 57])
        # the boundaries: the 11th is the last A, the 43rd the last B
        self.assertEqual(self._row(customers[10], Y1).ranked_class, "a")
        self.assertEqual(self._row(customers[11], Y1).ranked_class, "b")
        self.assertEqual(self._row(customers[42], Y1).ranked_class, "b")
        self.assertEqual(self._row(customers[43], Y1).ranked_class, "c")
        reason = self._row(customers[11], Y1).class_reason
        self.assertIn("Ranked 12 of 100; those above hold 11.0 % of the customers", reason)

    def test_share_of_customers_gives_the_best_customer_a_even_when_few(self):
        customers = self._customers(3)
        self._rank(Y1, dict(zip(customers, (300.0, 200.0, 100.0), strict=True)))
        self.assertEqual([self._row(c, Y1).proposed_class for c in customers], ["a", "b", "c"])

    def test_cumulative_share_of_score_cuts_at_70_and_90_percent(self):
        self.profile.mode = "score_share"
        customers = self._customers(6)
        scores = (50.0, 20.0, 15.0, 5.0, 10.0, -40.0)
        self._rank(Y1, dict(zip(customers, scores, strict=True)))
        # positive total 100: 50 (before 0 %) A, 20 (50 %) A, 15 (70 %: A's cut reached) B,
        # 10 (85 %) B, 5 (95 %) C, and the negative score C
        self.assertEqual([self._row(c, Y1).proposed_class for c in customers], ["a", "a", "b", "c", "b", "c"])
        reason = self._row(customers[2], Y1).class_reason
        self.assertIn("those above hold 70.0 % of the year's positive score (A up to 70 %, B up to 90 %)", reason)

    def test_negative_or_zero_score_is_c_at_once(self):
        customers = self._customers(3)
        self._set_class(customers[1] | customers[2], "a")
        self.profile.hysteresis_years = 3
        self._rank(Y1, dict(zip(customers, (100.0, 0.0, -5.0), strict=True)))
        for partner in customers[1:]:
            row = self._row(partner, Y1)
            self.assertEqual(row.proposed_class, "c")
            self.assertIn("zero or negative score", row.class_reason)
            self.assertIn("Moves down from Class A at once: the score is not positive.", row.class_reason)

    def test_profile_levels_must_cover_100_percent_and_one_active_profile_per_company(self):
        with self.assertRaisesRegex(ValidationError, "add up to 90.0 %, not 100 %"):
            self._levels(self.profile, {"a": (70, 11), "b": (20, 22), "c": (10, 57)})
        with self.assertRaisesRegex(ValidationError, "already has an active ABC profile"):
            self.env["crm.customer.abc.profile"].create({"name": "Second", "company_id": self.company.id})
        # an archived one may stay for the record
        self.env["crm.customer.abc.profile"].create({"name": "Old", "company_id": self.company.id, "active": False})


@tagged("post_install", "-at_install")
class TestAbcHysteresis(AbcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # three customers by share of customers: the best A, the second B, the third C
        cls.leader, cls.second, cls.third = cls._customers(3, "Hysteresis")

    def _year(self, year, order):
        self._rank(year, dict(zip(order, (300.0, 200.0, 100.0), strict=True)))

    def test_b_customer_stays_b_for_n_minus_1_bad_years_and_moves_to_c_at_n(self):
        self.profile.hysteresis_years = 3
        self._set_class(self.third, "b")
        self._year(Y1, (self.leader, self.second, self.third))
        row = self._row(self.third, Y1)
        self.assertEqual((row.ranked_class, row.proposed_class, row.class_years_below), ("c", "b", 1))
        self.assertIn("Below the cut of Class B 1 year(s) in a row of 3 needed to move down: held at Class B.",
                      row.class_reason)  # fmt: skip
        self.assertFalse(row.class_change_pending)
        self._year(Y2, (self.leader, self.second, self.third))
        row = self._row(self.third, Y2)
        self.assertEqual((row.proposed_class, row.class_years_below), ("b", 2))
        self._year(Y3, (self.leader, self.second, self.third))
        row = self._row(self.third, Y3)
        self.assertEqual((row.proposed_class, row.class_years_below), ("c", 3))
        self.assertIn("Below the cut of Class B 3 year(s) in a row (3 needed): moves down to Class C.",
                      row.class_reason)  # fmt: skip
        self.assertTrue(row.class_change_pending)

    def test_a_good_year_restarts_the_count(self):
        self._set_class(self.third, "b")
        self._year(Y1, (self.leader, self.second, self.third))  # below B
        self._year(Y2, (self.leader, self.third, self.second))  # B again
        self._year(Y3, (self.leader, self.second, self.third))  # below B: 1 year, not 2
        row = self._row(self.third, Y3)
        self.assertEqual((row.proposed_class, row.class_years_below), ("b", 1))

    def test_a_year_without_ranking_ends_the_count(self):
        self._set_class(self.third, "b")
        self._year(Y1, (self.leader, self.second, self.third))
        self._year(Y3, (self.leader, self.second, self.third))
        self.assertEqual(self._row(self.third, Y3).class_years_below, 1)

    def test_customer_moves_up_at_once(self):
        self.profile.hysteresis_years = 3
        self._set_class(self.third, "c")
        self._year(Y1, (self.third, self.leader, self.second))
        row = self._row(self.third, Y1)
        self.assertEqual(row.proposed_class, "a")
        self.assertIn("Moves up from Class C at once.", row.class_reason)

    def test_one_year_setting_moves_down_at_once(self):
        self.profile.hysteresis_years = 1
        self._set_class(self.third, "a")
        self._year(Y1, (self.leader, self.second, self.third))
        self.assertEqual(self._row(self.third, Y1).proposed_class, "c")

    def test_classification_on_plain_data(self):
        """The profile classifies plain (partner, score) data: no ranking row needed."""
        self.profile.hysteresis_years = 2
        result = self.profile._classify(
            [(1, 300.0), (2, 200.0), (3, 100.0)], {1: "c", 2: "b", 3: "b"}, {3: ["c"], 2: ["c"]}
        )
        self.assertEqual({pid: r["proposed_class"] for pid, r in result.items()}, {1: "a", 2: "b", 3: "c"})
        self.assertEqual(result[3]["years_below"], 2)
        self.assertEqual(result[2]["years_below"], 0)


@tagged("post_install", "-at_install")
class TestAbcApply(AbcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader, cls.second, cls.third = cls._customers(3, "Apply")
        cls.company.write({"pool_days_a": 90, "pool_days_b": 60, "pool_days_c": 30})

    def _propose(self):
        self._set_class(self.leader, "a")
        self._set_class(self.second | self.third, "b")
        self.profile.hysteresis_years = 1
        return self._rank(Y1, dict(zip((self.leader, self.second, self.third), (300.0, 200.0, 100.0), strict=True)))

    def test_manager_applies_proposals_through_the_class_change_log(self):
        rows = self._propose()
        proposals = rows.filtered("class_change_pending")
        self.assertEqual(proposals.partner_id, self.third)
        self.assertEqual(self.third._pool_days(), 60)
        proposals.with_user(self.manager).action_apply_proposed_classes()
        self.assertEqual(self.third.customer_class, "c")
        self.assertFalse(self._row(self.third, Y1).class_change_pending)
        note = self.third.message_ids.filtered(lambda m: "ABC classes of the 2011 ranking" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("Customer class changed to Class C.", note.body)
        self.assertIn("Ranked 3 of 3", note.body)
        self.assertEqual(note.author_id, self.manager.partner_id)
        # the class drives the existing rules: the pool takes the customer back after C's days, not B's
        self.assertEqual(self.third._pool_days(), 30)

    def test_general_manager_applies_all_selected_rows(self):
        rows = self._propose()
        rows.with_user(self.general_manager).action_apply_proposed_classes()
        self.assertEqual((self.leader | self.second | self.third).mapped("customer_class"), ["a", "b", "c"])

    def test_salesperson_cannot_apply(self):
        rows = self._propose()
        mine = rows.with_user(self.salesperson)
        self.assertEqual(mine.search([("id", "in", rows.ids)]), mine)  # sees the proposals of her customers
        with self.assertRaisesRegex(UserError, "Only sales managers can apply proposed classes."):
            mine.action_apply_proposed_classes()
        self.assertEqual(self.third.customer_class, "b")

    def test_nothing_to_apply_is_said(self):
        rows = self._propose()
        with self.assertRaisesRegex(UserError, "None of the selected rows proposes a class change"):
            rows.filtered(lambda r: not r.class_change_pending).with_user(self.manager).action_apply_proposed_classes()

    def test_older_year_proposal_is_not_applied_over_a_later_ranking(self):
        self._propose()
        self._rank(Y2, dict(zip((self.leader, self.third, self.second), (300.0, 200.0, 100.0), strict=True)))
        old = self._row(self.third, Y1)
        self.assertEqual(old.proposed_class, "c")
        self.assertFalse(old.is_latest_year)
        self.assertFalse(old.class_change_pending)  # not among the proposals
        with self.assertRaises(UserError):
            old.with_user(self.manager).action_apply_proposed_classes()
        self.assertEqual(self.third.customer_class, "b")

    def test_auto_apply_applies_the_latest_year_when_switched_on(self):
        self.env["crm.customer.score"].sudo().search(
            [("company_id", "=", self.company.id), ("year", ">", Y1)]
        ).unlink()  # the database's own rankings of later years
        self.profile.auto_apply = True
        self._propose()
        self.assertEqual(self.third.customer_class, "c")
        note = self.third.message_ids.filtered(lambda m: "applied automatically" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertFalse(self._row(self.third, Y1).class_change_pending)
        # a past year recomputed later changes nothing: the latest ranking decides
        self._rank(Y2, dict(zip((self.leader, self.second, self.third), (300.0, 200.0, 100.0), strict=True)))
        self._set_class(self.third, "a")
        self.env["crm.customer.score"]._finalise_year(Y1)
        self.assertEqual(self.third.customer_class, "a")

    def test_auto_apply_off_by_default(self):
        self.assertFalse(self.env.ref("crm_customer_scoring.crm_customer_abc_profile_default").auto_apply)
        self._propose()
        self.assertEqual(self.third.customer_class, "b")

    def test_compute_year_proposes_classes_from_invoices(self):
        """The ranking's recomputation ends with the classes (compute_year → _finalise_year)."""
        self._set_class(self.customer_a | self.customer_b, "b")
        not_due = fields.Date.today() + timedelta(days=400)  # paid on time: both scores positive
        self._invoice(self.customer_a, [(10, 100.0)], due=not_due)
        self._invoice(self.customer_b, [(1, 100.0)], due=not_due)
        self.Score.compute_year(self.year)
        big, small = self._score(self.customer_a), self._score(self.customer_b)
        self.assertLess(big.rank, small.rank)
        self.assertTrue(big.proposed_class and small.proposed_class)
        self.assertLessEqual(big.ranked_class, small.ranked_class)  # 'a' < 'b' < 'c'
        self.assertIn(f"Ranked {small.rank} of ", small.class_reason)


@tagged("post_install", "-at_install")
class TestAbcCompanies(AbcCommon):
    def test_each_company_classifies_by_its_own_profile(self):
        branch = self.env["res.company"].create({"name": "Dongguan Branch"})
        self.profile.mode = "score_share"
        customers = self._customers(3, "Branch")
        self.env["crm.customer.score"].create(
            [
                {"partner_id": partner.id, "company_id": branch.id, "year": Y1, "annual_sales": score,
                 "net_margin": 1.0, "cooperation_rate": 1.0, "payment_rate_rule": 1.0}
                for partner, score in zip(customers, (900.0, 60.0, 40.0), strict=True)
            ]
        )  # fmt: skip
        self.env["crm.customer.score"].with_company(branch)._finalise_year(Y1)
        # the branch had no profile: it gets the seed's, by share of customers (11 / 32 / 57 %)
        profile = self.env["crm.customer.abc.profile"].search([("company_id", "=", branch.id)])
        self.assertEqual(profile.mode, "customer_share")
        self.assertEqual(sorted(profile.level_ids.mapped("customer_share")), [11.0, 32.0, 57.0])
        # by the main company's score shares the second would be C (90 % before it); by customers it is B
        rows = self.env["crm.customer.score"].search([("company_id", "=", branch.id), ("year", "=", Y1)])
        self.assertEqual(
            [rows.filtered(lambda r, p=p: r.partner_id == p).proposed_class for p in customers], ["a", "b", "c"]
        )
        branch_manager = new_test_user(
            self.env, "ft_abc_branch_mgr", groups="sales_team.group_sale_manager",
            company_id=branch.id, company_ids=[Command.set(branch.ids)],
        )  # fmt: skip
        self.assertEqual(self.env["crm.customer.abc.profile"].with_user(branch_manager).search([]), profile)


@tagged("post_install", "-at_install")
class TestAbcReasonLanguage(AbcCommon):
    def test_reasons_are_in_the_companys_language_whoever_ranks_the_year(self):
        use_chinese(self.env)
        self.company.partner_id.lang = "zh_CN"
        customer = self._customers(1)
        # ranked from an English context (a scheduled action's, an English-speaking manager's)
        row = self._rank(Y1, {customer: 1000.0})
        self.assertIn("尚无类别", row.class_reason)
        self.assertNotIn("No class yet", row.class_reason)
