# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The funnel of a period, computed from the stage history, whose numbers add up.

For every open stage (not a won stage), in stage order, over the period [date_from, date_to):

- ``start``: opportunities open in the stage at date_from; ``end``: open in it at date_to;
- ``entered``: movements into the stage (a new or converted opportunity, a move from another stage,
  a restore, a won opportunity reopened); ``new`` says how many of them were new (created or
  converted in the stage);
- ``left_forward`` / ``left_backward``: moves to a later / earlier open stage (stage order = sequence,
  id), ``left`` both together;
- ``won``: moves from the stage to won; ``lost``: leaving the pipeline from the stage without being
  won, i.e. marked lost *or archived* (both take the opportunity out of the pipeline; ``archived``
  says how many of them were archived rather than lost);

so that ``start + entered - left - won - lost = end`` for every stage, by construction: each
opportunity's state (open in a stage, won, out) is reconstructed from its log rows, and every
change of state is an entry into one stage and an exit from another. Besides:

- ``conversion``: (left_forward + won) / (start + entered), the share of those in the stage during
  the period that moved on (stage to stage); funnel_overall_conversion() gives the funnel's overall
  one: won / (open at the start + new);
- ``median_days``: median time spent in the stage by the stays that ended in the period;
- ``skipped``: opportunities that moved forward over the stage (from an earlier open stage to a later
  stage or to won) in the period - a stage of another sales team is not counted as skipped;
- ``weighted_forecast``: expected revenue x probability of the opportunities open in the stage at
  date_to, as logged at their last movement before date_to.

Computed by one SQL statement over the log (window functions per opportunity): the ORM would have
to read every row of every opportunity of the period, hundreds of thousands for a year.
"""

from datetime import date, datetime, time, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

FUNNEL_COUNTS = (
    "start", "entered", "new", "left_forward", "left_backward", "won", "lost", "archived", "end", "skipped",
)  # fmt: skip
# the numbers behind which the funnel can list the opportunities
FUNNEL_LEAD_MEASURES = ("start", "entered", "left_forward", "left_backward", "won", "lost", "end", "skipped")
# The pipeline's stage order, which says whether a move goes forward or backward: Odoo's crm.stage order
# (sequence, name, id) with the English name, so that the funnel of every user and the SQL reports reading
# the stage history (Process KPIs, Funnel Analysis) rank two stages of the same sequence alike.
PIPELINE_STAGE_RANK_SQL = """
    SELECT id AS stage_id, is_won, team_id,
           (row_number() OVER (ORDER BY sequence, name->>'en_US', id))::int AS rank
      FROM crm_stage
