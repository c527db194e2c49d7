# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The funnel of a period, computed from the stage history, whose numbers add up.

For every open stage (not a won stage), in stage order, over the period [date_from, date_to):

- ``start``: opportunities open in the stage at date_from; ``end``: open in it at date_to;
- ``entered``: movements into the stage (a new or converted opportunity, a move from another stage,
  a restore, a won opportunity reopened);
- ``left_forward`` / ``left_backward``: moves to a later / earlier open stage (stage order = sequence,
  id), ``left`` both together;
- ``won``: moves from the stage to won; ``lost``: leaving the pipeline from the stage without being
  won, i.e. marked lost *or archived* (both take the opportunity out of the pipeline; ``archived``
  says how many of them were archived rather than lost);

so that ``start + entered - left - won - lost = end`` for every stage, by construction: each
opportunity's state (open in a stage, won, out) is reconstructed from its log rows, and every
change of state is an entry into one stage and an exit from another. Besides:

- ``conversion``: (left_forward + won) / (start + entered), the share of those in the stage during
  the period that moved on;
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

FUNNEL_COUNTS = ("start", "entered", "left_forward", "left_backward", "won", "lost", "archived", "end", "skipped")
# the numbers behind which the funnel can list the opportunities
FUNNEL_LEAD_MEASURES = ("start", "entered", "left_forward", "left_backward", "won", "lost", "end", "skipped")


