# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class PipelineCommon(BaseCommon):
    """An export sales team with its own pipeline (new, qualified, proposal, negotiation, won), two
    salespeople, a sales manager, a portal user, and customers of two classes and trade channels."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.salesperson = new_test_user(cls.env, "ft_pl_sales", groups="sales_team.group_sale_salesman")
        cls.salesperson_2 = new_test_user(cls.env, "ft_pl_sales2", groups="sales_team.group_sale_salesman")
        cls.manager = new_test_user(cls.env, "ft_pl_manager", groups="sales_team.group_sale_manager")
        cls.portal = new_test_user(cls.env, "ft_pl_portal", groups="base.group_portal")
        cls.team = cls.env["crm.team"].create({"name": "Export Europe"})
        cls.other_team = cls.env["crm.team"].create({"name": "Export Americas"})
        # the team's own stages after every stage of the database: the funnel's stage order is theirs
        stages = cls.env["crm.stage"].create(
            [
                {"name": name, "sequence": 5001 + index, "team_id": cls.team.id, "is_won": name == "Export Won"}
                for index, name in enumerate(("Export New", "Qualified Buyer", "Proposal Sent", "Negotiation",
                                              "Export Won"))
            ]
        )  # fmt: skip
        cls.stage_new, cls.stage_qualified, cls.stage_proposal, cls.stage_negotiation, cls.stage_won = stages
        cls.lost_reason = cls.env["crm.lost.reason"].create({"name": "Price above the competitor's"})
        cls.customer_direct_a = cls.env["res.partner"].create(
            {"name": "Kansai Denki Co.", "is_company": True, "customer_class": "a",
             "trade_channel": "direct_export", "user_id": cls.salesperson.id}
        )  # fmt: skip
        cls.customer_domestic_b = cls.env["res.partner"].create(
            {"name": "Shenzhen Trading Co.", "is_company": True, "customer_class": "b",
             "trade_channel": "domestic", "user_id": cls.salesperson_2.id}
        )  # fmt: skip

    def _opportunity(self, name, stage=None, user=None, partner=None, revenue=1000.0, probability=None, **values):
        vals = {
            "name": name,
            "type": "opportunity",
            "team_id": self.team.id,
            "stage_id": (stage or self.stage_new).id,
            "user_id": (user or self.salesperson).id,
            "partner_id": (partner or self.customer_direct_a).id,
            "expected_revenue": revenue,
            **values,
        }
        if probability is not None:
            vals["probability"] = probability
        return self.env["crm.lead"].create(vals)

    def _logs(self, leads):
        """The stage history of the opportunities, oldest first."""
        return self.env["crm.lead.stage.log"].search([("lead_id", "in", leads.ids)], order="date, id")

    def _at(self, moment, action, *args, **kwargs):
        """Do something at a given moment (the log's date is the time of the movement)."""
        with freeze_time(moment):
            return action(*args, **kwargs)
