# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResUsers(models.Model):
    """A user's name as the company's own lists write it (赵伟 for Zhao Wei)."""

    _inherit = "res.users"  # pylint: disable=consider-merging-classes-inherited

    # user names are not translatable: legacy lists in Chinese name salespeople in Chinese
    local_name = fields.Char(
        help="The user's name in the company's language, e.g. 赵伟 for Zhao Wei. "
        "The legacy customer import finds the salesperson by it as well as by name and login.",
    )
