# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.crm_foreign_trade.tests.common import use_chinese
from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestClerkDeliveryTour(HttpCase):
    """In the Chinese UI, the clerk validates an export order's delivery and sees its step tick."""

    def test_clerk_validates_the_delivery_and_the_loading_step_ticks(self):
        company = self.env.company
        clerk = mail_new_test_user(
            self.env,
            "ft_tour_delivery_clerk",
            groups="base.group_user,crm_order_execution.group_execution_clerk,stock.group_stock_user",
        )
        use_chinese(self.env, clerk)
        company.write({"execution_checklists": True, "execution_default_clerk_id": clerk.id})
        customer = self.env["res.partner"].create(
            {"name": "Hanse Kabelwerk GmbH", "is_company": True, "trade_channel": "direct_export"}
        )
        product = self.env["product.product"].create({"name": "Copper cable 3x2.5", "list_price": 12.5})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 800})],
            }
        )
        order.action_confirm()
        loading = order.execution_step_ids.filtered(
            lambda s: s.template_step_id == self.env.ref("crm_order_execution.step_direct_loading")
        )
        self.assertEqual(loading.state, "todo")

        self.start_tour("/odoo/sales", "crm_order_execution_clerk_delivery", login=clerk.login)

        self.assertEqual(order.picking_ids.state, "done")
        self.assertEqual(loading.state, "done")
        self.assertEqual(loading.document_ref, order.picking_ids)
