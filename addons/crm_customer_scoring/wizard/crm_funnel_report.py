# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""CRM > Reporting > Funnel: the funnel of a period (crm_lead_stage_log_funnel.py) for a team, a
salesperson, a trade channel or a customer class, as lines shown in list, pivot and graph, each
number opening the opportunities behind it."""

from odoo import _, fields, models
from odoo.exceptions import UserError

from ..models.crm_funnel_analysis import partner_selection

# the measures a line can open the opportunities of
DRILL_DOWN_MEASURES = ("start", "entered", "left_forward", "left_backward", "won", "lost", "end", "skipped")


class CrmFunnelReport(models.TransientModel):
    _name = "crm.funnel.report"
    _description = "Funnel"

    date_from = fields.Date(
        string="From", required=True, default=lambda self: fields.Date.context_today(self).replace(day=1)
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today, help="Included.")
    team_id = fields.Many2one("crm.team", string="Sales Team")
    user_id = fields.Many2one("res.users", string="Salesperson", domain=[("share", "=", False)])
    trade_channel = fields.Selection(partner_selection("trade_channel"))
    customer_class = fields.Selection(partner_selection("customer_class"))
    line_ids = fields.One2many("crm.funnel.report.line", "report_id", string="Stages", readonly=True)
    overall_conversion = fields.Float(
        string="Overall Conversion (%)", readonly=True,
        help="Opportunities won in the period out of those open at its start and the new ones.",
    )  # fmt: skip

    def _lead_domain(self):
        """The opportunities of the funnel: the filters chosen."""
        self.ensure_one()
        domain = []
        if self.team_id:
            domain.append(("team_id", "=", self.team_id.id))
        if self.user_id:
            domain.append(("user_id", "=", self.user_id.id))
        if self.trade_channel:
            domain.append(("partner_id.trade_channel", "=", self.trade_channel))
        if self.customer_class:
            domain.append(("partner_id.customer_class", "=", self.customer_class))
        return domain

    def action_compute(self):
        """Compute the lines and show them (list, pivot, graph)."""
        self.ensure_one()
        rows = self.env["crm.lead.stage.log"].funnel(self.date_from, self.date_to, self._lead_domain(), lead_ids=True)
        self.line_ids.unlink()
        self.overall_conversion = self.env["crm.lead.stage.log"].funnel_overall_conversion(rows) * 100.0
        self.env["crm.funnel.report.line"].create(
            [
                {
                    "report_id": self.id,
                    "stage_id": row["stage_id"],
                    "sequence": index,
                    "lead_ids_by_measure": {measure: row[f"{measure}_lead_ids"] for measure in DRILL_DOWN_MEASURES},
                    **{
                        name: row[name]
                        for name in (
                            "start", "entered", "left", "left_forward", "left_backward", "won", "lost",
                            "archived", "end", "skipped", "median_days", "weighted_forecast",
                        )
                    },
                    "new_count": row["new"],
                    "conversion": row["conversion"] * 100.0,
                }
                for index, row in enumerate(rows)
            ]
        )  # fmt: skip
        return {
            "type": "ir.actions.act_window",
            "name": _(
                "Funnel %(date_from)s - %(date_to)s (overall conversion %(conversion).1f %%)",
                date_from=self.date_from,
                date_to=self.date_to,
                conversion=self.overall_conversion,
            ),
            "res_model": "crm.funnel.report.line",
            "view_mode": "list,pivot,graph",
            "views": [(False, "list"), (False, "pivot"), (False, "graph")],
            "domain": [("report_id", "=", self.id)],
            "context": {"create": False, "edit": False, "delete": False},
            "target": "current",
        }


class CrmFunnelReportLine(models.TransientModel):
    _name = "crm.funnel.report.line"
    _description = "Funnel Stage"
    _order = "report_id, sequence, id"

    report_id = fields.Many2one("crm.funnel.report", required=True, ondelete="cascade", index=True)
    stage_id = fields.Many2one("crm.stage", required=True, readonly=True)
    sequence = fields.Integer(readonly=True)
    start = fields.Integer(string="Open at Start", readonly=True, help="Opportunities open in the stage at the start.")
    entered = fields.Integer(
        readonly=True, help="Opportunities that came into the stage: new, converted, moved, restored or reopened."
    )
    # not "new": a field of that name would hide the ORM's new() of the model
    new_count = fields.Integer(
        string="New", readonly=True, help="Of the entered: new opportunities, created or converted in the stage."
    )
    left = fields.Integer(readonly=True, help="Moved to another open stage, forward or backward.")
    left_forward = fields.Integer(readonly=True, help="Moved to a later stage.")
    left_backward = fields.Integer(readonly=True, help="Moved back to an earlier stage.")
    won = fields.Integer(readonly=True, help="Won from this stage.")
    lost = fields.Integer(readonly=True, help="Lost or archived from this stage: out of the pipeline without a win.")
    archived = fields.Integer(readonly=True, help="Of the lost: archived rather than marked lost.")
    end = fields.Integer(string="Open at End", readonly=True, help="Opportunities open in the stage at the end.")
    conversion = fields.Float(
        string="Conversion (%)", readonly=True, aggregator="avg",
        help="Share of the opportunities in the stage during the period that moved forward or were won.",
    )  # fmt: skip
    median_days = fields.Float(
        string="Median Days in Stage", readonly=True, aggregator="avg",
        help="Median time spent in the stage by the stays that ended in the period.",
    )  # fmt: skip
    skipped = fields.Integer(readonly=True, help="Opportunities that jumped over this stage in the period.")
    weighted_forecast = fields.Float(
        readonly=True,
        help="Expected revenue x probability of the opportunities open in the stage at the end.",
    )  # fmt: skip
    lead_ids_by_measure = fields.Json(string="Opportunities per Number", readonly=True)

    def _drill_down_titles(self):
        return {
            "start": _("Open at Start"),
            "entered": _("Entered"),
            "left_forward": _("Left Forward"),
            "left_backward": _("Left Backward"),
            "won": _("Won"),
            "lost": _("Lost"),
            "end": _("Open at End"),
            "skipped": _("Skipped"),
        }

    def action_open_leads(self):
        """The opportunities behind one number of the line (the button's context says which)."""
        self.ensure_one()
        measure = self.env.context.get("funnel_measure", "end")
        if measure not in DRILL_DOWN_MEASURES:
            raise UserError(_("The funnel has no number %s.", measure))
        lead_ids = (self.lead_ids_by_measure or {}).get(measure, [])
        return {
            "type": "ir.actions.act_window",
            "name": _("%(stage)s: %(measure)s", stage=self.stage_id.name, measure=self._drill_down_titles()[measure]),
            "res_model": "crm.lead",
            "view_mode": "list,form",
            "views": [(self.env.ref("crm.crm_case_tree_view_oppor").id, "list"), (False, "form")],
            "domain": [("id", "in", lead_ids)],
            "context": {"active_test": False, "create": False},
        }
