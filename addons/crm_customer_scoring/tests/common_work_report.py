# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon

# the known data set lives in March 2026; its first week runs Monday 2 to Sunday 8 March
WEEK = (date(2026, 3, 2), date(2026, 3, 8))
MONTH = (date(2026, 3, 1), date(2026, 3, 31))


class WorkReportCommon(BaseCommon):
    """A sales team (its leader, a salesperson and a colleague), a salesperson of another team, the sales
    manager, a portal user, a user of another company, and one customer's March 2026: visits (planned and
    reported, one with the decider of the decision tree), quotations, orders (one in EUR), opportunities and
    samples, each dated on purpose inside or outside the first week and the month."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.company = cls.env.company
        cls.company.work_report_due_days = 1
        salesman = "sales_team.group_sale_salesman"
        cls.leader = new_test_user(cls.env, "ft_wr_leader", groups=salesman, name="Lena Leader")
        cls.salesperson = new_test_user(cls.env, "ft_wr_sales", groups=salesman, name="Sam Sales")
        cls.colleague = new_test_user(cls.env, "ft_wr_colleague", groups=salesman, name="Cora Colleague")
        cls.outsider = new_test_user(cls.env, "ft_wr_outsider", groups=salesman, name="Otto Outsider")
        cls.manager = new_test_user(
            cls.env, "ft_wr_manager", groups="sales_team.group_sale_manager", name="Mia Manager"
        )
        cls.portal = new_test_user(cls.env, "ft_wr_portal", groups="base.group_portal")
        cls.company.sales_manager_user_id = cls.manager
        cls.team = cls.env["crm.team"].create(
            {"name": "East Export", "user_id": cls.leader.id,
             "member_ids": [Command.set((cls.salesperson | cls.colleague | cls.leader).ids)]}
        )  # fmt: skip
        cls.other_team = cls.env["crm.team"].create(
            {"name": "West Export", "member_ids": [Command.set(cls.outsider.ids)]}
        )
        cls.other_company = cls.env["res.company"].create({"name": "Shenzhen Branch"})
        cls.other_company_user = new_test_user(
            cls.env,
            "ft_wr_other_co",
            groups="sales_team.group_sale_manager",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Kansai Denki Co.", "is_company": True, "user_id": cls.salesperson.id}
        )
        cls.decider = cls.env["res.partner"].create({"name": "Mr. Tanaka", "parent_id": cls.customer.id})
        cls.influencer = cls.env["res.partner"].create({"name": "Ms. Sato", "parent_id": cls.customer.id})
        cls.product = cls.env["product.product"].create(
            {"name": "H05VV-F 3G1.5 cable (100 m)", "list_price": 100.0, "taxes_id": [Command.clear()]}
        )
        cls.eur = cls.setup_other_currency("EUR", rates=[("2026-01-01", 0.125)])
        cls.eur_pricelist = cls.env["product.pricelist"].create({"name": "EUR", "currency_id": cls.eur.id})
        cls._march()

    @classmethod
    def _set_dates(cls, records, **dates):
        """Create dates cannot be written by the ORM: the data set's history is set in SQL."""
        records.flush_recordset()
        for field, value in dates.items():
            cls.env.cr.execute(
                f"UPDATE {records._table} SET {field} = %s WHERE id IN %s",
                (value, tuple(records.ids)),
            )
        records.invalidate_recordset()

    @classmethod
    def _opportunity(cls, name, created, user=None, **values):
        lead = cls.env["crm.lead"].create(
            dict(
                {"name": name, "type": "opportunity", "partner_id": cls.customer.id,
                 "user_id": (user or cls.salesperson).id, "team_id": cls.team.id},
                **values,
            )
        )  # fmt: skip
        cls._set_dates(lead, create_date=created)
        return lead

    @classmethod
    def _order(cls, amount, created, confirmed=None, state="draft", pricelist=None):
        order = cls.env["sale.order"].create(
            {"partner_id": cls.customer.id, "user_id": cls.salesperson.id, "team_id": cls.team.id,
             "pricelist_id": (pricelist or cls.env["product.pricelist"]).id or False,
             "order_line": [Command.create({"product_id": cls.product.id, "product_uom_qty": 1,
                                            "price_unit": amount})]}
        )  # fmt: skip
        if confirmed:
            order.action_confirm()
            order.date_order = confirmed
        elif state == "sent":
            order.action_quotation_sent()
        cls._set_dates(order, create_date=created)
        return order

    @classmethod
    def _visit(cls, day, attendees, lead=None, user=None, visitors=None, state="submitted"):
        return cls.env["crm.visit.report"].create(
            {"partner_id": cls.customer.id, "lead_id": lead and lead.id, "user_id": (user or cls.salesperson).id,
             "visitor_ids": [Command.set((visitors or user or cls.salesperson).ids)],
             "attendee_ids": [Command.set(attendees.ids)], "visit_date": day, "purpose": "Follow-up",
             "findings": "<p>Seen</p>", "state": state}
        )  # fmt: skip

    @classmethod
    def _sample(cls, sent, value, converted_order=None):
        sample = cls.env["crm.sample.request"].create(
            {"partner_id": cls.customer.id, "user_id": cls.salesperson.id,
             "line_ids": [Command.create({"product_id": cls.product.id, "quantity": 1, "unit_cost": value})]}
        )  # fmt: skip
        sample.write({"state": "sent", "sent_date": sent, "converted_order_id": converted_order and converted_order.id})
        return sample

    @classmethod
    def _march(cls):
        # opportunities: two in the week (one of them lost and archived), one later in March, one in February
        cls.lead_week = cls._opportunity("Fridge cords 2026", datetime(2026, 3, 3, 9))
        cls.lead_lost = cls._opportunity("Printer cables", datetime(2026, 3, 4, 10))
        cls.lead_lost.action_set_lost()
        cls.lead_month = cls._opportunity("Vacuum cleaner cords", datetime(2026, 3, 20, 10), expected_revenue=5000)
        cls.lead_february = cls._opportunity("Old project", datetime(2026, 2, 25, 10))
        cls._opportunity("Colleague's project", datetime(2026, 3, 3, 9), user=cls.colleague)
        # the month's opportunity is won on 21 March
        cls.lead_month.action_set_won()
        cls._set_dates(cls.lead_month, date_closed=datetime(2026, 3, 21, 10))
        cls.env["crm.decision.contact"].create(
            [
                {"lead_id": cls.lead_week.id, "partner_id": cls.decider.id, "buying_role": "decider"},
                {"lead_id": cls.lead_week.id, "partner_id": cls.influencer.id, "buying_role": "influencer"},
            ]
        )
        # visits: the decider met on the week's opportunity, the influencer alone, the decider again later in
        # March on the colleague's visit (no opportunity named), a draft not counted
        cls.visit_decider = cls._visit(date(2026, 3, 3), cls.decider, lead=cls.lead_week)
        cls.visit_influencer = cls._visit(date(2026, 3, 5), cls.influencer)
        cls.visit_with_colleague = cls._visit(
            date(2026, 3, 15), cls.decider, user=cls.colleague, visitors=cls.colleague | cls.salesperson
        )
        cls._visit(date(2026, 3, 4), cls.decider, state="draft")
        plans = cls.env["crm.visit.plan"].create(
            [
                {"partner_id": cls.customer.id, "user_id": cls.salesperson.id, "visitor_role": "salesperson",
                 "date_due": day, "state": state}
                for day, state in ((date(2026, 3, 3), "done"), (date(2026, 3, 6), "planned"),
                                   (date(2026, 3, 20), "planned"), (date(2026, 2, 27), "done"))
            ]
        )  # fmt: skip
        cls.plans = plans
        # quotations and orders: sent in the week; made and confirmed in the week; a draft; made in February and
        # confirmed in the week; in EUR made and confirmed later in March (1,000 EUR = 8,000 USD at 0.125)
        cls.quotation_sent = cls._order(1000, datetime(2026, 3, 2, 9), state="sent")
        cls.order_week = cls._order(2500, datetime(2026, 3, 4, 9), confirmed=datetime(2026, 3, 5, 9))
        cls._order(700, datetime(2026, 3, 3, 9))
        cls.order_old_quote = cls._order(4000, datetime(2026, 2, 20, 9), confirmed=datetime(2026, 3, 6, 9))
        cls.order_eur = cls._order(
            1000, datetime(2026, 3, 10, 9), confirmed=datetime(2026, 3, 12, 9), pricelist=cls.eur_pricelist
        )
        # samples: two sent in March (one brought the EUR order), one in February
        cls._sample(date(2026, 3, 10), 300.0, converted_order=cls.order_eur)
        cls._sample(date(2026, 3, 11), 200.0)
        cls._sample(date(2026, 2, 10), 999.0)

    def _report(self, period="weekly", date_from=WEEK[0], user=None, **values):
        user = user or self.salesperson
        return (
            self.env["crm.work.report"]
            .with_user(user)
            .create(dict({"period": period, "date_from": date_from, "user_id": user.id}, **values))
        )