"""


class CrmLeadStageLog(models.Model):
    _inherit = "crm.lead.stage.log"

    @api.model
    def _funnel_bounds(self, date_from, date_to):
        """The period as datetimes [start, end): a date_to given as a date includes that whole day."""
        if not date_from or not date_to:
            raise UserError(_("The funnel needs a start date and an end date."))
        bounds = []
        for value, is_end in ((date_from, False), (date_to, True)):
            given = value
            if isinstance(value, str):
                try:
                    value = fields.Datetime.to_datetime(value) if len(value) > 10 else fields.Date.to_date(value)
                except ValueError:
                    value = None
            if not isinstance(value, datetime) and isinstance(value, date):
                value = datetime.combine(value + timedelta(days=1) if is_end else value, time.min)
            if not isinstance(value, datetime):
                # an RPC client may send anything: say which value is no date rather than fail on it
                raise UserError(_("%s is not a date.", given))
            bounds.append(value)
        if bounds[0] >= bounds[1]:
            raise UserError(_("The funnel's start date must be before its end date."))
        return bounds

    @api.model
    def _funnel_stages(self):
        """Every stage in the pipeline's order (PIPELINE_STAGE_RANK_SQL), won stages included."""
        self.env["crm.stage"].flush_model(["sequence", "name", "is_won", "team_id"])
        self.env.cr.execute(f"SELECT stage_id FROM ({PIPELINE_STAGE_RANK_SQL}) s ORDER BY rank")  # pylint: disable=sql-injection
        return self.env["crm.stage"].browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _funnel_rank_of(self, stages):
        """The rank of each stage indexed by its id (an SQL array read by subscript: no search per row)."""
        rank_of = [None] * max(stages.ids or [0])
        for rank, stage in enumerate(stages, start=1):
            rank_of[stage.id - 1] = rank
        return rank_of or [None]

    @api.model
    def funnel_overall_conversion(self, rows):
        """Overall conversion of a funnel (its rows): the opportunities won in the period out of those
        open at its start and the new ones."""
        present = sum(row["start"] + row["new"] for row in rows)
        return sum(row["won"] for row in rows) / present if present else 0.0

    @api.model
    def funnel(self, date_from, date_to, domain=None, lead_ids=False):
        """One dict per open stage, in stage order, with the funnel's numbers (module docstring).

        The stages: every stage that is not a won stage and is shared by the sales teams, and the
        stages of one team where the period has opportunities.

        :param date_from: start of the period (date or datetime, included)
        :param date_to: end of the period (a date: included; a datetime: excluded)
        :param domain: crm.lead domain filtering the opportunities (team, salesperson,
            ``partner_id.trade_channel``, ``partner_id.customer_class`` ...)
        :param lead_ids: also return, per measure, the ids of the opportunities behind it
            (``<measure>_lead_ids``)
        """
        start, end = self._funnel_bounds(date_from, date_to)
        leads = self.env["crm.lead"].with_context(active_test=False)
        lead_query = leads._search(expression.AND([[("type", "=", "opportunity")], domain or []]))
        log_query = self._search([("lead_id", "in", lead_query), ("date", "<", end)])
        # every stage in stage order (won stages rank too: a win skips the stages before them)
        all_stages = self._funnel_stages()
        self.flush_model()

        def lead_arrays(*measures):
            """The ids behind the measures of one aggregate, if asked for (NULL for the others'): the
            condition of each measure is its expression in the aggregated rows."""
            if not lead_ids:
                return SQL("")
            return SQL(
                "".join(
                    (
                        f", array_agg(DISTINCT r.lead_id) FILTER (WHERE {_MEASURE_CONDITIONS[measure]})"
                        if measure in measures
                        else ", NULL::int[]"
                    )
                    + f" AS {measure}_lead_ids"
                    for measure in FUNNEL_LEAD_MEASURES
                )
            )

        columns = [
            SQL.identifier(log_query.table, name)
            for name in ("id", "lead_id", "date", "kind", "stage_to_id", "team_id", "expected_revenue", "probability")
        ]
        self.env.cr.execute(
            SQL(
                _FUNNEL_SQL,
                logs=log_query.subselect(*columns),
                date_from=start,
                order=all_stages.ids,
                teams=[stage.team_id.id or None for stage in all_stages],
                rank_of=self._funnel_rank_of(all_stages),
                won=all_stages.filtered("is_won").ids or [0],
                in_stage_arrays=lead_arrays("start", "end", "entered"),
                exit_arrays=lead_arrays("left_forward", "left_backward", "won", "lost"),
                skipped_arrays=lead_arrays("skipped"),
            )
        )
        # three groups of numbers per stage (in the stage, leaving it, jumped over): merged
        by_stage = {}
        for row in self.env.cr.dictfetchall():
            merged = by_stage.setdefault(row.pop("stage_id"), {})
            merged.update({key: value for key, value in row.items() if value is not None})
        result = []
        for stage in all_stages.filtered(lambda stage: not stage.is_won):
            # a stage of one sales team is shown where it has opportunities, a shared stage always
            if stage.team_id and stage.id not in by_stage:
                continue
            row = by_stage.get(stage.id, {})
            values = {"stage_id": stage.id, "stage_name": stage.name, "sequence": stage.sequence}
            values.update({measure: row.get(measure) or 0 for measure in FUNNEL_COUNTS})
            values["left"] = values["left_forward"] + values["left_backward"]
            present = values["start"] + values["entered"]
            values["conversion"] = (values["left_forward"] + values["won"]) / present if present else 0.0
            values["median_days"] = row.get("median_days") or 0.0
            values["weighted_forecast"] = row.get("weighted_forecast") or 0.0
            if lead_ids:
                for measure in FUNNEL_LEAD_MEASURES:
                    values[f"{measure}_lead_ids"] = sorted(row.get(f"{measure}_lead_ids") or [])
            result.append(values)
        return result


