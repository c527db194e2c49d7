# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The opportunity writes its own stage history (crm.lead.stage.log) where the movement happens.

One row per opportunity and movement, all rows of one create/write call in one batched create: a
batch write of a stage on many opportunities, an import and a kanban drag cost the same few
queries. What a movement is:

- created as an opportunity, or a lead converted to one: kind "stage" from no stage (the funnel's
  "entered"); "won" when created in a won stage;
- the stage changes: "won" when it enters a won stage from a stage that is not (Odoo's
  action_set_won moves it there, so a win is logged once), else "stage";
- archived: "lost" when Odoo's lost semantic is used (action_set_lost, or a lost reason written
  with the archive), else "archived" (the funnel counts both as leaving the pipeline lost);
- restored (unarchived): "restored", in the stage it is in then;
- the stage of a lost or archived opportunity changed: nothing (it is out of the pipeline; its
  restore says where it comes back).

Only opportunities (type = 'opportunity') are logged. The context key ``crm_stage_log_disable``
switches the log off (used to measure what the log costs).
"""

from odoo import api, fields, models

# the context key action_set_lost puts on the archive it makes: that archive is a loss
LOST_CONTEXT_KEY = "crm_stage_log_lost"
DISABLE_CONTEXT_KEY = "crm_stage_log_disable"
# the values a log row copies from the opportunity after the movement
LOGGED_FIELDS = ("expected_revenue", "probability", "user_id", "team_id", "company_id")


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        if not self.env.context.get(DISABLE_CONTEXT_KEY):
            opportunities = leads.filtered(lambda lead: lead.type == "opportunity")
            opportunities._stage_log_write(
                [opportunity._stage_log_creation_kind() + (False,) for opportunity in opportunities]
            )
        return leads

    def write(self, vals):
        if self.env.context.get(DISABLE_CONTEXT_KEY) or not {"stage_id", "active", "type"} & set(vals):
            return super().write(vals)
        # the state before, read in one prefetch for the whole batch (Odoo's write reads the stage anyway)
        before = self._stage_log_state()
        result = super().write(vals)
        self._stage_log_movements(before, vals)
        return result

    def toggle_active(self):
        # Odoo archives/restores, then sets the probability (0, or recomputed): logged once it is done
        if self.env.context.get(DISABLE_CONTEXT_KEY):
            return super().toggle_active()
        before = self._stage_log_state()
        result = super(CrmLead, self.with_context(**{DISABLE_CONTEXT_KEY: True})).toggle_active()
        self._stage_log_movements(before, {})
        return result

    def _stage_log_state(self):
        return {lead.id: (lead.type, lead.stage_id, lead.active) for lead in self}

    def _stage_log_movements(self, before, vals):
        """Log what moved since the state before (_stage_log_state), in one batched create."""
        logged, kinds = self.browse(), []
        for lead in self:
            kind = lead._stage_log_kind(*before[lead.id], vals)
            if kind:
                logged |= lead
                kinds.append(kind)
        logged._stage_log_write(kinds)

    def action_set_lost(self, **additional_values):
        # Odoo archives first and writes the lost reason after: the archive itself is the loss
        return super(CrmLead, self.with_context(**{LOST_CONTEXT_KEY: True})).action_set_lost(**additional_values)

    def _stage_log_creation_kind(self):
        """(kind, from stage) of the first row of a new opportunity."""
        if not self.active:
            return ("lost",)
        return ("won",) if self.stage_id.is_won else ("stage",)

    def _stage_log_kind(self, old_type, old_stage, old_active, vals):
        """(kind, from stage) of the movement this write made on this opportunity, or None."""
        if self.type != "opportunity":
            return None
        if old_type != "opportunity":  # converted from a lead: its first row
            return self._stage_log_creation_kind() + (False,)
        if old_active and not self.active:
            lost = (
                self.env.context.get(LOST_CONTEXT_KEY)
                or vals.get("lost_reason_id")
                or ("probability" in vals and not vals["probability"])
            )
            return ("lost" if lost else "archived", old_stage)
        if not old_active and self.active:
            return ("restored", old_stage)
        if not self.active:  # out of the pipeline: its stage counts again when it is restored
            return None
        if self.stage_id != old_stage:
            won = self.stage_id.is_won and not old_stage.is_won and self.active
            return ("won" if won else "stage", old_stage)
        return None

    def _stage_log_write(self, kinds):
        """One log row per opportunity of self with its (kind, from stage), in one batched create."""
        if not self:
            return
        now = fields.Datetime.now()
        self.env["crm.lead.stage.log"].sudo().create(
            [
                {
                    "lead_id": lead.id,
                    "date": now,
                    "kind": kind,
                    "stage_from_id": stage_from.id if stage_from else False,
                    "stage_to_id": lead.stage_id.id,
                    "expected_revenue": lead.expected_revenue,
                    "probability": 100.0 if kind == "won" else 0.0 if kind == "lost" else lead.probability,
                    "user_id": lead.user_id.id,
                    "team_id": lead.team_id.id,
                    "company_id": lead.company_id.id,
                }
                for lead, (kind, stage_from) in zip(self, kinds, strict=True)
            ]
        )
