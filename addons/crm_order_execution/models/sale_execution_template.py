# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools

from odoo.addons.crm_foreign_trade.models.res_partner import TRADE_CHANNELS

DUE_BASES = [
    ("confirmation", "Order Confirmation"),
    ("etd", "ETD"),
    ("eta", "ETA"),
    ("previous", "Previous Step Done"),
]
# What a step means to the rest of the system (L/C gating, ETA alerts, portal freeze).
MILESTONES = [
    ("letter_of_credit", "Letter of Credit Received"),
    ("shipped", "Goods Shipped"),
    ("arrival", "Arrived at Destination Port"),
    ("collection", "Payment Collected"),
]
RESPONSIBLE_ROLES = [
    ("clerk", "Execution Clerk"),
    ("salesperson", "Salesperson"),
    ("user", "Specific User"),
]


class SaleExecutionTemplate(models.Model):
    """The steps an export order goes through, per trade channel and incoterm (seed 000 §4)."""

    _name = "sale.execution.template"
    _description = "Order Execution Template"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    trade_channel = fields.Selection(TRADE_CHANNELS, required=True)
    incoterm_id = fields.Many2one("account.incoterms", help="Empty: any incoterm.")
    step_ids = fields.One2many("sale.execution.template.step", "template_id", string="Steps", copy=True)
    company_id = fields.Many2one("res.company")

    @api.model
    def _match(self, order):
        """The template of an order: its customer's channel, the incoterm's own template first."""
        channel = order.partner_id.commercial_partner_id.trade_channel
        if not channel:
            return self.browse()
        return self.browse(self._match_id(channel, order.company_id.id, order.incoterm.id))

    @api.model
    @tools.ormcache("channel", "company_id", "incoterm_id")
    def _match_id(self, channel, company_id, incoterm_id):
        # cached until a template changes: the search ran on each confirmation
        candidates = self.sudo().search(
            [("trade_channel", "=", channel), ("company_id", "in", (company_id, False)),
             ("incoterm_id", "in", (incoterm_id, False))]
        )  # fmt: skip
        return candidates.sorted(lambda t: (not t.incoterm_id, t.sequence, t.id))[:1].id or False

    @api.model_create_multi
    def create(self, vals_list):
        templates = super().create(vals_list)
        self.env.registry.clear_cache()
        return templates

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res


class SaleExecutionTemplateStep(models.Model):
    _name = "sale.execution.template.step"
    _description = "Order Execution Template Step"
    _order = "sequence, id"

    template_id = fields.Many2one("sale.execution.template", required=True, ondelete="cascade", index=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    responsible_role = fields.Selection(RESPONSIBLE_ROLES, required=True, default="clerk")
    user_id = fields.Many2one("res.users", string="Responsible User")
    due_base = fields.Selection(DUE_BASES, required=True, default="confirmation")
    due_offset_days = fields.Integer(string="Due After (Days)")
    prerequisite_ids = fields.Many2many(
        "sale.execution.template.step",
        "sale_execution_template_step_prerequisite_rel",
        "step_id",
        "prerequisite_id",
        string="Prerequisites",
        domain="[('template_id', '=', template_id), ('id', '!=', id)]",
    )
    customer_facing = fields.Boolean(help="A milestone the customer sees in the portal and is told about.")
    milestone = fields.Selection(
        MILESTONES,
        help="Letter of Credit Received: done only with a valid L/C recorded on the order. "
        "Arrived at Destination Port: the salesperson and clerk are alerted when the ETA passes without it.",
    )
    freezes_order = fields.Boolean(
        string="Freezes the Order",
        help="Once this step is done the customer is told in the portal that the order can no longer be changed.",
    )
    blocks_delivery = fields.Boolean()
    blocks_invoicing = fields.Boolean()

    def _planned_date(self, base):
        """The step's due date from its base date (confirmation, ETD, ETA or previous step done).

        Also called on no step (a checklist step whose template step was deleted): no offset then.
        """
        return base + relativedelta(days=self.due_offset_days) if base else False
