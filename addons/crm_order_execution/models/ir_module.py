# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _update_translations(self, filter_lang=None, overwrite=False):
        """The responsibles' activities take the template steps' names from the templates' cache
        (sale.execution.template._step_values): newly loaded translations of them clear it."""
        res = super()._update_translations(filter_lang=filter_lang, overwrite=overwrite)
        # only this module's terms translate the template steps
        if "crm_order_execution" in self.mapped("name"):
            self.env.registry.clear_cache()
        return res
