# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class ExecutionCommon(BaseCommon):
    """A direct-export customer, a salesperson, a clerk and checklists switched on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(cls.env, "ft_ex_sales", groups="sales_team.group_sale_salesman")
        cls.colleague = new_test_user(cls.env, "ft_ex_colleague", groups="sales_team.group_sale_salesman")
        cls.clerk = new_test_user(
            cls.env, "ft_ex_clerk", groups="base.group_user,crm_order_execution.group_execution_clerk"
        )
        cls.accountant = new_test_user(cls.env, "ft_ex_accountant", groups="account.group_account_invoice")
        # English users, customer and messages, whatever the database's default language (tests switch to Chinese)
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        (cls.salesperson | cls.colleague | cls.clerk | cls.accountant).write({"lang": "en_US"})
        cls.env.company.execution_checklists = True
        cls.env.company.execution_default_clerk_id = cls.clerk
        cls.exporter = cls.env["res.partner"].create(
            {"name": "Nordlicht Elektro GmbH", "is_company": True, "trade_channel": "direct_export", "lang": "en_US"}
        )
        cls.products = cls.env["product.product"].create(
            [{"name": f"Cable {i}", "list_price": 100} for i in range(100)]
        )

    def _order(self, partner=None, lines=1, **values):
        return self.env["sale.order"].create(
            dict(
                {
                    "partner_id": (partner or self.exporter).id,
                    "user_id": self.salesperson.id,
                    "order_line": [(0, 0, {"product_id": p.id, "product_uom_qty": 1}) for p in self.products[:lines]],
                },
                **values,
            )
        )

    @staticmethod
    def _steps(order):
        return {s.name: s for s in order.execution_step_ids}

    def _cron_batch(self, cron_xmlid, method, **kwargs):
        """Call a scheduled job's method as the scheduler does: (its result, done, remaining) it reported."""
        cron = self.env.ref(cron_xmlid)
        self.assertIn(f"model.{method}(", cron.code)
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        model = self.env[cron.model_id.model].with_context(ir_cron_progress_id=progress.id)
        result = getattr(model, method)(**kwargs)
        return result, progress.done, progress.remaining


class LetterCreditCommon(ExecutionCommon):
    """An L/C payment term and an issuing bank, for orders paid by letter of credit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lc_term = cls.env["account.payment.term"].create({"name": "L/C at sight", "letter_of_credit": True})
        cls.bank = cls.env["res.bank"].create({"name": "Hanseatic Commerce Bank", "bic": "HCBKDEHHXXX"})

    def _confirmed_lc_order(self, lines=1):
        order = self._order(lines=lines, payment_term_id=self.lc_term.id)
        order.action_confirm()
        return order

    def _lc(self, order, **values):
        """An expected L/C covering `order`: issued 5 May 2026, ship by 20 June, expiring 10 July."""
        return self.env["sale.letter.credit"].create(
            dict(
                {
                    "name": "LC-HCB-0415",
                    "order_id": order.id,
                    "issuing_bank_id": self.bank.id,
                    "amount": order.amount_total,
                    "currency_id": order.currency_id.id,
                    "date_issue": date(2026, 5, 5),
                    "latest_shipment_date": date(2026, 6, 20),
                    "date_expiry": date(2026, 7, 10),
                    "place_of_expiry": "Shenzhen",
                },
                **values,
            )
        )
