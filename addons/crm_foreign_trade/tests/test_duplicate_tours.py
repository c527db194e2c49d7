# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo.tests import HttpCase, tagged

from .common import ForeignTradeCommon, use_chinese
from .test_customer_import import xlsx


@tagged("post_install", "-at_install")
class TestDuplicateAndImportTours(HttpCase, ForeignTradeCommon):
    def test_salesperson_merges_her_duplicate_from_its_form(self):
        self.customer.write({"user_id": self.salesperson.id, "vat": "DE811234567"})
        # entered before the check was switched on
        duplicate = self.env["res.partner"].create(
            {"name": "Nordlicht GmbH", "is_company": True, "vat": "DE 811234567", "user_id": self.salesperson.id}
        )
        self.env.company.collision_check = True
        self.salesperson.groups_id = [(4, self.env.ref("base.group_partner_manager").id)]
        use_chinese(self.env, self.salesperson)
        self.start_tour(
            f"/odoo/contacts/{duplicate.id}", "crm_foreign_trade_duplicate_merge", login=self.salesperson.login
        )
        self.assertFalse(duplicate.exists())
        self.assertTrue(self.customer.exists())

    def test_import_result_is_readable_in_chinese(self):
        use_chinese(self.env, self.manager)
        # long reasons squeeze the other columns: Chinese breaks between any two characters
        rows = [
            ["客户名称", "国家", "邮箱", "电话", "客户类别"],
            ["东莞华洋电子有限公司", "火星", "not-an-email", "12", "VIP"],
            ["深圳天瑞电动工具有限公司", "中国大陆", "also-not-an-email", "34", "D"],
            ["Gulf Power Trading LLC", "阿联酋", "", "", "A"],
        ]
        wizard = (
            self.env["crm.customer.import"]
            .with_user(self.manager)
            .create({"file": base64.b64encode(xlsx(rows)), "filename": "legacy.xlsx"})
        )
        wizard.action_read_columns()
        wizard.action_preview()
        self.assertEqual((wizard.error_count, wizard.create_count), (2, 1))
        self.start_tour("/odoo/contacts", "crm_foreign_trade_import_result", login=self.manager.login)
