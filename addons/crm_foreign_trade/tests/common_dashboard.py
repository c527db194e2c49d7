# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import json
import re

from odoo.tests import new_test_user
from odoo.tools import file_open
from odoo.tools.translate import extract_spreadsheet_terms

SALESPERSON_FILTER = "ft_salesperson"


def _translated_texts(cells):
    """The texts of a sheet's `=_t("...")` cells."""
    return {m.group(1) for c in cells.values() if (m := re.fullmatch(r'=_t\("(.+)"\)', c["content"]))}


class DashboardCases:
    """What every "Foreign Trade" dashboard must hold: its sheet reads only fields that exist, as a sales
    manager, and only sales managers see it. Mixed into a test case before BaseCommon (a mixin, so the loader
    does not run it alone); subclasses set ``dashboard_xmlid``, ``dashboard_file`` and
    ``dashboard_models`` (the models its pivots read)."""

    # Odoo's test loader takes only a class's own test methods unless told otherwise
    allow_inherited_tests_method = True
    dashboard_xmlid = None
    dashboard_file = None
    dashboard_models = set()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(cls.env, "ft_dash_manager", groups="sales_team.group_sale_manager")
        cls.salesperson = new_test_user(cls.env, "ft_dash_sales", groups="sales_team.group_sale_salesman")
        cls.dashboard = cls.env.ref(cls.dashboard_xmlid)
        with file_open(cls.dashboard_file) as f:
            cls.file_data = json.load(f)

    def _pivot_read_group(self, pivot, user):
        """Read a pivot's data as the web client asks for it: its domain, measures and row/column groupbys."""
        model = self.env[pivot["model"]].with_user(user)
        measures = [
            "__count" if m["fieldName"] == "__count" else f"{m['fieldName']}:{m['aggregator']}"
            for m in pivot["measures"]
        ]
        groupby = [
            f"{g['fieldName']}:{g['granularity']}" if g.get("granularity") else g["fieldName"]
            for g in pivot["rows"] + pivot["columns"]
        ]
        return model.read_group(pivot["domain"], measures, groupby, lazy=False)

    def test_dashboard_in_foreign_trade_group_for_sales_managers_only(self):
        group = self.env.ref("crm_foreign_trade.spreadsheet_dashboard_group_foreign_trade")
        self.assertEqual(self.dashboard.dashboard_group_id, group)
        self.assertIn(self.dashboard, group.published_dashboard_ids)
        self.assertEqual(self.dashboard.group_ids, self.env.ref("sales_team.group_sale_manager"))
        dashboards = self.env["spreadsheet.dashboard"]
        self.assertEqual(dashboards.with_user(self.manager).search([("id", "=", self.dashboard.id)]), self.dashboard)
        self.assertFalse(dashboards.with_user(self.salesperson).search([("id", "=", self.dashboard.id)]))

    def test_every_pivot_reads_existing_fields_as_sales_manager(self):
        pivots = self.file_data["pivots"]
        self.assertTrue(pivots)
        self.assertEqual({p["model"] for p in pivots.values()}, self.dashboard_models)
        for pivot in pivots.values():
            with self.subTest(pivot=pivot["name"]):
                self.assertIn(pivot["model"], self.env)
                fields = self.env[pivot["model"]]._fields
                for name in [m["fieldName"] for m in pivot["measures"]] + [
                    g["fieldName"] for g in pivot["rows"] + pivot["columns"]
                ]:
                    if name != "__count":
                        self.assertTrue(name in fields, f"{pivot['model']} has no field {name}")
                        self.assertTrue(fields[name].store, f"{pivot['model']}.{name} cannot be grouped or summed")
                groups = self._pivot_read_group(pivot, self.manager)
                self.assertIsInstance(groups, list)

    def test_filters_match_fields_of_the_right_kind(self):
        """The Period and Salesperson filters narrow each table through a stored field of the right type."""
        filters = {f["id"]: f for f in self.file_data["globalFilters"]}
        self.assertEqual({f["type"] for f in filters.values()}, {"date", "relation"})
        for pivot in self.file_data["pivots"].values():
            with self.subTest(pivot=pivot["name"]):
                filtered_domain = list(pivot["domain"])
                for filter_id, matching in pivot["fieldMatching"].items():
                    global_filter = filters[filter_id]
                    field = self.env[pivot["model"]]._fields[matching["chain"]]
                    self.assertTrue(field.store, f"{pivot['model']}.{field.name} is not stored")
                    if global_filter["type"] == "date":
                        self.assertEqual(field.type, matching["type"])
                        filtered_domain.append((field.name, ">=", "2020-01-01"))
                    else:
                        self.assertEqual((field.type, field.comodel_name), ("many2one", global_filter["modelName"]))
                        filtered_domain.append((field.name, "in", self.manager.ids))
                self.assertIn(SALESPERSON_FILTER, pivot["fieldMatching"], "every table can be read per salesperson")
                self._pivot_read_group(dict(pivot, domain=filtered_domain), self.manager)

    def test_every_pivot_formula_points_at_a_pivot(self):
        cells = self.file_data["sheets"][0]["cells"]
        formulas = [c["content"] for c in cells.values() if c["content"].startswith("=PIVOT(")]
        self.assertEqual(
            {re.match(r"=PIVOT\((\d+)", f).group(1) for f in formulas},
            set(self.file_data["pivots"]),
            "each pivot is shown once, and each table shows a defined pivot",
        )
        # the pivot's name heads its table untranslated: it is the title above it, translated there
        for ref, cell in cells.items():
            if match := re.match(r"=PIVOT\((\d+)", cell["content"]):
                title_ref = f"A{int(ref[1:]) - 1}"
                self.assertEqual(
                    cells[title_ref]["content"], f'=_t("{self.file_data["pivots"][match.group(1)]["name"]}")'
                )

    def test_tables_fit_their_place(self):
        """A table overlapping the next title or the sheet's edge shows #SPILL! instead of its figures."""
        sheet = self.file_data["sheets"][0]
        rows_of_a = sorted(int(ref[1:]) for ref in sheet["cells"] if ref.startswith("A"))
        for ref, cell in sheet["cells"].items():
            if not cell["content"].startswith("=PIVOT("):
                continue
            args = cell["content"][len("=PIVOT(") : -1].split(",")
            pivot = self.file_data["pivots"][args[0]]
            row_count = int(args[1])
            column_count = int(args[4]) if len(args) > 4 else None
            with self.subTest(pivot=pivot["name"]):
                # column headers (one line per column groupby, at least "Total"), measures, rows, total
                height = max(1, len(pivot["columns"])) + 1 + row_count + 1
                next_row = next((r for r in rows_of_a if r > int(ref[1:])), sheet["rowNumber"] + 1)
                self.assertLessEqual(int(ref[1:]) + height, next_row)
                columns = 1
                if pivot["columns"]:
                    groups = self._pivot_read_group(dict(pivot, rows=[]), self.env.user)
                    columns = len(groups) + 1  # and the total
                width = columns * len(pivot["measures"])
                if column_count:
                    width = min(width, column_count)
                self.assertLessEqual(1 + width, sheet["colNumber"])

    def test_scorecards_show_measures_of_the_pivots(self):
        """Each key figure on top reads a measure its pivot really asks for (else the card shows an error)."""
        dashboard, data = self.file_data["sheets"]
        cards = [f["data"] for f in dashboard["figures"] if f["data"]["type"] == "scorecard"]
        self.assertTrue(cards)
        for card in cards:
            sheet, cell = card["keyValue"].split("!")
            self.assertEqual(sheet, data["name"])
            pivot_id, measure = re.fullmatch(r'=PIVOT\.VALUE\((\d+),"(.+)"\)', data["cells"][cell]["content"]).groups()
            self.assertIn(measure, [m["id"] for m in self.file_data["pivots"][pivot_id]["measures"]])
            label_cell = "A" + cell[1:]
            self.assertEqual(data["cells"][label_cell]["content"], f'=_t("{card["title"]["text"]}")')

    def test_titles_are_translatable(self):
        """Odoo exports the `_t("...")` texts, chart titles and filter labels of `*_dashboard.json` files to the
        addon's .pot file, marked for the web client, which translates them when it shows the sheet."""
        sheets = self.file_data["sheets"]
        titles = _translated_texts(sheets[0]["cells"])
        texts = titles | _translated_texts(sheets[1]["cells"])
        self.assertEqual(len(titles), len(self.file_data["pivots"]))
        cards = {f["data"]["title"]["text"] for f in self.file_data["sheets"][0]["figures"]}
        labels = {f["label"] for f in self.file_data["globalFilters"]}
        stream = io.BytesIO(json.dumps(self.file_data).encode())
        terms = {term for _line, _f, term, _c in extract_spreadsheet_terms(stream, [], [], {})}
        self.assertEqual(terms, texts | cards | labels)

    def test_web_client_loads_the_sheet(self):
        data = self.dashboard.with_user(self.manager).get_readonly_dashboard()
        self.assertNotIn("is_sample", data)
        self.assertEqual(data["snapshot"]["pivots"], self.file_data["pivots"])
        self.assertEqual(data["snapshot"]["sheets"][0]["cells"], self.file_data["sheets"][0]["cells"])
