# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

OPEN_ORDER_STATES = ("draft", "sent", "sale")


class CrmCustomerHandover(models.Model):
    """Moving a leaver's customers, with everything attached, to colleagues in one step."""

    _name = "crm.customer.handover"
    _description = "Customer Handover"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(compute="_compute_name", store=True)
    from_user_id = fields.Many2one(
        "res.users", string="Leaving Salesperson", required=True, tracking=True, domain=[("share", "=", False)]
    )
    to_user_ids = fields.Many2many(
        "res.users", string="Receiving Salespeople", domain=[("share", "=", False)], help="Shared out in turn."
    )
    line_ids = fields.One2many("crm.customer.handover.line", "handover_id", string="Customers", copy=True)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft", required=True, tracking=True)
    reason = fields.Char(default=lambda self: _("Salesperson leaving"))
    done_date = fields.Datetime(readonly=True)
    done_by_id = fields.Many2one("res.users", readonly=True)
    move_ids = fields.One2many("crm.customer.pool.move", "handover_id", string="Moves")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    @api.depends("from_user_id")
    def _compute_name(self):
        for handover in self:
            handover.name = _("Handover of %s", handover.from_user_id.name or "…")

    def _owned_customers(self):
        self.ensure_one()
        return (
            self.env["res.partner"].sudo().search([("user_id", "=", self.from_user_id.id), ("parent_id", "=", False)])
        )

    def action_load_customers(self):
        """Fill the lines with every customer of the leaver, shared out in turn."""
        for handover in self:
            if not handover.to_user_ids:
                raise UserError(_("Choose who receives the customers first."))
            targets = handover.to_user_ids
            customers = handover._owned_customers() - handover.line_ids.partner_id
            handover.line_ids = [
                fields.Command.create({"partner_id": partner.id, "to_user_id": targets[i % len(targets)].id})
                for i, partner in enumerate(customers)
            ]
        return True

    def action_done(self):
        for handover in self:
            handover._do_handover()
        return True

    def _do_handover(self):
        self.ensure_one()
        if self.state == "done":
            raise UserError(_("This handover is already done."))
        if not self.line_ids:
            raise UserError(_("Add the customers to hand over (Load Customers)."))
        if self.line_ids.filtered(lambda line: not line.to_user_id):
            raise UserError(_("Every customer needs a receiving salesperson."))
        if self.from_user_id in self.line_ids.to_user_id:
            raise UserError(_("The leaving salesperson cannot receive customers."))
        # a line added by hand (or an id sent over RPC) may name a colleague's customer: no false handover
        strangers = self.line_ids.partner_id.sudo().filtered(lambda partner: partner.user_id != self.from_user_id)
        if strangers:
            raise UserError(
                _(
                    "%(customers)s: not a customer of %(user)s, who hands over only their own customers.",
                    customers=", ".join(strangers.mapped("display_name")),
                    user=self.from_user_id.name,
                )
            )
        leaver = self.from_user_id
        env = self.env(su=True)
        by_target = {}
        for line in self.line_ids:
            by_target.setdefault(line.to_user_id, env["res.partner"])
            by_target[line.to_user_id] |= line.partner_id
        for target, customers in by_target.items():
            customers = customers.with_env(env)
            family = env["res.partner"].with_context(active_test=False).search([("id", "child_of", customers.ids)])
            leads = env["crm.lead"].search(
                [("partner_id", "in", family.ids), ("user_id", "=", leaver.id), ("stage_id.is_won", "=", False)]
            )
            orders = env["sale.order"].search(
                [("partner_id", "in", family.ids), ("user_id", "=", leaver.id), ("state", "in", OPEN_ORDER_STATES)]
            )
            activities = env["mail.activity"].search(
                [
                    ("user_id", "=", leaver.id),
                    "|", "|",
                    "&", ("res_model", "=", "res.partner"), ("res_id", "in", family.ids),
                    "&", ("res_model", "=", "crm.lead"), ("res_id", "in", leads.ids),
                    "&", ("res_model", "=", "sale.order"), ("res_id", "in", orders.ids),
                ]
            )  # fmt: skip
            from_users = {p.id: leaver.id for p in customers}
            family.filtered(lambda p: p.user_id == leaver).write({"user_id": target.id})
            customers.write({"owner_since": fields.Datetime.now(), "pool_warning_date": False})
            leads.write({"user_id": target.id})
            orders.write({"user_id": target.id})
            activities.write({"user_id": target.id})
            for records in (customers, leads, orders):
                if records:
                    records.message_subscribe(partner_ids=target.partner_id.ids)
                    records.message_unsubscribe(partner_ids=leaver.partner_id.ids)
            customers._log_ownership_moves("handover", from_users, target, self.reason, handover=self)
        self.write({"state": "done", "done_date": fields.Datetime.now(), "done_by_id": self.env.user.id})


class CrmCustomerHandoverLine(models.Model):
    _name = "crm.customer.handover.line"
    _description = "Customer Handover Line"

    handover_id = fields.Many2one("crm.customer.handover", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    to_user_id = fields.Many2one("res.users", string="Receiving Salesperson", domain=[("share", "=", False)])
    open_opportunity_count = fields.Integer(compute="_compute_open_counts")
    open_order_count = fields.Integer(compute="_compute_open_counts")

    _sql_constraints = [
        ("partner_unique", "unique(handover_id, partner_id)", "A customer appears once in a handover."),
    ]

    @api.depends("partner_id", "handover_id.from_user_id")
    def _compute_open_counts(self):
        partners = self.partner_id
        lead_counts = dict(
            self.env["crm.lead"]
            .sudo()
            ._read_group(
                [("partner_id", "child_of", partners.ids), ("stage_id.is_won", "=", False)],
                ["partner_id"],
                ["__count"],
            )
        )
        order_counts = dict(
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [("partner_id", "child_of", partners.ids), ("state", "in", OPEN_ORDER_STATES)],
                ["partner_id"],
                ["__count"],
            )
        )
        for line in self:
            commercial = line.partner_id.commercial_partner_id
            line.open_opportunity_count = sum(
                count for p, count in lead_counts.items() if p.commercial_partner_id == commercial
            )
            line.open_order_count = sum(
                count for p, count in order_counts.items() if p.commercial_partner_id == commercial
            )
