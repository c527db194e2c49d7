# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _update_translations(self, filter_lang=None, overwrite=False):
        """Checklists made before their template steps were translated (the demo's, made while this module
        installs, or every checklist when a language is added later) take the new names too."""
        res = super()._update_translations(filter_lang=filter_lang, overwrite=overwrite)
        # only this module's terms name the template steps: other modules' loads leave the steps alone
        if "crm_order_execution" in self.mapped("name"):
            self.env["sale.execution.step"]._name_existing_steps_in_template_languages()
        return res
