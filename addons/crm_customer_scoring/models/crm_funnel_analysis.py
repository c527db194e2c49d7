# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Funnel analysis: the funnel's movements as rows a pivot, a graph or a spreadsheet can read.

A read-only SQL view over the stage history (crm_lead_stage_log.py), like Odoo's crm.activity.report and
sale.report. The funnel (crm_lead_stage_log_funnel.py) is a method and its report (CRM > Reporting > Funnel)
a wizard: neither can feed a pivot of a dashboard. Here every number is a count of rows, so it adds up under
any grouping (stage, day, week, month, salesperson, team, trade channel, customer class):

- one row per entry of an opportunity into an open stage (``entered``; ``new`` when it was created or
  converted there), dated the day of the movement;
- one row per exit from an open stage (``left_forward``, ``left_backward``, ``won``, ``lost``; ``archived``
  for the lost ones archived rather than marked lost), dated the day of the movement;
- one row per opportunity open now (``open``), in its stage, dated today, with the expected revenue and the
  weighted forecast (expected revenue x probability) as logged at its last movement, as the funnel weighs
  what is open at the end of a period (today's revenue of the pipeline is Odoo's Pipeline Analysis).

The rows are the funnel's own (each opportunity's state after each log row, the state before it by
LAG), so that the entries, exits and open opportunities of a period here are the funnel's numbers for the
same period (tests/test_funnel_analysis.py). The salesperson, team, company and customer are the
opportunity's today, as the funnel's filters (a crm.lead domain) take them.

What is left to the funnel report: the balances (open at the start or at the end of a period). They are
stocks at one moment, not flows: a pivot adds the rows of every day of a month, so a stock per day summed
over a month means nothing, and a row per opportunity and day open would make the view as large as the
pipeline times its age. Likewise the median days in stage, the skipped stages (distinct opportunities)
and the conversion are ratios or distinct counts, which a sum of rows cannot give.

Dates are the UTC days of the log's moments, which are the funnel's period bounds for dates.

