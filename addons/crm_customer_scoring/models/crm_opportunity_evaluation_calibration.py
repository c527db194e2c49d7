# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Calibration of the opportunity evaluation: the actual win rate per score band, so the questionnaire can be
tuned (a band of 60-80 should win about 60-80 % of its opportunities).

One row per closed opportunity (won, or lost: archived at probability 0) with its current evaluation; the
pivot adds the rows up per band, team or salesperson. A SQL view like Odoo's crm.activity.report: the report
reads every closed opportunity, which the ORM would load record by record.
"""

from odoo import fields, models, tools

from odoo.addons.crm_foreign_trade.models.res_partner import CUSTOMER_CLASSES

SCORE_BANDS = [
    ("0_20", "0-20"),
    ("20_40", "20-40"),
    ("40_60", "40-60"),
    ("60_80", "60-80"),
    ("80_100", "80-100"),
]


class CrmOpportunityEvaluationCalibration(models.Model):
    _name = "crm.opportunity.evaluation.calibration"
    _description = "Opportunity Evaluation Calibration"
    _auto = False
    _rec_name = "lead_id"
    _order = "score_band, date_closed desc, id desc"
    # what the view reads: pending writes to these fields are flushed before it is queried
    _depends = {
        "crm.lead": [
            "active", "probability", "type", "evaluation_id", "team_id", "user_id", "partner_id", "customer_class",
            "company_id", "date_closed",
        ],
        "crm.opportunity.evaluation": ["score", "template_id"],
    }  # fmt: skip

    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    evaluation_id = fields.Many2one("crm.opportunity.evaluation", readonly=True)
    template_id = fields.Many2one("crm.opportunity.evaluation.template", string="Questionnaire", readonly=True)
    score = fields.Float(string="Evaluation Score", readonly=True, aggregator="avg", digits=(16, 2))
    # each band holds its lower bound: 20 is in 20-40, 100 in 80-100
    score_band = fields.Selection(SCORE_BANDS, readonly=True)
    won_count = fields.Integer(string="Won", readonly=True)
    lost_count = fields.Integer(string="Lost", readonly=True)
    # 100 for a won row, 0 for a lost one: their average over any group is the group's win rate in %
    win_rate = fields.Float(string="Win Rate (%)", readonly=True, aggregator="avg", digits=(16, 2))
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    customer_class = fields.Selection(CUSTOMER_CLASSES, readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_closed = fields.Datetime(string="Closed Date", readonly=True)

    def _query(self):
        return """
            SELECT
                l.id AS id,
                l.id AS lead_id,
                e.id AS evaluation_id,
                e.template_id,
                e.score,
                CASE
                    WHEN e.score < 20 THEN '0_20'
                    WHEN e.score < 40 THEN '20_40'
                    WHEN e.score < 60 THEN '40_60'
                    WHEN e.score < 80 THEN '60_80'
                    ELSE '80_100'
                END AS score_band,
                CASE WHEN l.active THEN 1 ELSE 0 END AS won_count,
                CASE WHEN l.active THEN 0 ELSE 1 END AS lost_count,
                CASE WHEN l.active THEN 100.0 ELSE 0.0 END AS win_rate,
                l.team_id,
                l.user_id,
                l.partner_id,
                l.customer_class,
                l.company_id,
                l.date_closed
            FROM crm_lead l
            JOIN crm_opportunity_evaluation e ON e.id = l.evaluation_id
            WHERE l.type = 'opportunity'
              AND ((l.active AND l.probability >= 100) OR (NOT l.active AND l.probability = 0))
        """

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"CREATE OR REPLACE VIEW {self._table} AS ({self._query()})")
