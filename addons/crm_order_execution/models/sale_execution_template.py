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
# The ERP fact that completes a step by itself, with its document linked (and re-opens it when the fact is undone).
COMPLETION_EVENTS = [
    ("purchase_confirmed", "Purchase Order Confirmed"),
    ("delivery_done", "Delivery Validated"),
    ("bill_of_lading", "B/L Number Entered"),
    ("invoice_posted", "Customer Invoice Posted"),
    ("invoice_paid", "Customer Invoices Paid"),
    ("tax_rebate", "Export Tax Rebate Confirmed"),
]
RESPONSIBLE_ROLES = [
    ("clerk", "Execution Clerk"),
    ("salesperson", "Salesperson"),
    ("user", "Specific User"),
]


# what a checklist step takes from its template step as it is (its responsible and due date are derived)
STEP_COPIED_FIELDS = [
    "sequence",
    "due_base",
    "customer_facing",
    "milestone",
    "freezes_order",
    "blocks_delivery",
    "blocks_invoicing",
    "completion_event",
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

    @api.model
    @tools.ormcache("template_id")
    def _step_values(self, template_id):
        """The steps a checklist copies from a template, as plain data with their names in every installed
        language ({lang: name}).

        Cached until a template, a step or their translations change: the read ran on each confirmation
        (tests/test_query_budget_confirm.py). Callers must not modify what they get.
        """
        steps = (
            self.env["sale.execution.template.step"]
            .sudo()
            .with_context(prefetch_langs=True)
            .search_fetch(
                [("template_id", "=", template_id)],
                STEP_COPIED_FIELDS + ["name", "responsible_role", "user_id", "due_offset_days"],
            )
        )
        # English too, even where it is not active: the source every other language falls back to
        langs = {code for code, _label in self.env["res.lang"].get_installed()} | {"en_US"}
        return tuple(
            dict(
                {fname: step[fname] for fname in STEP_COPIED_FIELDS},
                id=step.id,
                responsible_role=step.responsible_role,
                due_offset_days=step.due_offset_days,
                user_id=step.user_id.id,
                name={lang: step.with_context(lang=lang).name for lang in langs},
            )
            for step in steps
        )

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
    blocks_delivery = fields.Boolean(help="Validating the order's deliveries waits for this step.")
    blocks_invoicing = fields.Boolean(help="Invoicing the order waits for this step.")
    completion_event = fields.Selection(
        COMPLETION_EVENTS,
        string="Done When",
        help="The ERP event that marks the step done by itself, with its document linked; "
        "the step re-opens when the document is cancelled.",
    )

    def _planned_date(self, base):
        """The step's due date from its base date (confirmation, ETD, ETA or previous step done).

        Also called on no step (a checklist step whose template step was deleted): no offset then.
        """
        return planned_date(base, self.due_offset_days)

    @api.model
    def _cache_names(self, names_by_step):
        """Put the names of template steps, {id: {lang: name}} from the templates' cache (_step_values), in
        the records' cache: the checklist steps named after them read them (their names and their activities'
        document names) without reading the template steps again."""
        name_field = self._fields["name"]
        for lang in set().union(*names_by_step.values()):
            template_steps = self.with_context(lang=lang).browse(list(names_by_step))
            names = [
                names_by_step[step_id].get(lang) or names_by_step[step_id]["en_US"] for step_id in template_steps.ids
            ]
            self.env.cache.insert_missing(template_steps, name_field, names)

    # the checklists read the template steps from the templates' cache (_step_values): any change clears it
    @api.model_create_multi
    def create(self, vals_list):
        steps = super().create(vals_list)
        self.env.registry.clear_cache()
        return steps

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        # the checklist steps named after these keep their names, in every language
        steps = (
            self.env["sale.execution.step"]
            .sudo()
            .search([("template_step_id", "in", self.ids), ("custom_name", "=", False)])
        )
        # English first: while it is the only value, Odoo copies it to the other languages
        langs = ["en_US"] + [code for code, _label in self.env["res.lang"].get_installed() if code != "en_US"]
        for template_step, own_steps in steps.grouped("template_step_id").items():
            for lang in langs:
                own_steps.with_context(lang=lang).custom_name = template_step.with_context(lang=lang).name
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    def update_field_translations(self, field_name, translations, digest=None, source_lang=""):
        res = super().update_field_translations(field_name, translations, digest=digest, source_lang=source_lang)
        self.env.registry.clear_cache()
        return res


def planned_date(base, offset_days):
    """A due date: the base date (confirmation, ETD, ETA, previous step done) plus the step's offset."""
    return base + relativedelta(days=offset_days or 0) if base else False
