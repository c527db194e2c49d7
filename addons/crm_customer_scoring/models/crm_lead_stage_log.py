# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Stage history of opportunities (issue #15, seed 000 "see the hen laying, not only the eggs").

Odoo keeps the current stage of an opportunity only (and a chatter tracking line that cannot be
queried as a history). One row here per movement of an opportunity: its creation (or conversion
from a lead) in its first stage, every stage change, a win, a loss, an archive and a restore, with
the expected revenue and probability at that moment. The rows are written by crm.lead itself
(crm_lead_stage_history.py), batch writes and imports included, and are read only for everybody.
The funnel (crm_lead_stage_log_funnel.py) is computed from them.
"""

from odoo import api, fields, models

LOG_KINDS = [
    ("stage", "Stage Change"),
    ("won", "Won"),
    ("lost", "Lost"),
    ("archived", "Archived"),
    ("restored", "Restored"),
]
# leads backfilled by one INSERT ... SELECT: bounded so that a large database is not one huge statement
BACKFILL_BATCH = 50000


class CrmLeadStageLog(models.Model):
    _name = "crm.lead.stage.log"
    _description = "Opportunity Stage History"
    _order = "date desc, id desc"
    _rec_name = "lead_id"

    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, readonly=True, index=True, ondelete="cascade"
    )
    date = fields.Datetime(required=True, readonly=True, index=True, default=fields.Datetime.now)
    stage_from_id = fields.Many2one(
        "crm.stage", string="From Stage", readonly=True, ondelete="set null",
        help="The stage the opportunity was in before; empty when it was created or converted from a lead.",
    )  # fmt: skip
    stage_to_id = fields.Many2one(
        "crm.stage", string="To Stage", readonly=True, ondelete="set null",
        help="The stage the opportunity is in after this movement.",
    )  # fmt: skip
    kind = fields.Selection(LOG_KINDS, required=True, readonly=True, default="stage", index=True)
    expected_revenue = fields.Monetary(
        readonly=True, currency_field="company_currency_id", help="Expected revenue at that moment."
    )
    probability = fields.Float(readonly=True, aggregator="avg", help="Probability (%) at that moment.")
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True, index=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True, index=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")

    def init(self):
        # the funnel reads each opportunity's rows in order: one index serves its window functions
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS crm_lead_stage_log_lead_date_idx ON crm_lead_stage_log (lead_id, date, id)"
        )

    @api.model
    def _backfill_from_tracking(self, lead_ids=None):
        """Write the history of the opportunities that have none yet from Odoo's chatter tracking.

        Runs at installation (hooks.py) and in the upgrade that brings the log (migrations/). Plain SQL:
        an installed database may hold hundreds of thousands of opportunities and millions of tracking
        values, which the ORM would read and create one by one; each INSERT ... SELECT covers a batch
        of opportunity ids. What the tracking cannot tell (the expected revenue and probability of the
        past) is taken from the opportunity as it is now. Opportunities with rows are left alone, so a
        second run writes nothing.

        :param lead_ids: restrict to these opportunities (tests); all by default
        :return: the number of rows written
        """
        cr = self.env.cr
        self.flush_model()
        self.env["crm.lead"].flush_model()
        self.env["mail.tracking.value"].flush_model()
        fields_by_name = {
            name: self.env["ir.model.fields"]._get("crm.lead", name).id for name in ("stage_id", "active")
        }
        cr.execute(
            "SELECT id FROM crm_lead l WHERE l.type = 'opportunity'"
            " AND (%(ids)s IS NULL OR l.id = ANY(%(ids)s))"
            " AND NOT EXISTS (SELECT 1 FROM crm_lead_stage_log s WHERE s.lead_id = l.id) ORDER BY id",
            {"ids": list(lead_ids) if lead_ids is not None else None},
        )
        todo = [row[0] for row in cr.fetchall()]
        written = 0
        for start in range(0, len(todo), BACKFILL_BATCH):
            batch = todo[start : start + BACKFILL_BATCH]
            params = {"ids": batch, "stage_field": fields_by_name["stage_id"], "active_field": fields_by_name["active"]}
            cr.execute(_BACKFILL_SQL, params)
            written += cr.rowcount
        self.invalidate_model()
        return written


# The movements of one batch of opportunities, in one statement:
# - tracked: their stage and active trackings in time order (mail_message.date);
# - the first row: created (or converted) in the stage the first stage tracking left, else in today's stage;
# - a stage tracking: "won" when it enters a won stage from a stage that is not, else "stage";
# - an active tracking: restored (True), else lost when the opportunity is lost today (a lost reason or no
#   probability, Odoo's lost), else archived; its stages are the stage at that moment (the last stage
#   tracking before it, else the first stage);
# - an opportunity inactive today whose archiving was never tracked gets a lost/archived row at its close.
_BACKFILL_SQL = """
WITH leads AS (
    SELECT l.id, l.stage_id, l.active, l.probability, l.lost_reason_id, l.expected_revenue, l.user_id,
           l.team_id, l.company_id, COALESCE(l.date_conversion, l.create_date) AS date_open,
           COALESCE(l.date_closed, l.write_date, l.create_date) AS date_close
      FROM crm_lead l
     WHERE l.id = ANY(%(ids)s)
),
tracked AS (
    SELECT m.res_id AS lead_id, m.date, v.id AS tracking_id, v.field_id,
           v.old_value_integer, v.new_value_integer
      FROM mail_tracking_value v
      JOIN mail_message m ON m.id = v.mail_message_id
     WHERE m.model = 'crm.lead' AND m.res_id = ANY(%(ids)s)
       AND v.field_id IN (%(stage_field)s, %(active_field)s)
),
first_stage AS (
    SELECT ld.id AS lead_id,
           COALESCE((SELECT t.old_value_integer FROM tracked t
                      WHERE t.lead_id = ld.id AND t.field_id = %(stage_field)s AND t.old_value_integer <> 0
                      ORDER BY t.date, t.tracking_id LIMIT 1), ld.stage_id) AS stage_id
      FROM leads ld
),
rows AS (
    SELECT ld.id AS lead_id, ld.date_open AS date, NULL::integer AS stage_from_id, fs.stage_id AS stage_to_id,
           CASE WHEN st.is_won THEN 'won' ELSE 'stage' END AS kind, 0 AS step
      FROM leads ld
      JOIN first_stage fs ON fs.lead_id = ld.id
      LEFT JOIN crm_stage st ON st.id = fs.stage_id
    UNION ALL
    SELECT t.lead_id, t.date, NULLIF(t.old_value_integer, 0), NULLIF(t.new_value_integer, 0),
           CASE WHEN st_to.is_won AND NOT COALESCE(st_from.is_won, FALSE) THEN 'won' ELSE 'stage' END,
           t.tracking_id
      FROM tracked t
      LEFT JOIN crm_stage st_from ON st_from.id = t.old_value_integer
      LEFT JOIN crm_stage st_to ON st_to.id = t.new_value_integer
     WHERE t.field_id = %(stage_field)s
    UNION ALL
    SELECT t.lead_id, t.date, at_stage.stage_id, at_stage.stage_id,
           CASE WHEN t.new_value_integer = 1 THEN 'restored'
                WHEN ld.lost_reason_id IS NOT NULL OR ld.probability = 0 THEN 'lost'
                ELSE 'archived' END,
           t.tracking_id
      FROM tracked t
      JOIN leads ld ON ld.id = t.lead_id
      JOIN first_stage fs ON fs.lead_id = t.lead_id
      CROSS JOIN LATERAL (
          SELECT COALESCE((SELECT NULLIF(s.new_value_integer, 0) FROM tracked s
                            WHERE s.lead_id = t.lead_id AND s.field_id = %(stage_field)s
                              AND (s.date, s.tracking_id) <= (t.date, t.tracking_id)
                            ORDER BY s.date DESC, s.tracking_id DESC LIMIT 1), fs.stage_id) AS stage_id
      ) at_stage
     WHERE t.field_id = %(active_field)s AND t.old_value_integer IS DISTINCT FROM t.new_value_integer
    UNION ALL
    SELECT ld.id, GREATEST(ld.date_close, ld.date_open), ld.stage_id, ld.stage_id,
           CASE WHEN ld.lost_reason_id IS NOT NULL OR ld.probability = 0 THEN 'lost' ELSE 'archived' END,
           2147483647
      FROM leads ld
     WHERE NOT ld.active
       AND NOT EXISTS (SELECT 1 FROM tracked t WHERE t.lead_id = ld.id AND t.field_id = %(active_field)s)
)
INSERT INTO crm_lead_stage_log (lead_id, date, stage_from_id, stage_to_id, kind, expected_revenue, probability,
                                user_id, team_id, company_id, create_uid, write_uid, create_date, write_date)
SELECT r.lead_id, r.date, r.stage_from_id, r.stage_to_id, r.kind, ld.expected_revenue,
       CASE r.kind WHEN 'won' THEN 100 WHEN 'lost' THEN 0 ELSE ld.probability END,
       ld.user_id, ld.team_id, ld.company_id, 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
  FROM rows r
  JOIN leads ld ON ld.id = r.lead_id
 ORDER BY r.lead_id, r.date, r.step
"""
