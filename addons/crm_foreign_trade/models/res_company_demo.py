# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo company keeps its books in yuan (called by demo/res_company_demo.xml only).

A company's currency cannot change once it has journal items (account's res.company.write), and
`account` posts its own demo invoices, bills and bank statements for the main company, in base's
dollars, while it installs: before any module depending on it loads demo data. In a demo database
those sample entries are disposable; Odoo itself deletes them the same way when a chart of
accounts is switched (account.chart.template._load). So the demo deletes them, and only them,
then changes the currency. A company with entries of any other origin keeps its currency.
"""

import logging

from odoo import models

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

_logger = logging.getLogger(__name__)

# account's demo records whose journal entries may go: its moves, payments, statements and their lines
ACCOUNT_DEMO_MODELS = ("account.move", "account.payment", "account.bank.statement", "account.bank.statement.line")


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    def _demo_switch_currency(self, currency_id):
        """Make the currency `currency_id` the company's, deleting account's demo entries first.

        Does nothing once the company is in `currency` (demo data is loaded again on each update) or
        when the company has entries that account's demo did not post.
        """
        self.ensure_one()
        currency = self.env["res.currency"].browse(currency_id)
        if self.currency_id == currency:
            return False
        moves = self.env["account.move"].sudo().search([("company_id", "child_of", self.id)])
        own_entries = moves - self._account_demo_entries()
        if own_entries:
            _logger.warning(
                "The demo company %s keeps its currency %s: it has %d journal entries of its own.",
                self.name,
                self.currency_id.name,
                len(own_entries),
            )
            return False
        moves.with_context(**{MODULE_UNINSTALL_FLAG: True}).unlink()
        self.sudo().currency_id = currency
        return True

    def _account_demo_entries(self):
        """The journal entries account's demo data posted: its records', and their exchange differences."""
        data = (
            self.env["ir.model.data"].sudo().search([("module", "=", "account"), ("model", "in", ACCOUNT_DEMO_MODELS)])
        )
        ids = {model: [] for model in ACCOUNT_DEMO_MODELS}
        for row in data:
            ids[row.model].append(row.res_id)
        env = self.env(su=True)
        statement_lines = env["account.bank.statement.line"].browse(ids["account.bank.statement.line"]).exists()
        statement_lines |= env["account.bank.statement"].browse(ids["account.bank.statement"]).exists().line_ids
        moves = (
            env["account.move"].browse(ids["account.move"]).exists()
            | env["account.payment"].browse(ids["account.payment"]).exists().move_id
            | statement_lines.move_id
        )
        lines = moves.line_ids
        partials = lines.matched_debit_ids | lines.matched_credit_ids
        return moves | partials.exchange_move_id | lines.full_reconcile_id.exchange_move_id
