# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Process KPIs per salesperson, team, company and month (seed 001 §4.5: "from results to the process").

A read-only SQL view like Odoo's crm.activity.report and sale.report: the measures come from six kinds of
records of thousands of rows each, summed per month; one view keeps the pivot a single query instead of six
read_groups merged in Python.

Each source gives some measures (the others are 0) for (month, salesperson, team, company):

- visit plans (crm_foreign_trade): planned visits due in the month and how many of them are done;
- visit reports, submitted or reviewed, for their author and every visitor: visits done, and the
  decision-maker meetings among them (DECISION_MEETING_SQL, which the work report's facts read too);
- quotations: created in the month and sent or confirmed;
- opportunities created in the month; opportunities won in the month (closed in a won stage) and their
  expected revenue (company currency);
- samples sent in the month, those that brought an order (crm.sample.request `converted`), and their cost;
- work reports of periods starting in the month, submitted or reviewed, and those late: submitted after their
  due date or still not submitted past it (seed 001 §4.5 makes the reports part of the appraisal).

Sales cost: the only selling cost the database records is the cost of the samples given (sample_cost);
travel and entertainment are not recorded anywhere (no expense module), so they are not measured.

Conversion: the stage history (crm_lead_stage_log.py) gives each salesperson's stage exits of the month and
those that moved the opportunity on (to a later stage or won), counted as the funnel counts its exits
(FUNNEL_MOVES_SQL, crm_funnel_analysis.py); the conversion of each stage for a salesperson or a team and any
period is the funnel's (crm_lead_stage_log_funnel.py, CRM > Reporting > Funnel).
"""

from odoo import api, fields, models, tools
from odoo.tools import SQL

from .crm_funnel_analysis import FUNNEL_MOVES_SQL

# A decision-maker meeting (seed 001 §4.5): a visit where a customer attendee is a decider of the decision tree
# of the visit's opportunity or of another opportunity of the visited customer. Defined once, here: the view
# counts it per salesperson and month, the work report's facts (crm_work_report_facts.py) list the visits by
# _decision_meeting_visit_ids(). `r` is the visit (crm_visit_report), `rp` its customer (res_partner).
DECISION_MEETING_SQL = """EXISTS (
    SELECT 1
      FROM crm_visit_report_res_partner_rel a
      JOIN crm_decision_contact dc ON dc.partner_id = a.res_partner_id AND dc.buying_role = 'decider'
      JOIN crm_lead l ON l.id = dc.lead_id
 LEFT JOIN res_partner lp ON lp.id = l.partner_id
     WHERE a.crm_visit_report_id = r.id
       AND (l.id = r.lead_id OR lp.commercial_partner_id = rp.commercial_partner_id)
)"""

KPI_MEASURES = (
    "visit_planned_count",
    "visit_planned_done_count",
    "visit_count",
    "decision_meeting_count",
    "quotation_count",
    "opportunity_count",
    "won_count",
    "won_amount",
    "sample_sent_count",
    "sample_converted_count",
    "sample_cost",
    "work_report_count",
    "work_report_late_count",
    "stage_exit_count",
    "stage_advance_count",
)


class CrmSalesKpiReport(models.Model):
    _name = "crm.sales.kpi.report"
    _description = "Sales Process KPIs"
    _auto = False
    _order = "month desc, user_id"
    _rec_name = "month"
    # what the view reads: pending writes to these fields are flushed before it is queried (a KPI read in the
    # transaction that changed a visit, an order or a stage counts the change)
    _depends = {
        "crm.visit.plan": ["date_due", "user_id", "company_id", "state"],
        "crm.visit.report": [
            "visit_date", "user_id", "visitor_ids", "company_id", "state", "partner_id", "lead_id", "attendee_ids",
        ],
        "crm.decision.contact": ["partner_id", "lead_id", "buying_role"],
        "res.partner": ["commercial_partner_id"],
        "res.users": ["company_id"],
        "crm.team.member": ["user_id", "crm_team_id", "active"],
        "sale.order": ["create_date", "user_id", "team_id", "company_id", "state"],
        "crm.lead": [
            "create_date", "date_closed", "type", "active", "user_id", "team_id", "company_id", "stage_id",
            "expected_revenue", "partner_id",
        ],
        "crm.stage": ["sequence", "name", "is_won"],
        "crm.sample.request": ["sent_date", "user_id", "company_id", "state", "converted", "value"],
        "crm.work.report": ["date_from", "user_id", "team_id", "company_id", "state", "submitted_late", "due_date"],
        "crm.lead.stage.log": [
            "lead_id", "date", "user_id", "team_id", "company_id", "kind", "stage_to_id", "expected_revenue",
            "probability",
        ],
    }  # fmt: skip

    month = fields.Date(readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    visit_planned_count = fields.Integer(string="Visits Planned", readonly=True)
    visit_planned_done_count = fields.Integer(
        string="Planned Visits Done", readonly=True, help="Visits planned in the month and done."
    )
    visit_count = fields.Integer(string="Visits Done", readonly=True, help="Visit reports submitted or reviewed.")
    decision_meeting_count = fields.Integer(
        string="Decision-Maker Meetings",
        readonly=True,
        help="Visits where a decider of the customer's decision tree took part.",
    )
    quotation_count = fields.Integer(
        string="Quotations", readonly=True, help="Quotations made in the month and sent or confirmed."
    )
    opportunity_count = fields.Integer(string="Opportunities Created", readonly=True)
    won_count = fields.Integer(string="Opportunities Won", readonly=True)
    won_amount = fields.Monetary(readonly=True, help="Expected revenue of the opportunities won in the month.")
    sample_sent_count = fields.Integer(string="Samples Sent", readonly=True)
    sample_converted_count = fields.Integer(
        string="Samples Converted", readonly=True, help="Samples sent in the month that brought an order."
    )
    sample_cost = fields.Monetary(
        readonly=True,
        help="Cost of the samples sent in the month: the selling cost the database records.",
    )

    work_report_count = fields.Integer(string="Work Reports Submitted", readonly=True)
    work_report_late_count = fields.Integer(
        string="Work Reports Late",
        readonly=True,
        help="Work reports submitted after their due date, or still not submitted past it.",
    )

    stage_exit_count = fields.Integer(
        string="Stage Exits",
        readonly=True,
        help="Opportunities of the salesperson that left a stage in the month: moved on, moved back, won, or lost "
        "or archived (the funnel's exits).",
    )
    stage_advance_count = fields.Integer(
        string="Stage Advances",
        readonly=True,
        help="Stage exits that moved the opportunity on: to a later stage or won. The funnel gives the "
        "conversion of each stage.",
    )

    @api.model
    def _decision_meeting_visit_ids(self, visit_ids):
        """The visits among `visit_ids` that are decision-maker meetings (DECISION_MEETING_SQL), whoever may
        read the opportunities and contacts behind them (the rule reads them all, as the view does)."""
        if not visit_ids:
            return []
        self.env["crm.visit.report"].flush_model(["partner_id", "lead_id", "attendee_ids"])
        self.env["crm.decision.contact"].flush_model(["partner_id", "lead_id", "buying_role"])
        self.env["crm.lead"].flush_model(["partner_id"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env.cr.execute(
            SQL(
                "SELECT r.id FROM crm_visit_report r JOIN res_partner rp ON rp.id = r.partner_id"
                " WHERE r.id = ANY(%s) AND %s ORDER BY r.id",
                list(visit_ids),
                SQL(DECISION_MEETING_SQL),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _user_team_sql(self):
        # the salesperson's team as res.users.sale_team_id gives it: his oldest active membership
        return """
            SELECT DISTINCT ON (m.user_id) m.user_id, m.crm_team_id
              FROM crm_team_member m
             WHERE m.active
          ORDER BY m.user_id, m.create_date, m.id
        """

    def _kpi_sources(self):
        """[(SELECT giving month, user_id, team_id, company_id and some measures, (measure names))]."""
        return [
            (
                """
                SELECT date_trunc('month', p.date_due)::date AS month, p.user_id,
                       ut.crm_team_id AS team_id, COALESCE(p.company_id, u.company_id) AS company_id,
                       1 AS visit_planned_count,
                       CASE WHEN p.state = 'done' THEN 1 ELSE 0 END AS visit_planned_done_count
                  FROM crm_visit_plan p
                  JOIN res_users u ON u.id = p.user_id
             LEFT JOIN user_team ut ON ut.user_id = p.user_id
                """,
                ("visit_planned_count", "visit_planned_done_count"),
            ),
            (
                f"""
                SELECT date_trunc('month', r.visit_date)::date AS month, v.user_id,
                       ut.crm_team_id AS team_id, r.company_id,
                       1 AS visit_count,
                       CASE WHEN {DECISION_MEETING_SQL} THEN 1 ELSE 0 END AS decision_meeting_count
                  FROM crm_visit_report r
                  JOIN res_partner rp ON rp.id = r.partner_id
                  JOIN (
                        SELECT id AS report_id, user_id FROM crm_visit_report
                         UNION
                        SELECT crm_visit_report_id, res_users_id FROM crm_visit_report_res_users_rel
                  ) v ON v.report_id = r.id
             LEFT JOIN user_team ut ON ut.user_id = v.user_id
                 WHERE r.state IN ('submitted', 'reviewed')
                """,
                ("visit_count", "decision_meeting_count"),
            ),
            (
                """
                SELECT date_trunc('month', o.create_date)::date AS month, o.user_id, o.team_id, o.company_id,
                       1 AS quotation_count
                  FROM sale_order o
                 WHERE o.state IN ('sent', 'sale') AND o.user_id IS NOT NULL
                """,
                ("quotation_count",),
            ),
            (
                """
                SELECT date_trunc('month', l.create_date)::date AS month, l.user_id, l.team_id, l.company_id,
                       1 AS opportunity_count
                  FROM crm_lead l
                 WHERE l.type = 'opportunity' AND l.user_id IS NOT NULL
                """,
                ("opportunity_count",),
            ),
            (
                """
                SELECT date_trunc('month', l.date_closed)::date AS month, l.user_id, l.team_id, l.company_id,
                       1 AS won_count, COALESCE(l.expected_revenue, 0) AS won_amount
                  FROM crm_lead l
                  JOIN crm_stage s ON s.id = l.stage_id AND s.is_won
                 WHERE l.type = 'opportunity' AND l.active AND l.date_closed IS NOT NULL
                   AND l.user_id IS NOT NULL
                """,
                ("won_count", "won_amount"),
            ),
            (
                """
                SELECT date_trunc('month', sr.sent_date)::date AS month, sr.user_id,
                       ut.crm_team_id AS team_id, sr.company_id,
                       1 AS sample_sent_count,
                       CASE WHEN sr.converted THEN 1 ELSE 0 END AS sample_converted_count,
                       COALESCE(sr.value, 0) AS sample_cost
                  FROM crm_sample_request sr
             LEFT JOIN user_team ut ON ut.user_id = sr.user_id
                 WHERE sr.sent_date IS NOT NULL AND sr.state != 'cancel' AND sr.user_id IS NOT NULL
                """,
                ("sample_sent_count", "sample_converted_count", "sample_cost"),
            ),
            (
                """
                SELECT date_trunc('month', w.date_from)::date AS month, w.user_id, w.team_id, w.company_id,
                       CASE WHEN w.state IN ('submitted', 'reviewed') THEN 1 ELSE 0 END AS work_report_count,
                       CASE WHEN w.submitted_late OR (w.state = 'draft' AND w.due_date < CURRENT_DATE)
                            THEN 1 ELSE 0 END AS work_report_late_count
                  FROM crm_work_report w
                """,
                ("work_report_count", "work_report_late_count"),
            ),
            (
                # the funnel's exits (FUNNEL_MOVES_SQL), for the salesperson of the opportunity at that moment
                f"""
                SELECT date_trunc('month', e.date)::date AS month, e.user_id, e.team_id, e.company_id,
                       1 AS stage_exit_count,
                       CASE WHEN e.movement IN ('left_forward', 'won') THEN 1 ELSE 0 END AS stage_advance_count
                  FROM (WITH {FUNNEL_MOVES_SQL} SELECT * FROM exits) e
                  JOIN crm_lead l ON l.id = e.lead_id AND l.type = 'opportunity'
                 WHERE e.user_id IS NOT NULL
                """,
                ("stage_exit_count", "stage_advance_count"),
            ),
        ]

    def _query(self):
        parts = []
        for select, measures in self._kpi_sources():
            columns = ", ".join(
                f"s.{measure}" if measure in measures else f"0 AS {measure}" for measure in KPI_MEASURES
            )
            parts.append(f"SELECT s.month, s.user_id, s.team_id, s.company_id, {columns} FROM ({select}) s")
        sums = ", ".join(
            f"SUM(f.{measure})::{'integer' if self._fields[measure].type == 'integer' else 'numeric'} AS {measure}"
            for measure in KPI_MEASURES
        )
        union = "\n UNION ALL \n".join(parts)
        return f"""
            WITH user_team AS ({self._user_team_sql()})
            SELECT row_number() OVER (ORDER BY f.month, f.user_id, f.team_id, f.company_id) AS id,
                   f.month, f.user_id, f.team_id, f.company_id, {sums}
              FROM ({union}) f
          GROUP BY f.month, f.user_id, f.team_id, f.company_id
        """

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"CREATE OR REPLACE VIEW {self._table} AS ({self._query()})")  # pylint: disable=sql-injection