# moves: after each log row an opportunity is open in a stage (open_stage), won, or out (lost or
# archived); a won stage counts as won. The state before is the previous row's (LAG), the next row's
# date (LEAD) tells the state at date_from (the last row before it) and at date_to (the last row of all:
# the rows are read up to date_to). The stages' order comes as arrays (order: ids by sequence, teams:
# their team), no join per row. Then three aggregates over these rows: per stage an opportunity is in
# (start, end, entered: hashed counts), per stage it left (exits, with the days spent there), and per
# stage a forward move jumped over.
_MEASURE_CONDITIONS = {
    "start": "is_start",
    "end": "is_end",
    "entered": "is_entry",
    "left_forward": "exit_measure = 'left_forward'",
    "left_backward": "exit_measure = 'left_backward'",
    "won": "exit_measure = 'won'",
    "lost": "exit_measure = 'lost'",
    "skipped": "TRUE",
}
_FUNNEL_SQL = """
WITH states AS (
    SELECT s.id, s.lead_id, s.date, s.kind, s.stage_to_id, s.team_id,
           COALESCE(s.expected_revenue, 0) * COALESCE(s.probability, 0) / 100.0 AS forecast,
           CASE WHEN s.kind IN ('lost', 'archived') OR s.stage_to_id IS NULL THEN 'out'
                WHEN s.kind = 'won' OR s.stage_to_id = ANY(%(won)s::int[]) THEN 'won'
                ELSE 'open' END AS state,
           CASE WHEN s.kind IN ('lost', 'archived', 'won') OR s.stage_to_id = ANY(%(won)s::int[]) THEN NULL
                ELSE s.stage_to_id END AS open_stage
      FROM (%(logs)s) s
),
moves AS (
    SELECT m.*,
           LAG(m.open_stage) OVER w AS prev_stage,
           LAG(m.date) OVER w AS prev_date,
           LEAD(m.date) OVER w AS next_date
      FROM states m
    WINDOW w AS (PARTITION BY m.lead_id ORDER BY m.date, m.id)
),
ranked AS (
  SELECT * FROM (
    SELECT m.lead_id, m.open_stage, m.prev_stage, m.kind = 'archived' AS is_archived, m.forecast, m.team_id,
           m.open_stage IS NOT NULL AND m.date < %(date_from)s
               AND (m.next_date IS NULL OR m.next_date >= %(date_from)s) AS is_start,
           m.open_stage IS NOT NULL AND m.next_date IS NULL AS is_end,
           m.open_stage IS NOT NULL AND m.date >= %(date_from)s
               AND m.open_stage IS DISTINCT FROM m.prev_stage AS is_entry,
           m.open_stage IS NOT NULL AND m.date >= %(date_from)s AND m.prev_date IS NULL AS is_new,
           CASE WHEN m.date < %(date_from)s OR m.prev_stage IS NULL
                     OR m.prev_stage IS NOT DISTINCT FROM m.open_stage THEN NULL
                WHEN m.state = 'won' THEN 'won'
                WHEN m.state = 'out' THEN 'lost'
                WHEN (%(rank_of)s::int[])[m.open_stage] > (%(rank_of)s::int[])[m.prev_stage] THEN 'left_forward'
                ELSE 'left_backward' END AS exit_measure,
           date_part('epoch', m.date - m.prev_date) / 86400.0 AS days,
           (%(rank_of)s::int[])[m.prev_stage] AS rank_from,
           (%(rank_of)s::int[])[CASE WHEN m.state = 'won' THEN m.stage_to_id ELSE m.open_stage END] AS rank_to
      FROM moves m
  ) counted
  -- what counts: the rows before the period that are not the state at its start are read for their
  -- successors only (LAG, LEAD)
  WHERE is_start OR is_end OR is_entry OR exit_measure IS NOT NULL
)
SELECT open_stage AS stage_id,
       COUNT(*) FILTER (WHERE is_start) AS start,
       COUNT(*) FILTER (WHERE is_entry) AS entered,
       COUNT(*) FILTER (WHERE is_end) AS "end",
       SUM(forecast) FILTER (WHERE is_end) AS weighted_forecast,
       NULL::bigint AS left_forward, NULL::bigint AS left_backward, NULL::bigint AS won, NULL::bigint AS lost,
       NULL::bigint AS archived, NULL::float AS median_days, NULL::bigint AS skipped,
       COUNT(*) FILTER (WHERE is_new) AS new
       %(in_stage_arrays)s
  FROM ranked r
 WHERE is_start OR is_end OR is_entry
 GROUP BY open_stage
UNION ALL
SELECT prev_stage,
       NULL, NULL, NULL, NULL,
       COUNT(*) FILTER (WHERE exit_measure = 'left_forward'),
       COUNT(*) FILTER (WHERE exit_measure = 'left_backward'),
       COUNT(*) FILTER (WHERE exit_measure = 'won'),
       COUNT(*) FILTER (WHERE exit_measure = 'lost'),
       COUNT(*) FILTER (WHERE is_archived),
       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY days),
       NULL, NULL
       %(exit_arrays)s
  FROM ranked r
 WHERE exit_measure IS NOT NULL
 GROUP BY prev_stage
UNION ALL
SELECT skipped.stage_id,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       COUNT(DISTINCT r.lead_id), NULL
       %(skipped_arrays)s
  FROM ranked r
 CROSS JOIN LATERAL unnest(
           (%(order)s::int[])[r.rank_from + 1 : r.rank_to - 1],
           (%(teams)s::int[])[r.rank_from + 1 : r.rank_to - 1]
       ) AS skipped(stage_id, team_id)
 WHERE r.exit_measure IN ('left_forward', 'won') AND r.rank_to > r.rank_from + 1
   AND skipped.stage_id <> ALL(%(won)s::int[])
   AND (skipped.team_id IS NULL OR skipped.team_id = r.team_id)
 GROUP BY skipped.stage_id
"""
