# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# The buying centre of a project (seed 004 §2.2): who uses, influences, buys,
# decides and guards the door.
BUYING_ROLES = [
    ("user", "User"),
    ("influencer", "Influencer"),
    ("buyer", "Buyer"),
    ("decider", "Decider"),
    ("gatekeeper", "Gatekeeper"),
]
INFLUENCE_LEVELS = [("high", "High"), ("medium", "Medium"), ("low", "Low")]
ATTITUDES = [("supporter", "Supporter"), ("neutral", "Neutral"), ("opponent", "Opponent")]


class CrmDecisionContact(models.Model):
    _name = "crm.decision.contact"
    _description = "Decision-Tree Contact"
    _order = "lead_id, is_primary desc, sequence, id"
    _rec_name = "partner_id"

    lead_id = fields.Many2one("crm.lead", string="Opportunity", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Contact", required=True, index=True)
    sequence = fields.Integer(default=10)
    function = fields.Char(related="partner_id.function", string="Job Position")
    buying_role = fields.Selection(BUYING_ROLES, required=True, default="influencer")
    is_primary = fields.Boolean(string="Primary Contact")
    influence = fields.Selection(INFLUENCE_LEVELS, default="medium", required=True)
    attitude = fields.Selection(ATTITUDES, default="neutral", required=True)
    parent_id = fields.Many2one(
        "crm.decision.contact",
        string="Reports To",
        domain="[('lead_id', '=', lead_id), ('id', '!=', id)]",
        index=True,
        ondelete="set null",
    )
    child_ids = fields.One2many("crm.decision.contact", "parent_id", string="Reports")
    notes = fields.Text()
    last_interaction_date = fields.Datetime(
        compute="_compute_last_interaction_date",
        help="Latest message or logged activity with this contact on the opportunity or on the contact itself.",
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    user_id = fields.Many2one(related="lead_id.user_id", string="Salesperson")

    _sql_constraints = [
        ("contact_unique", "unique(lead_id, partner_id)", "A contact appears once in a decision tree."),
    ]

    @api.constrains("is_primary", "lead_id")
    def _check_one_primary(self):
        leads = self.filtered("is_primary").lead_id
        if not leads:
            return
        counts = self._read_group([("lead_id", "in", leads.ids), ("is_primary", "=", True)], ["lead_id"], ["__count"])
        for lead, count in counts:
            if count > 1:
                raise ValidationError(_("%s already has a primary contact.", lead.display_name))

    @api.constrains("parent_id", "lead_id")
    def _check_reports_to(self):
        for contact in self.filtered("parent_id"):
            if contact.parent_id.lead_id != contact.lead_id:
                raise ValidationError(_("A contact reports to another contact of the same opportunity."))
        if self._has_cycle():
            raise ValidationError(_("The reporting lines of a decision tree cannot go round in a circle."))

    def _compute_last_interaction_date(self):
        """Three grouped reads for the whole batch, however many contacts."""
        Message = self.env["mail.message"].sudo()
        kinds = ("message_type", "in", ("comment", "email"))
        on_leads = [("model", "=", "crm.lead"), ("res_id", "in", self.lead_id.ids), kinds]
        latest = {}

        def bump(key, date):
            if date and (key not in latest or date > latest[key]):
                latest[key] = date

        # written by the contact, or addressed to the contact, on the opportunity
        for lead_id, author, date in Message._read_group(on_leads, ["res_id", "author_id"], ["date:max"]):
            bump((lead_id, author.id), date)
        for lead_id, partners, date in Message._read_group(on_leads, ["res_id", "partner_ids"], ["date:max"]):
            bump((lead_id, partners.id), date)
        # logged on the contact itself
        on_contacts = [("model", "=", "res.partner"), ("res_id", "in", self.partner_id.ids), kinds]
        for partner_id, date in Message._read_group(on_contacts, ["res_id"], ["date:max"]):
            bump((None, partner_id), date)
        for contact in self:
            dates = [latest.get((contact.lead_id.id, contact.partner_id.id)), latest.get((None, contact.partner_id.id))]
            contact.last_interaction_date = max(filter(None, dates), default=False)