A view, not a table: each query reads the whole history once in its index order (about 2 s over 500,000
stage changes on a two-core machine, the funnel's own order of time), and nothing can go stale.
"""

from odoo import fields, models, tools

from .crm_lead_stage_log_funnel import PIPELINE_STAGE_RANK_SQL

# Each opportunity's state after each row of its stage history (open in a stage, won, out) and the state
# before it: the funnel's `states` and `moves` (_FUNNEL_SQL, crm_lead_stage_log_funnel.py) over the whole
# history, with the stage ranks of the pipeline order the funnel uses; `exits` are the rows leaving an open
# stage, with the funnel's measure. Common table expressions for a WITH, read by this analysis and by the
# Process KPIs' stage exits (crm_sales_kpi_report.py), so that both count the funnel's movements. `user_id`,
# `team_id` and `company_id` are the log's (at the moment of the movement); the readers keep the rows of
# opportunities (crm_lead.type), as the funnel does. The won stages are an array and the states a plain
# projection of the log, so that the window reads the log in its index order (lead, date, id) without
# sorting it (a third of the time over 500,000 rows).
FUNNEL_MOVES_SQL = f"""
stage_rank AS ({PIPELINE_STAGE_RANK_SQL}),
moves AS (
    SELECT s.*,
           LAG(s.open_stage) OVER w AS prev_stage,
           LAG(s.date) OVER w AS prev_date,
           LEAD(s.date) OVER w AS next_date
      FROM (
        SELECT g.id, g.lead_id, g.date, g.kind, g.user_id, g.team_id, g.company_id,
               COALESCE(g.expected_revenue, 0) AS expected_revenue,
               COALESCE(g.expected_revenue, 0) * COALESCE(g.probability, 0) / 100.0 AS forecast,
               CASE WHEN g.kind IN ('lost', 'archived') OR g.stage_to_id IS NULL THEN 'out'
                    WHEN g.kind = 'won' OR g.stage_to_id = ANY(won.ids) THEN 'won'
                    ELSE 'open' END AS state,
               CASE WHEN g.kind IN ('lost', 'archived', 'won') OR g.stage_to_id = ANY(won.ids) THEN NULL
                    ELSE g.stage_to_id END AS open_stage
          FROM crm_lead_stage_log g,
               LATERAL (SELECT ARRAY(SELECT id FROM crm_stage WHERE is_won) AS ids) won
      ) s
    WINDOW w AS (PARTITION BY s.lead_id ORDER BY s.date, s.id)
),
exits AS (
    SELECT m.*,
           CASE WHEN m.state = 'won' THEN 'won'
                WHEN m.state = 'out' THEN 'lost'
                WHEN sr_to.rank > sr_from.rank THEN 'left_forward'
                ELSE 'left_backward' END AS movement
      FROM moves m
      JOIN stage_rank sr_from ON sr_from.stage_id = m.prev_stage
 LEFT JOIN stage_rank sr_to ON sr_to.stage_id = m.open_stage
     WHERE m.prev_stage IS DISTINCT FROM m.open_stage
)"""

FUNNEL_MOVEMENTS = [
    ("entered", "Entered"),
    ("left_forward", "Left Forward"),
    ("left_backward", "Left Backward"),
    ("won", "Won"),
    ("lost", "Lost"),
    ("open", "Open Now"),
]


def partner_selection(field_name):
    """The choices of a customer's selection field, labelled in the user's language as on the customer (a
    callable selection is shown as it returns, so it returns the customer field's translated labels)."""

    def selection(self):
        field = self.env["res.partner"]._fields[field_name]
        return field._description_selection(self.env)

    return selection


class CrmFunnelAnalysis(models.Model):
    _name = "crm.funnel.analysis"
    _description = "Funnel Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "lead_id"
    # what the view reads: pending writes to these fields are flushed before it is queried
    _depends = {
        "crm.lead.stage.log": ["lead_id", "date", "kind", "stage_to_id", "expected_revenue", "probability"],
        "crm.lead": ["type", "user_id", "team_id", "company_id", "partner_id"],
        "crm.stage": ["sequence", "name", "is_won", "team_id"],
        "res.partner": ["trade_channel", "customer_class"],
    }

    date = fields.Date(readonly=True, help="Day of the movement (UTC); today for the opportunities open now.")
    movement = fields.Selection(FUNNEL_MOVEMENTS, readonly=True)
    stage_id = fields.Many2one("crm.stage", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    trade_channel = fields.Selection(partner_selection("trade_channel"), readonly=True)
    customer_class = fields.Selection(partner_selection("customer_class"), readonly=True)
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    entered_count = fields.Integer(
        string="Entered", readonly=True,
        help="Opportunities that came into the stage: new, converted, moved, restored or reopened.",
    )  # fmt: skip
    new_count = fields.Integer(
        string="New", readonly=True, help="Of the entered: new opportunities, created or converted in the stage."
    )
    left_forward_count = fields.Integer(string="Left Forward", readonly=True, help="Moved to a later stage.")
    left_backward_count = fields.Integer(string="Left Backward", readonly=True, help="Moved back to an earlier stage.")
    won_count = fields.Integer(string="Won", readonly=True, help="Won from this stage.")
    lost_count = fields.Integer(
        string="Lost", readonly=True, help="Lost or archived from this stage: out of the pipeline without a win."
    )
    archived_count = fields.Integer(
        string="Archived", readonly=True, help="Of the lost: archived rather than marked lost."
    )
    open_count = fields.Integer(string="Open Now", readonly=True, help="Opportunities open in the stage now.")
    expected_revenue = fields.Monetary(
        readonly=True, currency_field="company_currency_id",
        help="Expected revenue of the opportunities open now, as logged at their last movement.",
    )  # fmt: skip
    weighted_forecast = fields.Monetary(
        readonly=True, currency_field="company_currency_id",
        help="Expected revenue x probability of the opportunities open now, as logged at their last movement.",
    )  # fmt: skip

    def _query(self):
        return f"""
WITH {FUNNEL_MOVES_SQL},
movements AS (
    -- an entry into the stage it is open in after the row (ids: three per log row, one per role)
    SELECT 3 * m.id AS id, m.lead_id, m.date::date AS date, 'entered' AS movement, m.open_stage AS stage_id,
           1 AS entered_count, CASE WHEN m.prev_date IS NULL THEN 1 ELSE 0 END AS new_count,
           0 AS left_forward_count, 0 AS left_backward_count, 0 AS won_count, 0 AS lost_count,
           0 AS archived_count, 0 AS open_count, 0 AS expected_revenue, 0 AS weighted_forecast
      FROM moves m
     WHERE m.open_stage IS NOT NULL AND m.open_stage IS DISTINCT FROM m.prev_stage
    UNION ALL
    -- an exit from the stage it was open in before the row
    SELECT 3 * e.id + 1, e.lead_id, e.date::date, e.movement, e.prev_stage,
           0, 0,
           (e.movement = 'left_forward')::int, (e.movement = 'left_backward')::int,
           (e.movement = 'won')::int, (e.movement = 'lost')::int,
           (e.movement = 'lost' AND e.kind = 'archived')::int,
           0, 0, 0
      FROM exits e
    UNION ALL
    -- open now: the last row of the opportunity leaves it open in a stage
    SELECT 3 * m.id + 2, m.lead_id, (now() AT TIME ZONE 'UTC')::date, 'open', m.open_stage,
           0, 0, 0, 0, 0, 0, 0, 1, m.expected_revenue, m.forecast
      FROM moves m
     WHERE m.open_stage IS NOT NULL AND m.next_date IS NULL
)
SELECT mv.id, mv.date, mv.movement, mv.stage_id, mv.lead_id,
       l.user_id, l.team_id, l.company_id, l.partner_id, p.trade_channel, p.customer_class,
       mv.entered_count, mv.new_count, mv.left_forward_count, mv.left_backward_count, mv.won_count,
       mv.lost_count, mv.archived_count, mv.open_count,
       mv.expected_revenue::numeric AS expected_revenue, mv.weighted_forecast::numeric AS weighted_forecast
  FROM movements mv
  JOIN crm_lead l ON l.id = mv.lead_id AND l.type = 'opportunity'
LEFT JOIN res_partner p ON p.id = l.partner_id
"""

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"CREATE OR REPLACE VIEW {self._table} AS ({self._query()})")  # pylint: disable=sql-injection
