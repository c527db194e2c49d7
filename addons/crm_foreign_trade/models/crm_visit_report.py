# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CrmVisitReport(models.Model):
    """What a visit to a customer found, read by the manager (seed 001 §4.3.2, Table 4-7)."""

    _name = "crm.visit.report"
    _description = "Visit Report"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "visit_date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, tracking=True, index=True)
    lead_id = fields.Many2one("crm.lead", string="Opportunity", index=True, tracking=True)
    user_id = fields.Many2one(
        "res.users", string="Salesperson", default=lambda self: self.env.user, required=True, tracking=True
    )
    visitor_ids = fields.Many2many("res.users", string="Our Visitors", default=lambda self: self.env.user)
    attendee_ids = fields.Many2many("res.partner", string="Customer Attendees")
    visit_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    purpose = fields.Char(required=True)
    findings = fields.Html()
    customer_needs = fields.Html(string="Needs and New Projects")
    competitor_intelligence = fields.Html()
    complaints = fields.Html(string="Complaints Raised")
    next_step_ids = fields.One2many("crm.visit.next.step", "report_id", string="Next Steps", copy=False)
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("reviewed", "Reviewed")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        # kanban columns in the order a report goes through (grouping alone sorts them alphabetically)
        group_expand=True,
    )
    review_comment = fields.Text(string="Manager Comment", tracking=True)
    reviewer_id = fields.Many2one("res.users", string="Reviewed By", readonly=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)

    @api.depends("partner_id", "visit_date", "user_id")
    def _compute_name(self):
        for report in self:
            # in the salesperson's language, whoever writes the report (a manager, the demo, an import)
            env = report.with_context(lang=report.user_id.lang or report.env.lang).env
            report.name = env._(
                "Visit to %(customer)s on %(date)s",
                customer=report.partner_id.commercial_partner_id.name or "…",
                date=fields.Date.to_string(report.visit_date) if report.visit_date else "…",
            )

    @api.onchange("lead_id")
    def _onchange_lead_id(self):
        if self.lead_id:
            self.partner_id = self.lead_id.partner_id.commercial_partner_id or self.partner_id
            self.attendee_ids = self.lead_id.decision_contact_ids.partner_id

    def action_submit(self):
        for report in self:
            if report.state != "draft":
                raise UserError(_("Only draft visit reports can be submitted."))
            if not report.findings:
                raise UserError(_("Write what the visit found before submitting."))
        self.write({"state": "submitted"})
        self.env["crm.visit.plan"]._mark_done(self)
        self._close_planned_visits()
        self._create_next_step_activities()
        return True

    def action_review(self):
        reviewer = self.env.user
        sales_manager = reviewer.has_group("sales_team.group_sale_manager")
        for report in self:
            # the salesperson's branch manager (his team's leader) reads his reports, as does any sales manager;
            # a leader's own report is not hers to review (she is her own team's leader)
            branch_manager = report.user_id._sales_manager_of("branch_manager", report.company_id)
            if not sales_manager and (branch_manager != reviewer or report.user_id == reviewer):
                raise UserError(_("Only the salesperson's branch manager or a sales manager reviews visit reports."))
            if report.state != "submitted":
                raise UserError(_("Only submitted visit reports can be reviewed."))
            if not report.review_comment:
                raise UserError(_("Write your comment for the salesperson first."))
        self.write({"state": "reviewed", "reviewer_id": self.env.user.id})
        return True

    def action_reset_to_draft(self):
        self.filtered(lambda r: r.state == "submitted").write({"state": "draft"})
        return True

    def _close_planned_visits(self):
        """A done visit closes the visit activity planned for it."""
        visit_type = self.env.ref("crm_foreign_trade.mail_activity_type_visit")
        for report in self:
            domain = [
                ("activity_type_id", "=", visit_type.id),
                ("user_id", "in", (report.user_id | report.visitor_ids).ids),
                "|",
                "&", ("res_model", "=", "res.partner"), ("res_id", "=", report.partner_id.commercial_partner_id.id),
                "&", ("res_model", "=", "crm.lead"), ("res_id", "=", report.lead_id.id or 0),
            ]  # fmt: skip
            activities = self.env["mail.activity"].sudo().search(domain)
            if activities:
                activities.action_feedback(feedback=_("Visit report: %s", report.name))

    def _create_next_step_activities(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        for step in self.next_step_ids.filtered(lambda s: not s.activity_created):
            target = step.report_id.lead_id or step.report_id.partner_id.commercial_partner_id
            target.activity_schedule(
                activity_type_id=todo.id,
                summary=step.name,
                user_id=(step.user_id or step.report_id.user_id).id,
                date_deadline=step.date_deadline or fields.Date.context_today(self),
            )
            step.activity_created = True


class CrmVisitNextStep(models.Model):
    _name = "crm.visit.next.step"
    _description = "Visit Report Next Step"

    report_id = fields.Many2one("crm.visit.report", required=True, ondelete="cascade", index=True)
    name = fields.Char(string="Next Step", required=True)
    user_id = fields.Many2one("res.users", string="Assigned To")
    date_deadline = fields.Date(string="Due Date")
    activity_created = fields.Boolean(readonly=True)
