# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import ForeignTradeCommon

OUR_COLUMNS = {"decider_partner_id", "decision_contact_count", "decision_tree_warning"}


@tagged("post_install", "-at_install")
class TestDecisionTree(ForeignTradeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Kowa Denki Trading Co., Ltd.", "is_company": True})
        Contact = cls.env["res.partner"]
        cls.engineer = Contact.create({"name": "Sato Ken", "parent_id": cls.customer.id, "function": "R&D Engineer"})
        cls.buyer = Contact.create({"name": "Tanaka Hiroshi", "parent_id": cls.customer.id, "function": "Purchasing"})
        cls.director = Contact.create({"name": "Ito Mari", "parent_id": cls.customer.id, "function": "Plant Director"})
        cls.stages = cls.env["crm.stage"].search([], order="sequence, id")
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Rice cooker harness wire",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.salesperson.id,
                "stage_id": cls.stages[0].id,
            }
        )
        cls.Decision = cls.env["crm.decision.contact"]

    def _add(self, partner, role, **values):
        return self.Decision.create(
            dict({"lead_id": self.lead.id, "partner_id": partner.id, "buying_role": role}, **values)
        )

    def test_one_primary_contact_per_opportunity(self):
        self._add(self.buyer, "buyer", is_primary=True)
        with self.assertRaises(ValidationError):
            self._add(self.engineer, "user", is_primary=True)

    def test_reports_to_stays_inside_the_tree(self):
        director = self._add(self.director, "decider")
        buyer = self._add(self.buyer, "buyer", parent_id=director.id)
        self.assertEqual(director.child_ids, buyer)
        with self.assertRaises(ValidationError):
            director.parent_id = buyer
        other_lead = self.lead.copy({"name": "Other project"})
        stranger = self.Decision.create(
            {"lead_id": other_lead.id, "partner_id": self.engineer.id, "buying_role": "user"}
        )
        with self.assertRaises(ValidationError):
            buyer.parent_id = stranger

    def test_opportunity_shows_role_count_and_decider(self):
        self._add(self.engineer, "user")
        self._add(self.director, "decider", attitude="supporter")
        self.assertEqual(self.lead.decision_contact_count, 2)
        self.assertEqual(self.lead.decider_partner_id, self.director)

    def test_warning_is_off_until_a_stage_is_chosen(self):
        self.lead.stage_id = self.stages[-1]
        self.assertFalse(self.lead.decision_tree_warning)

    def test_warning_from_the_chosen_stage(self):
        proposal = self.stages[2]
        self.env["res.config.settings"].create({"decision_warning_stage_id": proposal.id}).execute()
        self.assertFalse(self.lead.decision_tree_warning, "earlier stage")
        self.lead.stage_id = proposal
        self.assertEqual(self.lead.decision_tree_warning, "no_decider")
        decider = self._add(self.director, "decider", attitude="opponent")
        self.assertEqual(self.lead.decision_tree_warning, "opponent_decider")
        decider.attitude = "supporter"
        self.assertFalse(self.lead.decision_tree_warning)

    def test_last_interaction_from_logged_messages(self):
        buyer = self._add(self.buyer, "buyer")
        engineer = self._add(self.engineer, "user")
        with freeze_time("2026-06-01 10:00:00"):
            self.lead.message_post(body="Samples received", author_id=self.buyer.id, message_type="comment")
        with freeze_time("2026-06-05 10:00:00"):
            self.lead.message_post(body="Test report", partner_ids=self.engineer.ids, message_type="comment")
        with freeze_time("2026-06-09 10:00:00"):
            self.buyer.message_post(body="Called about price", message_type="comment")
        (buyer | engineer).invalidate_recordset(["last_interaction_date"])
        self.assertEqual(str(buyer.last_interaction_date), "2026-06-09 10:00:00")
        self.assertEqual(str(engineer.last_interaction_date), "2026-06-05 10:00:00")

    def test_decision_tree_opens_as_a_hierarchy(self):
        views = self.Decision.get_views([(False, "hierarchy")])
        self.assertIn("hierarchy", views["views"])
        action = self.lead.action_open_decision_tree()
        self.assertTrue(action["view_mode"].startswith("hierarchy"))

    def test_access_follows_the_opportunity(self):
        contact = self._add(self.buyer, "buyer")
        self.assertEqual(contact.with_user(self.salesperson).buying_role, "buyer")
        with self.assertRaises(AccessError):
            contact.with_user(self.colleague).read(["buying_role"])
        self.assertEqual(contact.with_user(self.manager).buying_role, "buyer")
        self.assertEqual(self.customer.decision_role_count, 1)

    def test_pipeline_list_columns_cost_a_constant_number_of_queries(self):
        view = self.env.ref("crm.crm_case_tree_view_oppor")
        arch = self.env["crm.lead"].get_views([(view.id, "list")])["views"]["list"]["arch"]
        fields_in_view = {name for name in self.env["crm.lead"]._fields if f'name="{name}"' in arch}
        self.assertTrue(OUR_COLUMNS <= fields_in_view)

        def spec(names):
            result = {}
            for name in names:
                field = self.env["crm.lead"]._fields[name]
                result[name] = {"fields": {"display_name": {}}} if field.type == "many2one" else {}
            return result

        leads = self.env["crm.lead"].create(
            [{"name": f"Tender {i}", "type": "opportunity", "partner_id": self.customer.id} for i in range(80)]
        )
        for lead in leads[::2]:
            self.Decision.create({"lead_id": lead.id, "partner_id": self.director.id, "buying_role": "decider"})
        extra = []
        for size in (20, 80):
            domain = [("id", "in", leads[:size].ids)]
            counts = []
            for names in (fields_in_view - OUR_COLUMNS, fields_in_view):
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                self.env["crm.lead"].web_search_read(domain, spec(names))
                counts.append(self.env.cr.sql_log_count - before)
            extra.append(counts[1] - counts[0])
        self.assertLessEqual(max(extra), 3, extra)
        self.assertEqual(extra[0], extra[1], "independent of the number of leads")
