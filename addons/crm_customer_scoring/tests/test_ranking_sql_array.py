# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.crm_customer_scoring.models.crm_customer_score import sql_array


@tagged("post_install", "-at_install")
class TestRankingSqlArray(TransactionCase):
    """The ranking writes its rows from array literals: every value must come back as it was sent."""

    def _round_trip(self, kind, values):
        self.env.cr.execute(SQL("SELECT %s", sql_array(kind, values)))
        return self.env.cr.fetchone()[0]

    def test_texts_come_back_with_quotes_backslashes_braces_and_commas(self):
        texts = ['Top "A" customer', "C:\\path\\", "{braces}, commas", "NULL", "", "前 11 % 的得分", None, "a\nb"]
        self.assertEqual(self._round_trip("text", texts), texts)

    def test_numbers_and_flags_come_back_exactly(self):
        floats = [0.1 + 0.2, -1.0, 1e-05, 123456789.123, None]
        self.assertEqual(self._round_trip("float", floats), floats)
        self.assertEqual(self._round_trip("int", [1, -2, None]), [1, -2, None])
        self.assertEqual(self._round_trip("bool", [True, False, None]), [True, False, None])

    def test_false_is_empty_but_in_a_flag(self):
        self.assertEqual(self._round_trip("varchar", ["a", False]), ["a", None])
        self.assertEqual(self._round_trip("int", [False]), [None])

    def test_an_empty_list_is_an_empty_array(self):
        self.assertEqual(self._round_trip("int", []), [])
