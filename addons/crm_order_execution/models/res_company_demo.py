# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo import api, models
from odoo.tools import file_open


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _demo_name_inventory_companies(self):
        """Inventory's demo data names the companies and warehouses after an American one ("My Company
        (Chicago)", "YourCompany"), possibly after the story's cable maker was named: the story names them."""
        main = self.env.ref("base.main_company")
        story_name = self._demo_story_company_name()
        if story_name and main.name.startswith("My Company"):
            main.name = story_name
        branch = self.env.ref("stock.res_company_1", raise_if_not_found=False)
        if branch and branch.name.startswith("My Company"):
            branch.write(
                {"name": "锦程电线(香港)有限公司", "city": "Hong Kong", "country_id": self.env.ref("base.hk").id}
            )
        names = {main: "东莞虎门总仓", branch: "香港转运仓"}
        for warehouse in self.env["stock.warehouse"].search([("company_id", "in", [c.id for c in names if c])]):
            if warehouse.name in ("YourCompany", "My Company (Chicago)", "My Company (San Francisco)"):
                warehouse.name = names[warehouse.company_id]

    @api.model
    def _demo_story_company_name(self):
        """The cable maker's name as crm_foreign_trade's demo data gives it: the record itself may carry inventory's
        name since, and so may its partner and bank accounts (their names follow the company's)."""
        with file_open("crm_foreign_trade/demo/res_company_demo.xml", "rb") as demo:
            names = etree.parse(demo).xpath("//record[@id='base.main_company']/field[@name='name']/text()")
        return names[0].strip() if names else False
