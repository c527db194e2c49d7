# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

SIGNING_TIERS = (
    "crm_customer_scoring.tier_sale_signing_branch_manager",
    "crm_customer_scoring.tier_sale_signing_sales_manager",
)


class ResConfigSettings(models.TransientModel):
    """Settings show the company's credit policy (models/res_company.py); the company holds it."""

    _inherit = "res.config.settings"

    credit_policy = fields.Boolean(related="company_id.credit_policy", readonly=False)
    credit_term_days_a = fields.Integer(related="company_id.credit_term_days_a", readonly=False)
    credit_term_days_b = fields.Integer(related="company_id.credit_term_days_b", readonly=False)
    credit_term_days_c = fields.Integer(related="company_id.credit_term_days_c", readonly=False)
    credit_term_days_new = fields.Integer(related="company_id.credit_term_days_new", readonly=False)
    credit_term_a_id = fields.Many2one(related="company_id.credit_term_a_id", readonly=False)
    credit_term_b_id = fields.Many2one(related="company_id.credit_term_b_id", readonly=False)
    credit_term_c_id = fields.Many2one(related="company_id.credit_term_c_id", readonly=False)
    credit_term_new_id = fields.Many2one(related="company_id.credit_term_new_id", readonly=False)
    credit_term_foreign_id = fields.Many2one(related="company_id.credit_term_foreign_id", readonly=False)
    credit_numbers_to_salespeople = fields.Boolean(related="company_id.credit_numbers_to_salespeople", readonly=False)
    signing_amount = fields.Float(related="company_id.signing_amount", readonly=False)
    signing_currency_id = fields.Many2one(related="company_id.signing_currency_id", readonly=False)
    # OCA tier definitions are shared by the companies: the switch turns the two signing tiers on or off
    signing_authority = fields.Boolean(
        help="Orders are signed (validated) before confirmation: by the sales manager above the signing amount "
        "or over credit, by the branch manager otherwise.",
    )

    @api.model
    def get_values(self):
        res = super().get_values()
        tiers = self._signing_tiers()
        res["signing_authority"] = bool(tiers) and all(tiers.mapped("active"))
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
