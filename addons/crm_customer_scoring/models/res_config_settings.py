# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .credit_policy import CREDIT_DEFAULTS, DEFAULT_TERM_XMLIDS

SIGNING_TIERS = (
    "crm_customer_scoring.tier_sale_signing_branch_manager",
    "crm_customer_scoring.tier_sale_signing_sales_manager",
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    credit_policy = fields.Boolean(
        string="Credit Control by Class",
        config_parameter="crm_customer_scoring.credit_policy",
        help="Orders of customers with a class follow the payment terms of their class and their credit limit.",
    )
    credit_term_days_a = fields.Integer(
        string="Class A: Days After Delivery",
        config_parameter="crm_customer_scoring.term_days_a",
        default=CREDIT_DEFAULTS["term_days_a"],
    )
    credit_term_days_b = fields.Integer(
        string="Class B: Days After Delivery",
        config_parameter="crm_customer_scoring.term_days_b",
        default=CREDIT_DEFAULTS["term_days_b"],
    )
    credit_term_days_c = fields.Integer(
        string="Class C: Days After Delivery",
        config_parameter="crm_customer_scoring.term_days_c",
        default=CREDIT_DEFAULTS["term_days_c"],
    )
    credit_term_days_new = fields.Integer(
        string="New Customers: Days After Delivery",
        config_parameter="crm_customer_scoring.term_days_new",
        default=CREDIT_DEFAULTS["term_days_new"],
    )
    credit_term_a_id = fields.Many2one(
        "account.payment.term", string="Class A Default Term", config_parameter="crm_customer_scoring.term_a_id"
    )
    credit_term_b_id = fields.Many2one(
        "account.payment.term", string="Class B Default Term", config_parameter="crm_customer_scoring.term_b_id"
    )
    credit_term_c_id = fields.Many2one(
        "account.payment.term", string="Class C Default Term", config_parameter="crm_customer_scoring.term_c_id"
    )
    credit_term_new_id = fields.Many2one(
        "account.payment.term",
        string="New Customers Default Term",
        config_parameter="crm_customer_scoring.term_new_id",
    )
    credit_term_foreign_id = fields.Many2one(
        "account.payment.term",
        string="Foreign Customers Default Term",
        config_parameter="crm_customer_scoring.term_foreign_id",
        help="Foreign customers pay by letter of credit unless the general manager agrees otherwise.",
    )
    credit_approver_id = fields.Many2one(
        "res.users",
        config_parameter="crm_customer_scoring.credit_approver_id",
        help="Gets the activity of orders awaiting credit approval; empty: the first general manager.",
    )
    credit_numbers_to_salespeople = fields.Boolean(
        string="Salespeople See Credit Numbers",
        config_parameter="crm_customer_scoring.credit_numbers_to_salespeople",
    )
    signing_authority = fields.Boolean(
        help="Orders are signed (validated) before confirmation: by the sales manager above the signing amount "
        "or over credit, by the branch manager otherwise.",
    )
    signing_amount = fields.Float(
        config_parameter="crm_customer_scoring.signing_amount",
        default=CREDIT_DEFAULTS["signing_amount"],
    )
    signing_currency_id = fields.Many2one(
        "res.currency",
        config_parameter="crm_customer_scoring.signing_currency_id",
        default=lambda self: self.env.ref("base.CNY"),
    )

    @api.model
    def get_values(self):
        res = super().get_values()
        tiers = self._signing_tiers()
        res["signing_authority"] = bool(tiers) and all(tiers.mapped("active"))
        for key, xmlid in DEFAULT_TERM_XMLIDS.items():
            if not res.get(f"credit_{key}"):
                term = self.env.ref(xmlid, raise_if_not_found=False)
                res[f"credit_{key}"] = term.id if term else False
        return res

    def set_values(self):
        res = super().set_values()
        self._signing_tiers().write({"active": self.signing_authority})
        return res

    def _signing_tiers(self):
        tiers = self.env["tier.definition"].sudo()
        for xmlid in SIGNING_TIERS:
            tiers |= self.env.ref(xmlid, raise_if_not_found=False) or tiers.browse()
        return tiers.with_context(active_test=False)
