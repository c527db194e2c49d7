# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The opportunity's evaluations (seed 004 §3.2.1): its history and the current one, whose score is shown
beside Odoo's probability."""

from odoo import _, api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    evaluation_ids = fields.One2many("crm.opportunity.evaluation", "lead_id", string="Evaluations")
    evaluation_id = fields.Many2one(
        "crm.opportunity.evaluation",
        string="Current Evaluation",
        compute="_compute_evaluation_id",
        store=True,
        index="btree_not_null",
        help="The latest evaluation: the one whose score counts.",
    )
    evaluation_score = fields.Float(
        related="evaluation_id.score",
        string="Evaluation Score",
        store=True,
        aggregator="avg",
        help="Score of the current evaluation, from 0 to 100, beside Odoo's probability.",
    )
    evaluation_count = fields.Integer(compute="_compute_evaluation_count")

    @api.depends("evaluation_ids.date")
    def _compute_evaluation_id(self):
        for lead in self:
            # latest by date, then by creation for evaluations of the same day
            lead.evaluation_id = lead.evaluation_ids.sorted(lambda e: (e.date, e.id), reverse=True)[:1]

    @api.depends("evaluation_ids")
    def _compute_evaluation_count(self):
        counts = dict(
            self.env["crm.opportunity.evaluation"]._read_group([("lead_id", "in", self.ids)], ["lead_id"], ["__count"])
        )
        for lead in self:
            lead.evaluation_count = counts.get(lead._origin, 0)

    def action_evaluate(self):
        """A new evaluation in a dialog, started from the current one's answers."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Evaluate %s", self.name),
            "res_model": "crm.opportunity.evaluation",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lead_id": self.id},
        }

    def action_open_evaluations(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Evaluations of %s", self.name),
            "res_model": "crm.opportunity.evaluation",
            "view_mode": "list,form",
            "domain": [("lead_id", "=", self.id)],
            "context": {"default_lead_id": self.id},
        }
