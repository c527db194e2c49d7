# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestFunnelTours(HttpCase):
    """A sales manager reads a team's funnel in the browser and opens the opportunities behind a number."""

    def test_manager_reads_the_funnel_and_opens_the_won_opportunities(self):
        manager = new_test_user(self.env, "ft_funnel_tour_manager", groups="sales_team.group_sale_manager")
        team = self.env["crm.team"].create({"name": "Tour Export Team"})
        new, qualified, won = self.env["crm.stage"].create(
            [
                {"name": "Tour New", "sequence": 7001, "team_id": team.id},
                {"name": "Tour Qualified", "sequence": 7002, "team_id": team.id},
                {"name": "Tour Won", "sequence": 7003, "team_id": team.id, "is_won": True},
            ]
        )
        deals = self.env["crm.lead"].create(
            [
                {"name": name, "type": "opportunity", "team_id": team.id, "stage_id": new.id}
                for name in ("Tour Deal Won", "Tour Deal Moved", "Tour Deal Open")
            ]
        )
        deals[0].action_set_won()
        deals[1].write({"stage_id": qualified.id})
        self.assertEqual(deals[0].stage_id, won)
        self.start_tour(
            "/odoo/action-crm_customer_scoring.crm_funnel_report_action",
            "crm_customer_scoring_funnel",
            login=manager.login,
        )
