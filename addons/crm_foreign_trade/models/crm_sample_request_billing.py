# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Charged samples get billed: a draft invoice or quotation line for the sample fee (seed 001 §4.3.2).

The company's policy `sample_fee_billing` decides whether and how; "Not billed here" (the default)
creates nothing, so installing changes no flow.
"""

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CrmSampleRequest(models.Model):
    _inherit = "crm.sample.request"

    fee_amount = fields.Monetary(
        string="Sample Fee",
        compute="_compute_fee_amount",
        store=True,
        readonly=False,
        tracking=True,
        help="What the customer pays for charged samples: their cost (the full fee) unless you change it.",
    )
    invoice_id = fields.Many2one(
        "account.move", string="Sample Fee Invoice", readonly=True, copy=False, index="btree_not_null"
    )
    sale_order_id = fields.Many2one(
        "sale.order", string="Sample Fee Quotation", readonly=True, copy=False, index="btree_not_null"
    )
    fee_billed_amount = fields.Monetary(
        string="Sample Fee Billed",
        compute="_compute_fee_billed_amount",
        store=True,
        help="The sample fee put on an invoice or a quotation for the customer.",
    )

    @api.depends("value")
    def _compute_fee_amount(self):
        for request in self:
            request.fee_amount = request.value

    @api.depends("fee_amount", "invoice_id", "sale_order_id")
    def _compute_fee_billed_amount(self):
        for request in self:
            request.fee_billed_amount = request.fee_amount if request.invoice_id or request.sale_order_id else 0.0

    def action_request(self):
        # a guard checks before anything is written: requests approved at once are billed at once
        self._sample_fee_to_bill()._check_sample_fee()
        return super().action_request()

    def action_refuse_waiver(self):
        # the manager's right first (super's check): a salesperson is told that, not about the fee
        if self.env.user.has_group("sales_team.group_sale_manager"):
            self.filtered(lambda r: r._sample_fee_billing_on() and r.fee_policy == "charge")._check_sample_fee()
        return super().action_refuse_waiver()

    def _approve(self):
        # the one moment the fee is certain: a waiver was granted or refused, or none was asked
        to_bill = self._sample_fee_to_bill()
        to_bill._check_sample_fee()
        res = super()._approve()
        to_bill._bill_sample_fee()
        return res

    def _check_sample_fee(self):
        for request in self:
            if request.fee_amount <= 0:
                raise UserError(_("Enter the sample fee of %(name)s: the samples are charged.", name=request.name))

    def _sample_fee_billing_on(self):
        self.ensure_one()
        return self.company_id.sudo().sample_fee_billing != "none" and not (self.invoice_id or self.sale_order_id)

    def _sample_fee_to_bill(self):
        """Requests charged (no waiver asked or it was refused) under a billing policy and not billed yet."""
        return self.filtered(lambda r: r._sample_fee_billing_on() and r.fee_policy == "charge" and not r.free_requested)

    def _bill_sample_fee(self):
        """Create the company's billing document (invoice or quotation) of each request to bill."""
        for request in self._sample_fee_to_bill():
            if request.company_id.sudo().sample_fee_billing == "invoice":
                request.invoice_id = request._create_sample_fee_invoice()
                document = request.invoice_id
            else:
                request.sale_order_id = request._create_sample_fee_quotation()
                document = request.sale_order_id
            request.message_post(body=_("Sample fee billed: %(document)s", document=document._get_html_link()))

    def _sample_fee_line_values(self):
        self.ensure_one()
        product = self.env.ref("crm_foreign_trade.product_sample_fee")
        return {
            "product_id": product.id,
            "name": _("Sample Fee: %(request)s", request=self.name),
            "price_unit": self.fee_amount,
        }

    def _create_sample_fee_invoice(self):
        self.ensure_one()
        # sudo: the company's policy bills the fee, not the salesperson's rights; salespeople only read
        # invoices (sale's access), yet their approved request must produce it. The invoice stays a draft
        # for the accountant to check and post, and is the salesperson's (invoice_user_id) so they see it.
        return (
            self.env["account.move"]
            .sudo()
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "currency_id": self.currency_id.id,
                    "invoice_user_id": self.user_id.id,
                    "invoice_origin": self.name,
                    "invoice_line_ids": [(0, 0, dict(self._sample_fee_line_values(), quantity=1.0))],
                }
            )
        )

    def _create_sample_fee_quotation(self):
        self.ensure_one()
        order_model = self.env["sale.order"].with_company(self.company_id)
        pricelist = self.partner_id.with_company(self.company_id).property_product_pricelist
        # the fee is in the request's currency: the customer's pricelist only if it is in the same one
        if pricelist.currency_id != self.currency_id:
            pricelist = pricelist.browse()
        return order_model.create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "pricelist_id": pricelist.id,
                "user_id": self.user_id.id,
                "opportunity_id": self.lead_id.id,
                "origin": self.name,
                "order_line": [(0, 0, dict(self._sample_fee_line_values(), product_uom_qty=1.0))],
            }
        )

    def action_view_sample_fee_invoice(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.invoice_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_sample_fee_quotation(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.sale_order_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
