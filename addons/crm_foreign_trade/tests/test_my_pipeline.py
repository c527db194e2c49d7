# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import ForeignTradeCommon


@tagged("post_install", "-at_install")
class TestMyPipeline(ForeignTradeCommon):
    """The sales manager leads the Export Desk without being one of its members."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo's "member of no Sales Team" help is asserted in English
        cls.manager.lang = "en_US"

    def test_team_leader_works_in_the_team_she_leads(self):
        self.assertFalse(self.team.crm_team_member_ids.filtered(lambda m: m.user_id == self.manager))
        self.assertEqual(self.manager.sale_team_id, self.team)

    def test_membership_wins_over_leadership(self):
        other = self.env["crm.team"].create({"name": "Domestic Desk", "member_ids": [(4, self.manager.id)]})
        self.assertEqual(self.manager.sale_team_id, other)

    def test_leader_of_no_team_any_more_has_no_team(self):
        self.team.user_id = self.colleague
        self.assertFalse(self.manager.sale_team_id)
        # the colleague is a member of the team: her membership keeps answering
        self.assertEqual(self.colleague.sale_team_id, self.team)

    def test_team_leader_pipeline_opens_on_her_team(self):
        action = self.env["crm.team"].with_user(self.manager).action_your_pipeline()
        self.assertNotIn("search_default_assigned_to_me", action["context"])
        self.assertEqual(action["context"]["search_default_team_id"], self.team.id)
        self.assertEqual(action["context"]["default_team_id"], self.team.id)
        self.assertNotIn("member of no Sales Team", action.get("help") or "")
        lead = self.env["crm.lead"].create(
            {"name": "Cable tray for Hamburg", "type": "opportunity", "user_id": self.salesperson.id,
             "team_id": self.team.id}
        )  # fmt: skip
        domain = safe_eval(action["domain"]) + [("team_id", "=", action["context"]["search_default_team_id"])]
        self.assertIn(lead, self.env["crm.lead"].with_user(self.manager).search(domain))

    def test_salesperson_pipeline_stays_her_own(self):
        action = self.env["crm.team"].with_user(self.salesperson).action_your_pipeline()
        self.assertEqual(action["context"].get("search_default_assigned_to_me"), 1)
        self.assertNotIn("search_default_team_id", action["context"])
