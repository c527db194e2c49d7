# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleOrder(models.Model):
    """The bill of lading's date: the shipment date from which an L/C's presentation period runs (UCP 600)."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    date_bill_of_lading = fields.Date(
        string="B/L Date",
        copy=False,
        help="On-board date of the bill of lading. The documents of a letter of credit are due within its "
        "presentation period after this date, and not after its expiry.",
    )
