# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

DECISION_WARNINGS = [
    ("no_decider", "No decider identified"),
    ("opponent_decider", "The decider opposes us"),
]


class CrmLead(models.Model):
    _inherit = "crm.lead"

    # shown on the pipeline cards; stored to group and filter the pipeline by them
    customer_class = fields.Selection(
        related="partner_id.commercial_partner_id.customer_class", string="Customer Class", store=True
    )
    customer_country_id = fields.Many2one(
        related="partner_id.commercial_partner_id.country_id", string="Customer Country", store=True
    )
    decision_contact_ids = fields.One2many("crm.decision.contact", "lead_id", string="Decision Tree")
    decision_contact_count = fields.Integer(string="Decision Contacts", compute="_compute_decision_summary", store=True)
    decider_partner_id = fields.Many2one(
        "res.partner", string="Decider", compute="_compute_decision_summary", store=True, index="btree_not_null"
    )
    decision_tree_warning = fields.Selection(
        DECISION_WARNINGS,
        compute="_compute_decision_summary",
        store=True,
        help="Set once the opportunity reaches the stage chosen in Settings without a decider, "
        "or with a decider who opposes us.",
    )

    @api.depends(
        "decision_contact_ids.buying_role",
        "decision_contact_ids.attitude",
        "decision_contact_ids.partner_id",
        "stage_id.sequence",
        "active",
        "company_id.decision_warning_stage_id",
    )
    def _compute_decision_summary(self):
        for lead in self:
            stage = (lead.company_id or self.env.company).sudo().decision_warning_stage_id
            threshold = stage.sequence if stage else None
            deciders = lead.decision_contact_ids.filtered(lambda c: c.buying_role == "decider")
            lead.decision_contact_count = len(lead.decision_contact_ids)
            lead.decider_partner_id = deciders[:1].partner_id
            warning = False
            if threshold is not None and lead.active and lead.stage_id and lead.stage_id.sequence >= threshold:
                if not deciders:
                    warning = "no_decider"
                elif "opponent" in deciders.mapped("attitude"):
                    warning = "opponent_decider"
            lead.decision_tree_warning = warning

    def _recompute_decision_warnings(self):
        """After the warning stage changed in Settings."""
        leads = self.with_context(active_test=False).search([])
        self.env.add_to_compute(self._fields["decision_tree_warning"], leads)
        leads.flush_recordset(["decision_tree_warning"])

    def action_open_decision_tree(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Decision Tree of %s", self.name),
            "res_model": "crm.decision.contact",
            "view_mode": "hierarchy,list,form",
            "domain": [("lead_id", "=", self.id)],
            "context": {"default_lead_id": self.id},
        }

    def action_new_visit_report(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Visit Report"),
            "res_model": "crm.visit.report",
            "view_mode": "form",
            "context": {
                "default_lead_id": self.id,
                "default_partner_id": self.partner_id.commercial_partner_id.id,
                "default_attendee_ids": self.decision_contact_ids.partner_id.ids,
                "default_purpose": self.name,
            },
        }
