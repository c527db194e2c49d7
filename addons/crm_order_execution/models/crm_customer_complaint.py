# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A customer complaint traced to its export order (seed 001 §3.4.3 c, §4.4 c).

Whoever handles it sees the order as it was executed (quantities, deliveries, lots, shipping,
checklist) and how similar complaints were solved before; an unsolved complaint past its
response date goes to the owner's branch manager once.
"""

from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

COMPLAINT_CATEGORIES = [
    ("quality", "Quality"),
    ("quantity", "Quantity / Short Shipment"),
    ("packaging", "Packaging"),
    ("late_delivery", "Late Delivery"),
    ("documents", "Documents"),
    ("price", "Price / Billing"),
    ("service", "Service"),
    ("other", "Other"),
]
COMPLAINT_CAUSES = [
    ("production", "Production"),
    ("material", "Material / Supplier"),
    ("packing", "Packing"),
    ("transport", "Transport"),
    ("documentation", "Documentation"),
    ("sales_communication", "Sales Communication"),
    ("customer_use", "Customer Use"),
    ("other", "Other"),
]
COMPLAINT_STATES = [
    ("new", "New"),
    ("in_progress", "In Progress"),
    ("solved", "Solved"),
    ("cancelled", "Cancelled"),
]
COMPLAINT_DEPARTMENTS = [
    ("sales", "Sales"),
    ("production", "Production"),
    ("quality", "Quality"),
    ("logistics", "Logistics"),
    ("finance", "Finance"),
]
OPEN_COMPLAINT_STATES = ("new", "in_progress")
SIMILAR_LIMIT = 10
ESCALATION_BATCH = 500


class CrmCustomerComplaint(models.Model):
    _name = "crm.customer.complaint"
    _description = "Customer Complaint"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default=lambda self: _("New"))
    order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        required=True,
        index=True,
        tracking=True,
        domain="[('state', '=', 'sale')]",
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, precompute=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
        help="The customer company (commercial partner) of the order.",
    )
    order_user_id = fields.Many2one(related="order_id.user_id", store=True, precompute=True, string="Salesperson")
    order_line_ids = fields.Many2many(
        "sale.order.line",
        string="Order Lines",
        domain="[('order_id', '=', order_id), ('display_type', '=', False)]",
        help="The lines of the order the customer complains about.",
    )
    picking_ids = fields.Many2many(
        "stock.picking",
        string="Deliveries",
        domain="[('sale_id', '=', order_id)]",
    )
    available_lot_ids = fields.Many2many("stock.lot", compute="_compute_available_lot_ids")
    lot_ids = fields.Many2many(
        "stock.lot",
        string="Lots / Serial Numbers",
        domain="[('id', 'in', available_lot_ids)]",
        help="Lots shipped in the deliveries concerned.",
    )
    product_id = fields.Many2one(
        "product.product",
        compute="_compute_product_id",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
    )
    category = fields.Selection(COMPLAINT_CATEGORIES, required=True, default="quality", tracking=True)
    cause = fields.Selection(
        COMPLAINT_CAUSES, string="Root Cause", tracking=True, help="Why it happened; required to solve the complaint."
    )
    description = fields.Text(required=True)
    state = fields.Selection(COMPLAINT_STATES, default="new", required=True, index=True, tracking=True, copy=False)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        compute="_compute_user_id",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
        help="Who answers the customer; by default the order's salesperson.",
    )
    department = fields.Selection(
        COMPLAINT_DEPARTMENTS, string="Responsible Department", default="sales", tracking=True
    )
    date_received = fields.Date(string="Received On", required=True, default=fields.Date.context_today, copy=False)
    date_deadline = fields.Date(
        string="Response Due",
        compute="_compute_date_deadline",
        store=True,
        precompute=True,
        readonly=False,
        tracking=True,
        help="Received on plus the company's complaint response days.",
    )
    is_overdue = fields.Boolean(string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue")
    escalated = fields.Boolean(
        readonly=True, copy=False, tracking=True, help="Overdue and handed to the owner's branch manager."
    )
    resolution = fields.Text(tracking=True)
    cost = fields.Monetary(currency_field="currency_id", help="What solving the complaint cost the company.")
    date_solved = fields.Date(string="Solved On", readonly=True, copy=False)

    # the order's facts, as executed: read from the order each time, never copied
    fact_line_ids = fields.Many2many("sale.order.line", string="Ordered and Delivered", compute="_compute_facts")
    fact_picking_ids = fields.Many2many("stock.picking", string="Order Deliveries", compute="_compute_facts")
    fact_step_ids = fields.Many2many("sale.execution.step", string="Execution Steps Done", compute="_compute_facts")
    date_etd = fields.Date(related="order_id.date_etd")
    date_eta = fields.Date(related="order_id.date_eta")
    vessel = fields.Char(related="order_id.vessel")
    bill_of_lading = fields.Char(related="order_id.bill_of_lading")

    similar_complaint_ids = fields.Many2many(
        "crm.customer.complaint",
        string="Similar Complaints",
        compute="_compute_similar_complaint_ids",
        help="Earlier complaints about the same product, from the same customer or of the same category.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("order_id")
    def _compute_partner_id(self):
        for complaint in self:
            complaint.partner_id = complaint.order_id.partner_id.commercial_partner_id

    @api.depends("order_id")
    def _compute_user_id(self):
        for complaint in self:
            complaint.user_id = complaint.order_id.user_id or complaint.user_id or self.env.user

    @api.depends("order_line_ids", "order_id")
    def _compute_product_id(self):
        for complaint in self:
            # the line complained about; else the order's product when it sells only one
            products = complaint.order_id.order_line.filtered(lambda l: not l.display_type).product_id
            complaint.product_id = (
                complaint.order_line_ids[:1].product_id
                or complaint.product_id
                or (products if len(products) == 1 else False)
            )

    @api.depends("date_received", "company_id")
    def _compute_date_deadline(self):
        for complaint in self:
            company = complaint.company_id or self.env.company
            # 0 is a value: the answer is due the day the complaint is received
            complaint.date_deadline = (complaint.date_received or fields.Date.context_today(self)) + timedelta(
                days=company.complaint_response_days
            )

    @api.depends("picking_ids", "order_id")
    def _compute_available_lot_ids(self):
        for complaint in self:
            pickings = complaint.picking_ids or complaint.order_id.picking_ids
            complaint.available_lot_ids = pickings.move_line_ids.lot_id

    @api.depends("date_deadline", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for complaint in self:
            complaint.is_overdue = bool(
                complaint.state in OPEN_COMPLAINT_STATES and complaint.date_deadline and complaint.date_deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on overdue complaints."))
        domain = [("state", "in", OPEN_COMPLAINT_STATES), ("date_deadline", "<", fields.Date.context_today(self))]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends("order_id", "order_line_ids", "picking_ids")
    def _compute_facts(self):
        for complaint in self:
            order = complaint.order_id
            complaint.fact_line_ids = complaint.order_line_ids or order.order_line.filtered(
                lambda l: not l.display_type
            )
            complaint.fact_picking_ids = complaint.picking_ids or order.picking_ids
            complaint.fact_step_ids = order.execution_step_ids.filtered(lambda s: s.state == "done")

    @api.depends("product_id", "partner_id", "category", "company_id")
    def _compute_similar_complaint_ids(self):
        """The last complaints sharing the product, the customer or the category: one query per batch."""
        self.flush_model(["product_id", "partner_id", "category", "company_id", "date_received"])
        keys = list(range(len(self)))
        self.env.cr.execute(
            """
            SELECT q.key, s.id
              FROM unnest(%s::int[], %s::int[], %s::int[], %s::int[], %s::varchar[], %s::int[])
                   AS q(key, self_id, product_id, partner_id, category, company_id)
             CROSS JOIN LATERAL (
                   SELECT c.id
                     FROM crm_customer_complaint c
                    WHERE c.id IS DISTINCT FROM q.self_id
                      AND c.company_id IS NOT DISTINCT FROM q.company_id
                      AND (c.product_id = q.product_id OR c.partner_id = q.partner_id OR c.category = q.category)
                    ORDER BY c.date_received DESC, c.id DESC
                    LIMIT %s
             ) s
            """,
            [
                keys,
                [c._origin.id or None for c in self],
                [c.product_id.id or None for c in self],
                [c.partner_id.id or None for c in self],
                [c.category or None for c in self],
                [c.company_id.id or None for c in self],
                SIMILAR_LIMIT,
            ],
        )
        found = {}
        for key, similar_id in self.env.cr.fetchall():
            found.setdefault(key, []).append(similar_id)
        # the user sees only the similar complaints the record rules let them read
        readable = self.browse({i for ids in found.values() for i in ids})._filtered_access("read")
        for key, complaint in zip(keys, self, strict=True):
            complaint.similar_complaint_ids = [i for i in found.get(key, []) if i in readable.ids]

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"
        return res

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("crm.customer.complaint") or _("New")
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_start(self):
        self.filtered(lambda c: c.state == "new").write({"state": "in_progress"})
        return True

    def action_solve(self):
        for complaint in self:
            if complaint.state not in OPEN_COMPLAINT_STATES:
                raise UserError(_("Complaint %s is not open.", complaint.name))
            no_resolution = not (complaint.resolution or "").strip()
            if no_resolution and not complaint.cause:
                raise UserError(_("Complaint %s needs a resolution and a root cause to be solved.", complaint.name))
            if no_resolution:
                raise UserError(_("Complaint %s needs a resolution to be solved.", complaint.name))
            if not complaint.cause:
                raise UserError(_("Complaint %s needs a root cause to be solved.", complaint.name))
        self.write({"state": "solved", "date_solved": fields.Date.context_today(self)})
        self.activity_ids.action_feedback(feedback=_("Complaint solved"))
        return True

    def action_cancel(self):
        self.write({"state": "cancelled"})
        self.activity_ids.unlink()
        return True

    def action_reopen(self):
        self.filtered(lambda c: c.state in ("solved", "cancelled")).write(
            {"state": "in_progress", "date_solved": False}
        )
        return True

    # ------------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------------
    @api.model
    def _cron_escalate_overdue(self):
        """Overdue unsolved complaints go once to the owner's branch manager (the sales organisation's answer)."""
        domain = [("is_overdue", "=", True), ("escalated", "=", False)]
        complaints = self.search(domain, limit=ESCALATION_BATCH)
        complaints._escalate()
        remaining = self.search_count(domain) if len(complaints) == ESCALATION_BATCH else 0
        self.env["ir.cron"]._notify_progress(done=len(complaints), remaining=remaining)
        return complaints

    def _escalate(self):
        if not self:
            return
        todo_type_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        values = []
        for complaint in self:
            owner = complaint.user_id or complaint.order_id.user_id
            manager = owner._sales_manager_of("branch_manager", complaint.company_id) or owner
            if not manager:
                continue
            env = complaint.with_context(lang=manager.lang).env
            values.append(
                {
                    "res_model_id": model_id,
                    "res_id": complaint.id,
                    "activity_type_id": todo_type_id,
                    "user_id": manager.id,
                    "date_deadline": fields.Date.context_today(self),
                    "summary": env._(
                        "Overdue complaint %(name)s of %(customer)s (due %(date)s)",
                        name=complaint.name,
                        customer=complaint.partner_id.display_name,
                        date=complaint.date_deadline,
                    ),
                }
            )
        self.write({"escalated": True})
        self.env["mail.activity"].sudo().create(values)