class CrmLeadStageLog(models.Model):
    _inherit = "crm.lead.stage.log"

    @api.model
    def _funnel_bounds(self, date_from, date_to):
        """The period as datetimes [start, end): a date_to given as a date includes that whole day."""
        if not date_from or not date_to:
            raise UserError(_("The funnel needs a start date and an end date."))
        bounds = []
        for value, is_end in ((date_from, False), (date_to, True)):
            if isinstance(value, str):
                value = fields.Datetime.to_datetime(value) if len(value) > 10 else fields.Date.to_date(value)
            if not isinstance(value, datetime) and isinstance(value, date):
                value = datetime.combine(value + timedelta(days=1) if is_end else value, time.min)
            bounds.append(value)
        if bounds[0] >= bounds[1]:
            raise UserError(_("The funnel's start date must be before its end date."))
        return bounds

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
        all_stages = self.env["crm.stage"].search_fetch([], ["name", "sequence", "is_won", "team_id"])
        self.flush_model()
        arrays = SQL(
            ", ".join(
                f"array_agg(DISTINCT e.lead_id) FILTER (WHERE e.measure = '{measure}') AS {measure}_lead_ids"
                for measure in FUNNEL_LEAD_MEASURES
            )
            if lead_ids
            else "NULL AS no_lead_ids"
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
                won=all_stages.filtered("is_won").ids or [0],
                arrays=arrays,
            )
        )
        by_stage = {row["stage_id"]: row for row in self.env.cr.dictfetchall()}
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
# the rows are read up to date_to). Each row then gives its events (LATERAL, one pass over the rows):
# start / end in its stage, entered into its stage, an exit from the stage before (with the days
# spent in it), and the stages a forward move jumped over. The stages' order comes as arrays
# (order: ids by sequence, teams: their team) - no join per row.
_FUNNEL_SQL = """
WITH states AS (
    SELECT s.*,
           CASE WHEN s.kind IN ('lost', 'archived') OR s.stage_to_id IS NULL THEN 'out'
                WHEN s.kind = 'won' OR s.stage_to_id = ANY(%(won)s::int[]) THEN 'won'
                ELSE 'open' END AS state,
           CASE WHEN s.kind IN ('lost', 'archived', 'won') OR s.stage_to_id = ANY(%(won)s::int[]) THEN NULL
                ELSE s.stage_to_id END AS open_stage
      FROM (%(logs)s) s
),
moves AS (
    SELECT m.lead_id, m.date, m.kind, m.state, m.open_stage, m.team_id, m.stage_to_id,
           COALESCE(m.expected_revenue, 0) * COALESCE(m.probability, 0) / 100.0 AS forecast,
           LAG(m.open_stage) OVER w AS prev_stage,
           LAG(m.date) OVER w AS prev_date,
           LEAD(m.date) OVER w AS next_date
      FROM states m
    WINDOW w AS (PARTITION BY m.lead_id ORDER BY m.date, m.id)
),
ranked AS (
    SELECT m.*,
           m.date >= %(date_from)s AND m.prev_stage IS NOT NULL
               AND m.prev_stage IS DISTINCT FROM m.open_stage AS is_exit,
           array_position(%(order)s::int[], m.prev_stage) AS rank_from,
           array_position(%(order)s::int[], CASE WHEN m.state = 'won' THEN m.stage_to_id ELSE m.open_stage END)
               AS rank_to
      FROM moves m
),
events AS (
    SELECT e.stage_id, e.measure, r.lead_id, e.days, e.forecast
      FROM ranked r
     CROSS JOIN LATERAL (
        SELECT r.open_stage, 'start', NULL::float, NULL::float
         WHERE r.date < %(date_from)s AND (r.next_date IS NULL OR r.next_date >= %(date_from)s)
        UNION ALL
        SELECT r.open_stage, 'end', NULL, r.forecast WHERE r.next_date IS NULL
        UNION ALL
        SELECT r.open_stage, 'entered', NULL, NULL
         WHERE r.date >= %(date_from)s AND r.open_stage IS DISTINCT FROM r.prev_stage
        UNION ALL
        SELECT r.prev_stage,
               CASE WHEN r.state = 'won' THEN 'won'
                    WHEN r.state = 'out' THEN 'lost'
                    WHEN r.rank_to > r.rank_from THEN 'left_forward'
                    ELSE 'left_backward' END,
               EXTRACT(EPOCH FROM (r.date - r.prev_date)) / 86400.0, NULL
         WHERE r.is_exit
        UNION ALL
        SELECT r.prev_stage, 'archived', NULL, NULL WHERE r.is_exit AND r.kind = 'archived'
        UNION ALL
        SELECT skipped.stage_id, 'skipped', NULL, NULL
          FROM unnest(
                   (%(order)s::int[])[r.rank_from + 1 : r.rank_to - 1],
                   (%(teams)s::int[])[r.rank_from + 1 : r.rank_to - 1]
               ) AS skipped(stage_id, team_id)
         WHERE r.is_exit AND r.state <> 'out' AND r.rank_to > r.rank_from + 1
           AND skipped.stage_id <> ALL(%(won)s::int[])
           AND (skipped.team_id IS NULL OR skipped.team_id = r.team_id)
     ) e(stage_id, measure, days, forecast)
     WHERE e.stage_id IS NOT NULL
)
SELECT e.stage_id,
       COUNT(*) FILTER (WHERE e.measure = 'start') AS start,
       COUNT(*) FILTER (WHERE e.measure = 'entered') AS entered,
       COUNT(*) FILTER (WHERE e.measure = 'left_forward') AS left_forward,
       COUNT(*) FILTER (WHERE e.measure = 'left_backward') AS left_backward,
       COUNT(*) FILTER (WHERE e.measure = 'won') AS won,
       COUNT(*) FILTER (WHERE e.measure = 'lost') AS lost,
       COUNT(*) FILTER (WHERE e.measure = 'archived') AS archived,
       COUNT(*) FILTER (WHERE e.measure = 'end') AS "end",
       COUNT(DISTINCT e.lead_id) FILTER (WHERE e.measure = 'skipped') AS skipped,
       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY e.days)
           FILTER (WHERE e.measure IN ('left_forward', 'left_backward', 'won', 'lost')) AS median_days,
       SUM(e.forecast) FILTER (WHERE e.measure = 'end') AS weighted_forecast,
       %(arrays)s
  FROM events e
 GROUP BY e.stage_id
"""
