# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import ExecutionCommon

LOADING = "Goods delivered for loading"


@tagged("post_install", "-at_install")
class TestExecutionReturns(ExecutionCommon):
    """The loading step is a fact of the order: its goods left and did not come back. A validated return
    re-opens it, sending the goods again ticks it again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the warehouse validates deliveries and returns without any sales rights
        cls.warehouse_user = new_test_user(cls.env, "ft_ret_stock", groups="stock.group_stock_user")

    def _shipped(self, lines=1, quantity=1):
        order = self._order(lines=lines, date_etd=date(2026, 5, 20))
        order.order_line.product_uom_qty = quantity
        order.action_confirm()
        delivery = order.picking_ids
        self._validate(delivery)
        loading = order.execution_step_ids.filtered(lambda s: s.name == LOADING)
        self.assertEqual(loading.state, "done")
        self.assertEqual(loading.document_ref, delivery)
        return order, delivery, loading

    def _validate(self, picking, quantities=None, backorder=True):
        for move in picking.move_ids:
            move.quantity = (quantities or {}).get(move.product_id, move.product_uom_qty)
        if backorder:
            picking.with_user(self.warehouse_user).with_context(skip_backorder=True).button_validate()
        else:
            wizard = picking.with_user(self.warehouse_user).button_validate()
            Form.from_action(self.env, wizard).save().with_user(self.warehouse_user).process_cancel_backorder()
        self.assertEqual(picking.state, "done")

    def _return(self, picking, quantities=None, exchange=False):
        """The warehouse's return of `picking` (the whole quantity unless `quantities` says per product)."""
        wizard = (
            self.env["stock.return.picking"]
            .with_user(self.warehouse_user)
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({})
        )
        for line in wizard.product_return_moves:
            line.quantity = (quantities or {}).get(line.product_id, line.move_quantity)
        action = wizard.action_create_exchanges() if exchange else wizard.action_create_returns()
        return self.env["stock.picking"].browse(action["res_id"])

    def test_returned_delivery_reopens_the_loading_step_with_a_message(self):
        order, _delivery, loading = self._shipped()
        returned = self._return(order.picking_ids)
        self.assertEqual(loading.state, "done", "a return not yet validated brought nothing back")
        self._validate(returned)
        self.assertEqual(order.order_line.qty_delivered, 0)
        self.assertEqual(loading.state, "todo")
        self.assertFalse(loading.document_ref)
        self.assertFalse(loading.date_done)
        self.assertEqual(loading.activity_ids.user_id, self.clerk, "the step is the clerk's to do again")
        self.assertIn(f"goods of the order came back with {returned.name}", loading.message_ids[0].body)

    def test_redelivered_goods_tick_the_loading_step_again(self):
        order, delivery, loading = self._shipped()
        returned = self._return(delivery, exchange=True)
        replacement = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing") - delivery
        self.assertEqual(len(replacement), 1, "the exchange sends the goods again")
        self._validate(returned)
        self.assertEqual(loading.state, "todo")
        self._validate(replacement)
        self.assertEqual(loading.state, "done")
        self.assertEqual(loading.document_ref, replacement, "the delivery that sent the goods again")
        self.assertFalse(loading.activity_ids)

    def test_replacement_sent_before_the_return_came_back_keeps_the_step_done(self):
        order, delivery, loading = self._shipped()
        returned = self._return(delivery, exchange=True)
        self._validate(order.picking_ids.filtered(lambda p: p.state == "assigned" and p != returned))
        self._validate(returned)
        self.assertEqual(loading.state, "done", "the customer has the goods of the order")

    def test_partial_return_reopens_the_loading_step(self):
        order, delivery, loading = self._shipped(lines=2, quantity=3)
        cable = self.products[1]
        self._validate(self._return(delivery, quantities={self.products[0]: 0, cable: 1}))
        self.assertEqual(order.order_line.mapped("qty_delivered"), [3, 2])
        self.assertEqual(loading.state, "todo", "one cable of six came back")

    def test_delivery_closed_short_is_no_return_but_a_return_after_it_is(self):
        order = self._order(date_etd=date(2026, 5, 20))
        order.order_line.product_uom_qty = 3
        order.action_confirm()
        loading = order.execution_step_ids.filtered(lambda s: s.name == LOADING)
        delivery = order.picking_ids
        self._validate(delivery, quantities={self.products[0]: 2}, backorder=False)
        self.assertEqual(order.picking_ids, delivery, "no backorder: the third cable will not ship")
        self.assertEqual(loading.state, "done", "what was shipped left, nothing came back")
        returned = self._return(delivery, quantities={self.products[0]: 1})
        self._validate(returned)
        self.assertEqual(loading.state, "todo")
        # the returned cable goes out again as the return of the return
        self._validate(self._return(returned))
        self.assertEqual(order.order_line.qty_delivered, 2)
        self.assertEqual(loading.state, "done")

    def test_warehouse_user_without_sales_rights_reopens_the_step_by_a_return(self):
        self.assertFalse(self.warehouse_user.has_group("sales_team.group_sale_salesman"))
        _order, delivery, loading = self._shipped()
        with self.assertRaises(AccessError):
            loading.with_user(self.warehouse_user).check_access("read")
        self._validate(self._return(delivery))
        self.assertEqual(loading.state, "todo")
        self.assertTrue(loading.activity_ids)
