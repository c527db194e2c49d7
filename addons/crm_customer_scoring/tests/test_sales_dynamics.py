# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.crm_customer_scoring.models.crm_customer_sales_history import ARRAYS as HISTORY_ARRAYS

ARRAYS = [column for column, __ in HISTORY_ARRAYS]

BASE, PEAK = 10000.0, 30000.0


class DynamicsCommon(BaseCommon):
    """Customers with known invoices: a regular one with a credit note and a foreign-currency invoice, a
    seasonal one (peak May-June every year since 2022, no order in September 2025) and a small one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", tz="UTC"))
        cls.company = cls.env.company
        cls.company.write(
            {
                "dynamics_recent_months": 3,
                "dynamics_drop_threshold": 0.5,
                "dynamics_rise_threshold": 1.0,
                "dynamics_min_volume": 5000.0,
                "dynamics_pattern_years": 2,
            }
        )
        cls.salesperson = new_test_user(cls.env, "ft_dyn_sales", groups="sales_team.group_sale_salesman")
        cls.other_salesperson = new_test_user(cls.env, "ft_dyn_sales2", groups="sales_team.group_sale_salesman")
        cls.manager = new_test_user(cls.env, "ft_dyn_manager", groups="sales_team.group_sale_manager")
        cls.portal = new_test_user(cls.env, "ft_dyn_portal", groups="base.group_portal")
        cls.product = cls.env["product.product"].create(
            {"name": "H05VV-F 3G1.5 cable (100 m)", "list_price": 100.0, "taxes_id": [(5, 0, 0)]}
        )
        Partner = cls.env["res.partner"]
        cls.regular = Partner.create({"name": "Kansai Denki Co.", "is_company": True, "user_id": cls.salesperson.id})
        cls.seasonal = Partner.create(
            {"name": "Fosse Air Conditioning Co.", "is_company": True, "user_id": cls.salesperson.id}
        )
        cls.small = Partner.create(
            {"name": "Pampas Electric Co.", "is_company": True, "user_id": cls.other_salesperson.id}
        )
        cls.buyer = Partner.create({"name": "Buyer of Kansai", "parent_id": cls.regular.id})
        cls.foreign = cls.env.ref("base.EUR") if cls.company.currency_id.name != "EUR" else cls.env.ref("base.USD")
        cls.foreign.active = True
        # 1 company currency unit = 0.5 foreign: 100 foreign are 200 in the company currency
        cls.env["res.currency.rate"].create(
            {"currency_id": cls.foreign.id, "name": "2025-03-01", "rate": 0.5, "company_id": cls.company.id}
        )
        # regular: January 2025 two invoices (one to a contact) and a credit note, nothing in February,
        # a foreign-currency invoice in March; March 2024 for the same month last year
        cls._invoice(cls.regular, date(2024, 3, 15), 4, 100.0)
        cls._invoice(cls.regular, date(2025, 1, 10), 10, 100.0)
        cls._invoice(cls.buyer, date(2025, 1, 20), 5, 100.0)
        cls._invoice(cls.regular, date(2025, 1, 25), 2, 100.0, move_type="out_refund")
        cls._invoice(cls.regular, date(2025, 3, 5), 1, 100.0, currency=cls.foreign)
        # April: one dozen of a product sold by the unit
        cls._invoice(cls.regular, date(2025, 4, 8), 1, 1200.0, uom=cls.env.ref("uom.product_uom_dozen"))
        # seasonal: every month of 2022-2025 at its base, May and June at the peak, no order in September 2025
        for year in range(2022, 2026):
            for month in range(1, 13):
                if (year, month) == (2025, 9):
                    continue
                cls._invoice(cls.seasonal, date(year, month, 10), 1, PEAK if month in (5, 6) else BASE)
        # small: 1,000 a month from March to August 2025, then nothing
        for month in range(3, 9):
            cls._invoice(cls.small, date(2025, month, 10), 1, 1000.0)
        cls.Months = cls.env["crm.customer.sales.month"]
        cls.Months.compute_months()

    @classmethod
    def _invoice(cls, partner, invoice_date, quantity, price, move_type="out_invoice", currency=None, uom=None):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": invoice_date,
                "currency_id": (currency or cls.company.currency_id).id,
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": cls.product.id,
                            "quantity": quantity,
                            "price_unit": price,
                            "tax_ids": [],
                            "product_uom_id": (uom or cls.product.uom_id).id,
                        },
                    )
                ],
            }
        )
        move.action_post()
        return move

    def _row(self, partner, year, month):
        return self.Months.search([("partner_id", "=", partner.id), ("month", "=", date(year, month, 1))])


@tagged("post_install", "-at_install")
class TestSalesDynamics(DynamicsCommon):
    def test_monthly_amount_is_invoices_minus_credit_notes_of_the_customer_company(self):
        january = self._row(self.regular, 2025, 1)
        self.assertEqual(len(january), 1)
        # 10 + 5 (the contact's invoice counts for its company) - 2 credited
        self.assertAlmostEqual(january.amount, 1300.0)
        self.assertAlmostEqual(january.quantity, 13.0)
        self.assertFalse(self.Months.search([("partner_id", "=", self.buyer.id)]))

    def test_foreign_currency_invoice_counts_in_company_currency(self):
        march = self._row(self.regular, 2025, 3)
        self.assertAlmostEqual(march.amount, 200.0)
        self.assertEqual(march.currency_id, self.company.currency_id)

    def test_quantity_counts_in_the_product_unit_of_measure(self):
        april = self._row(self.regular, 2025, 4)
        self.assertAlmostEqual(april.amount, 1200.0)
        self.assertAlmostEqual(april.quantity, 12.0)

    def test_months_without_sales_are_rows_of_zero_up_to_the_current_month(self):
        rows = self.Months.search([("partner_id", "=", self.regular.id)], order="month")
        self.assertEqual(rows[0].month, date(2024, 3, 1))
        today = date.today()
        self.assertEqual(rows[-1].month, today.replace(day=1))
        self.assertEqual(len(rows), (today.year - 2024) * 12 + today.month - 3 + 1)
        february = self._row(self.regular, 2025, 2)
        self.assertEqual(february.amount, 0.0)
        self.assertEqual(february.quantity, 0.0)

    def test_same_month_last_year(self):
        self.assertAlmostEqual(self._row(self.regular, 2025, 3).amount_last_year, 400.0)
        self.assertAlmostEqual(self._row(self.seasonal, 2025, 5).amount_last_year, PEAK)
        self.assertEqual(self._row(self.seasonal, 2025, 10).amount_last_year, BASE)
        self.assertEqual(self._row(self.seasonal, 2026, 9).amount_last_year, 0.0)

    def test_recent_average_counts_empty_months_as_zero(self):
        # December 2024, January 2025 and February 2025: (0 + 1,300 + 0) / 3
        self.assertAlmostEqual(self._row(self.regular, 2025, 3).recent_average, 1300.0 / 3, places=2)

    def test_seasonal_peak_and_low_months_are_not_flagged(self):
        may, june, july = (self._row(self.seasonal, 2025, m) for m in (5, 6, 7))
        # the plain recent average would call May a rise and July a drop...
        self.assertGreater(may.amount, may.recent_average * 2)
        self.assertLess(july.amount, july.recent_average * 0.5)
        # ...the customer's own season expects both
        self.assertAlmostEqual(may.seasonal_index, 2.25, places=2)
        self.assertAlmostEqual(may.expected_amount, PEAK, places=0)
        self.assertAlmostEqual(july.expected_amount, BASE, places=0)
        self.assertEqual((may | june | july).mapped("flag"), [False, False, False])
        self.assertFalse(
            self.Months.search_count(
                [
                    ("partner_id", "=", self.seasonal.id),
                    ("flag", "!=", False),
                    ("month", ">=", date(2025, 1, 1)),
                    ("month", "<", date(2025, 9, 1)),
                ]
            )
        )

    def test_no_order_in_a_september_that_usually_sells_is_a_drop_with_its_reason(self):
        september = self._row(self.seasonal, 2025, 9)
        self.assertEqual(september.amount, 0.0)
        self.assertAlmostEqual(september.expected_amount, BASE, places=0)
        self.assertAlmostEqual(september.deviation, -1.0)
        self.assertEqual(september.flag, "drop")
        self.assertIn("Drop:", september.flag_reason)
        self.assertIn("100 % below the expected", september.flag_reason)
        self.assertIn("learnt from 3 past years", september.flag_reason)
        self.assertIn(september, self.Months.search([("flag", "=", "drop")]))

    def test_season_is_used_only_after_the_years_to_learn_it(self):
        self.company.dynamics_pattern_years = 4
        self.Months.compute_months(partners=self.seasonal)
        may = self._row(self.seasonal, 2025, 5)
        self.assertEqual(may.seasonal_index, 1.0)
        self.assertEqual(may.flag, "rise")
        self.assertIn("no seasonal pattern learnt yet", may.flag_reason)

    def test_small_customer_under_the_minimum_volume_is_not_flagged(self):
        september = self._row(self.small, 2025, 9)
        self.assertAlmostEqual(september.expected_amount, 1000.0)
        self.assertAlmostEqual(september.deviation, -1.0)
        self.assertFalse(september.flag)
        self.company.dynamics_min_volume = 0.0
        self.Months.compute_months(partners=self.small)
        self.assertEqual(self._row(self.small, 2025, 9).flag, "drop")

    def test_rerun_replaces_the_rows_without_doubling(self):
        def snapshot():
            rows = self.Months.search([], order="partner_id, month")
            return [(r.partner_id.id, r.month, r.amount, r.expected_amount, r.flag, r.flag_reason) for r in rows]

        before, ids = snapshot(), self.Months.search([]).ids
        customers = len(self.Months.search([]).partner_id)
        # nothing changed: only each customer's current month is written again, in place
        self.assertEqual(self.Months.compute_months(), customers)
        self.assertEqual(snapshot(), before)
        self.assertEqual(sorted(self.Months.search([]).ids), sorted(ids))
        self.Months.compute_months(partners=self.buyer)
        self.assertEqual(snapshot(), before)

    def test_months_before_a_cancelled_first_invoice_are_removed(self):
        first = self.env["account.move"].search([("partner_id", "=", self.regular.id)], order="invoice_date", limit=1)
        self.assertEqual(first.invoice_date, date(2024, 3, 15))
        first.button_draft()
        self.Months.compute_months(partners=self.regular)
        rows = self.Months.search([("partner_id", "=", self.regular.id)], order="month")
        self.assertEqual(rows[0].month, date(2025, 1, 1))
        self.assertEqual(self._row(self.regular, 2025, 3).amount_last_year, 0.0)

    def test_policy_values_cannot_be_negative(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.company.dynamics_drop_threshold = -0.1


@tagged("post_install", "-at_install")
class TestSalesDynamicsRecompute(DynamicsCommon):
    def test_cron_resumes_with_the_customers_not_done_today(self):
        Months = self.Months.sudo()
        self.assertEqual(Months._cron_compute_sales_months(), 0)
        # a run killed before the small customer: its months are gone, the others are done today
        count = Months.search_count([])
        small_count = Months.search_count([("partner_id", "=", self.small.id)])
        self.env["crm.customer.sales.history"].search([("partner_id", "=", self.small.id)]).unlink()
        self.assertFalse(Months.search_count([("partner_id", "=", self.small.id)]))
        self.assertEqual(Months._cron_compute_sales_months(batch_size=1), 1)
        self.assertEqual(Months.search_count([]), count)
        self.assertEqual(Months.search_count([("partner_id", "=", self.small.id)]), small_count)
        self.assertEqual(self._row(self.small, 2025, 5).amount, 1000.0)

    def test_cron_recomputes_only_the_customers_whose_invoices_changed(self):
        Months = self.Months.sudo()
        self._invoice(self.small, date(2025, 8, 20), 3, 1000.0)
        untouched = [(r.id, r.computed_at) for r in Months.search([("partner_id", "!=", self.small.id)])]
        self.assertEqual(Months._cron_compute_sales_months(), 1)
        self.assertEqual(self._row(self.small, 2025, 8).amount, 4000.0)
        self.assertEqual([(r.id, r.computed_at) for r in Months.search([("partner_id", "!=", self.small.id)])],
                         untouched)  # fmt: skip
        # a cancelled invoice is a change too
        self.env["account.move"].search([("partner_id", "=", self.small.id)], order="id desc", limit=1).button_cancel()
        self.assertEqual(Months._cron_compute_sales_months(), 1)
        self.assertEqual(self._row(self.small, 2025, 8).amount, 1000.0)
        self.assertEqual(Months._cron_compute_sales_months(), 0)

    def test_a_new_policy_recomputes_every_customer_at_the_next_run(self):
        Months = self.Months.sudo()
        customers = len(Months.search([]).partner_id)
        self.assertEqual(self._row(self.small, 2025, 9).flag, False)  # 0 < expected 1,000: below 5,000
        self.company.dynamics_min_volume = 5000.0  # saved again, unchanged: nothing to redo
        self.assertEqual(Months._cron_compute_sales_months(), 0)
        self.company.dynamics_min_volume = 500.0
        self.assertEqual(Months._cron_compute_sales_months(), customers)
        self.assertEqual(self._row(self.small, 2025, 9).flag, "drop")
        self.assertEqual(Months._cron_compute_sales_months(), 0)

    def test_cron_drops_the_months_of_a_customer_without_invoices(self):
        invoices = self.env["account.move"].search([("partner_id", "=", self.small.id)])
        invoices.button_draft()
        self.Months.sudo()._cron_compute_sales_months()
        self.assertFalse(self.Months.search([("partner_id", "=", self.small.id)]))

    def test_salesperson_recomputes_one_customer_from_its_form(self):
        august = self.env["account.move"].search(
            [("partner_id", "=", self.small.id)], order="invoice_date desc", limit=1
        )
        august.button_draft()
        action = self.small.with_user(self.other_salesperson).action_compute_sales_dynamics()
        self.assertEqual(action["domain"], [("partner_id", "=", self.small.id)])
        self.assertEqual(action["res_model"], "crm.customer.sales.month")
        self.assertEqual(self._row(self.small, 2025, 8).amount, 0.0)
        self.assertEqual(self._row(self.small, 2025, 7).amount, 1000.0)


@tagged("post_install", "-at_install")
class TestSalesDynamicsAccess(DynamicsCommon):
    def test_salesperson_reads_the_months_of_own_customers_only(self):
        rows = self.Months.with_user(self.salesperson).search([])
        self.assertEqual(rows.partner_id, self.regular | self.seasonal)
        self.assertEqual(self.regular.with_user(self.salesperson).sales_month_flag_count, 0)
        self.assertGreater(self.seasonal.with_user(self.salesperson).sales_month_flag_count, 0)
        other = self.Months.with_user(self.other_salesperson).search([])
        self.assertEqual(other.partner_id, self.small)

    def test_manager_reads_every_customer_of_the_company(self):
        rows = self.Months.with_user(self.manager).search([])
        self.assertLessEqual(self.regular | self.seasonal | self.small, rows.partner_id)
        self.assertEqual(len(rows), self.Months.sudo().search_count([("company_id", "=", self.company.id)]))

    def test_other_company_months_are_hidden(self):
        branch = self.env["res.company"].create({"name": "Dynamics Branch"})
        self.Months.with_company(branch).compute_months()  # no invoices there: nothing
        # the small customer's months copied to the branch
        self.env.flush_all()
        self.env.cr.execute(
            f"""
            INSERT INTO crm_customer_sales_history (partner_id, company_id, first_month, {", ".join(ARRAYS)})
            SELECT partner_id, %s, first_month, {", ".join(ARRAYS)} FROM crm_customer_sales_history
             WHERE partner_id = %s
            """,
            (branch.id, self.small.id),
        )
        self.manager.company_ids |= branch
        rows = self.Months.with_user(self.manager).with_context(allowed_company_ids=[self.company.id]).search([])
        self.assertNotIn(branch, rows.company_id)
        rows = self.Months.with_user(self.manager).with_context(allowed_company_ids=branch.ids).search([])
        self.assertEqual(rows.company_id, branch)

    def test_portal_user_reads_nothing(self):
        with self.assertRaises(AccessError):
            self.Months.with_user(self.portal).search([])

    def test_only_salespeople_recompute(self):
        with self.assertRaisesRegex(AccessError, "Only salespeople and sales managers recompute"):
            self.Months.with_user(self.portal).compute_months()
