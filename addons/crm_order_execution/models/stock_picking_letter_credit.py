# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models


class StockPicking(models.Model):
    """A delivery shipped after an L/C's latest shipment date is not stopped: the goods must still go,
    but the documents will be discrepant, so the discrepancy is recorded and the salesperson told."""

    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    def _record_late_shipment_discrepancies(self):
        """Called by `_action_done` (stock_picking.py) on the validated pickings."""
        shipped_deliveries = self.filtered(
            lambda p: p.state == "done" and p.picking_type_code == "outgoing" and p.sale_id
        )
        # sudo: whoever validates the delivery (a warehouse user) need not read letters of credit; the
        # discrepancy, message and activity are the L/C's record of a fact, not the warehouse user's act
        for picking in shipped_deliveries.sudo():
            shipped = fields.Date.context_today(picking, picking.date_done)
            letters = picking.sale_id.letter_of_credit_ids.filtered(
                lambda lc, d=shipped: (
                    lc.state == "received"
                    and lc.latest_shipment_date
                    and lc.latest_shipment_date < d
                    and "late_shipment" not in lc.discrepancy_ids.mapped("category")
                )
            )
            for lc in letters:
                description = _(
                    "Shipped on %(date)s (%(delivery)s), after the latest shipment date %(latest)s.",
                    date=shipped,
                    delivery=picking.name,
                    latest=lc.latest_shipment_date,
                )
                lc.env["sale.letter.credit.discrepancy"].create(
                    {"letter_credit_id": lc.id, "category": "late_shipment", "description": description}
                )
                lc.message_post(body=description)
                lc.order_id.message_post(body=_("L/C %(lc)s: %(description)s", lc=lc.name, description=description))
                lc.activity_schedule(
                    "mail.mail_activity_data_warning",
                    user_id=(lc.order_id.user_id or self.env.user).id,
                    summary=_("L/C %(lc)s: late shipment, agree the discrepancy with the buyer", lc=lc.name),
                )
