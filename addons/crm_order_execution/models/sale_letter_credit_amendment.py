# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models


class SaleLetterCreditAmendment(models.Model):
    """An amendment of a letter of credit: the new terms apply to the L/C, the old ones stay in its history."""

    _name = "sale.letter.credit.amendment"
    _description = "Letter of Credit Amendment"
    _order = "date desc, id desc"

    letter_credit_id = fields.Many2one(
        "sale.letter.credit", string="Letter of Credit", required=True, ondelete="cascade", index=True
    )
    name = fields.Char(string="Amendment Number", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    description = fields.Text(required=True)
    currency_id = fields.Many2one(related="letter_credit_id.currency_id")
    new_amount = fields.Monetary()
    new_date_expiry = fields.Date(string="New Expiry Date")
    new_latest_shipment_date = fields.Date()

    @api.model_create_multi
    def create(self, vals_list):
        amendments = super().create(vals_list)
        for amendment in amendments:
            amendment._apply()
        return amendments

    def _apply(self):
        """Write the new terms on the L/C (tracked in its chatter); warnings start again."""
        self.ensure_one()
        changes = {}
        if self.new_amount:
            changes["amount"] = self.new_amount
        if self.new_date_expiry:
            changes.update(date_expiry=self.new_date_expiry, expiry_warning_sent=False)
        if self.new_latest_shipment_date:
            changes.update(latest_shipment_date=self.new_latest_shipment_date, shipment_warning_sent=False)
        lc = self.letter_credit_id
        if changes:
            lc.write(changes)
        lc.message_post(body=_("Amendment %(name)s: %(description)s", name=self.name, description=self.description))
