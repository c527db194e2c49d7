# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import fields

from .common import CreditCommon


class ChurnCommon(CreditCommon):
    """The credit fixture's A/B/C customers, ordering until today (growth stage), and the six churn rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        for partner in cls.customers.values():
            order = cls.env["sale.order"].create(
                {"partner_id": partner.id, "user_id": cls.salesperson.id,
                 "order_line": [(0, 0, {"product_id": cls.product.id, "price_unit": 0.0})]}
            )  # fmt: skip
            order.action_confirm()
        cls.rules = {
            rule.rule: rule
            for rule in cls.env["crm.customer.signal.rule"].search([("company_id", "=", cls.env.company.id)])
        }
        cls.Signal = cls.env["crm.customer.signal"]
        cls.other_salesperson = cls.env["res.users"].create(
            {"name": "Other Salesperson", "login": "ft_churn_other",
             "groups_id": [(6, 0, [cls.env.ref("sales_team.group_sale_salesman").id])]}
        )  # fmt: skip

    def _switch_on(self, code, **values):
        self.rules[code].write(dict(values, enabled=True))
        return self.rules[code]

    def _signals(self, partner, rule=None):
        domain = [("partner_id", "=", partner.id)] + ([("rule", "=", rule)] if rule else [])
        return self.Signal.search(domain)

    def _overdue_invoice(self, partner, amount=800.0, days_overdue=30, reminders=0):
        due = date.today() - timedelta(days=days_overdue)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": due - timedelta(days=30),
                "invoice_date_due": due,
                "invoice_line_ids": [(0, 0, {"product_id": self.product.id, "price_unit": amount, "tax_ids": []})],
            }
        )
        invoice.action_post()
        self._remind(invoice, reminders)
        return invoice

    def _remind(self, invoice, times):
        """OCA's overdue reminders sent `times` more times (its counter counts them)."""
        start = invoice.overdue_reminder_counter
        for counter in range(start + 1, start + times + 1):
            self.env["overdue.reminder.action"].create(
                {
                    "commercial_partner_id": invoice.commercial_partner_id.id,
                    "partner_id": invoice.partner_id.id,
                    "company_id": invoice.company_id.id,
                    "reminder_ids": [(0, 0, {"invoice_id": invoice.id, "counter": counter})],
                }
            )

    def _pay(self, invoice):
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {}
        )._create_payments()

    def _feedback(self, partner, kind, days_ago=0, percent=0.0, user=None, **values):
        return (
            self.env["crm.customer.feedback"]
            .with_user(user or self.salesperson)
            .create(
                dict(
                    {
                        "partner_id": partner.id,
                        "kind": kind,
                        "date": self.today - timedelta(days=days_ago),
                        "requested_cut_percent": percent,
                        "description": f"{kind} logged in a test",
                    },
                    **values,
                )
            )
        )

    def _contact_done(self, partner, response, user=None):
        """An activity on the customer marked done by the salesperson with the customer's response."""
        activity = (
            self.env["mail.activity"]
            .with_user(user or self.salesperson)
            .create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": partner.id,
                    "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
                    "user_id": (user or self.salesperson).id,
                    "summary": "Call about the next season's order",
                }
            )
        )
        activity.customer_response = response
        activity.action_done()
        return activity.with_context(active_test=False).exists()

    def _evaluate(self, *partners):
        return self.Signal._evaluate(self.env["res.partner"].concat(*partners))
