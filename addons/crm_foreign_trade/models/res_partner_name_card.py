# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResPartner(models.Model):
    """What a Chinese business card carries beyond Odoo's phone, mobile and e-mail."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    wechat = fields.Char(string="WeChat", help="WeChat ID, as on the contact's name card.")
