# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the customer said that foretells churn (seed 001 §4.3.4a (4)-(6)), logged where it was said.

Complaints and criticism among peers, price-cut requests with the cut asked for,
demands of much tighter quality or lead times: a salesperson logs them from the
quotation or the visit report ("Log Customer Feedback"), the churn rules count them.
"""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

FEEDBACK_KINDS = [
    ("complaint", "Complaint"),
    ("public_criticism", "Public Criticism"),
    ("price_cut", "Price-Cut Request"),
    ("quality_demand", "Quality Demand"),
    ("lead_time_demand", "Lead-Time Demand"),
]
# the churn rule each kind of feedback feeds
FEEDBACK_RULES = {
    "complaint": "complaint",
    "public_criticism": "complaint",
    "price_cut": "price_cut",
    "quality_demand": "tighter_terms",
    "lead_time_demand": "tighter_terms",
}


class CrmCustomerFeedback(models.Model):
    _name = "crm.customer.feedback"
    _description = "Customer Feedback"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        domain=[("parent_id", "=", False)],
        help="The customer company (a contact is replaced by its company).",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    kind = fields.Selection(FEEDBACK_KINDS, required=True)
    requested_cut_percent = fields.Float(
        string="Requested Cut (%)", help="The price reduction the customer asked for, in percent."
    )
    description = fields.Text(required=True)
    source_document = fields.Reference(
        selection=[("sale.order", "Quotation"), ("crm.visit.report", "Visit Report")],
        readonly=True,
        help="Where the feedback was given.",
    )
    user_id = fields.Many2one(
        "res.users", string="Logged By", default=lambda self: self.env.user, readonly=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)

    @api.depends("partner_id", "kind", "date")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for feedback in self:
            feedback.display_name = f"{feedback.partner_id.name or ''}: {labels.get(feedback.kind, '')}"

    @api.constrains("kind", "requested_cut_percent")
    def _check_requested_cut(self):
        for feedback in self:
            if feedback.kind == "price_cut" and not 0 < feedback.requested_cut_percent <= 100:
                raise ValidationError(_("A price-cut request needs the cut asked for, between 0 and 100 %."))

    @api.model_create_multi
    def create(self, vals_list):
        # the churn rules count per customer company: a contact's feedback is its company's
        partners = self.env["res.partner"].browse([vals["partner_id"] for vals in vals_list if vals.get("partner_id")])
        commercial = {partner.id: partner.commercial_partner_id.id for partner in partners}
        for vals in vals_list:
            if vals.get("partner_id"):
                vals["partner_id"] = commercial[vals["partner_id"]]
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("partner_id"):
            vals["partner_id"] = self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id.id
        return super().write(vals)


class CustomerFeedbackSource(models.AbstractModel):
    """The "Log Customer Feedback" button of the documents feedback is given on."""

    _name = "crm.customer.feedback.source"
    _description = "Document Customer Feedback Is Logged On"

    customer_feedback_count = fields.Integer(compute="_compute_customer_feedback_count")

    def _compute_customer_feedback_count(self):
        refs = [f"{self._name},{record_id}" for record_id in self._origin.ids]
        feedback = self.env["crm.customer.feedback"].search_fetch(
            [("source_document", "in", refs)], ["source_document"]
        )
        counts = {}
        for entry in feedback:
            counts[entry.source_document.id] = counts.get(entry.source_document.id, 0) + 1
        for record in self:
            record.customer_feedback_count = counts.get(record._origin.id, 0)

    def action_log_customer_feedback(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Log Customer Feedback"),
            "res_model": "crm.customer.feedback",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_partner_id": self.partner_id.commercial_partner_id.id,
                "default_source_document": f"{self._name},{self.id}",
                "default_company_id": self.company_id.id,
            },
        }

    def action_view_customer_feedback(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Customer Feedback"),
            "res_model": "crm.customer.feedback",
            "view_mode": "list,form",
            "domain": [("source_document", "=", f"{self._name},{self.id}")],
            "context": {"create": False},
        }


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "crm.customer.feedback.source"]  # pylint: disable=consider-merging-classes-inherited


class CrmVisitReport(models.Model):
    _name = "crm.visit.report"
    _inherit = ["crm.visit.report", "crm.customer.feedback.source"]
