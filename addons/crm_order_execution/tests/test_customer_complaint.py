# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.crm_foreign_trade.tests.multi_company_common import MultiCompanyCommon

from .common import ExecutionCommon


@tagged("post_install", "-at_install")
class TestCustomerComplaint(ExecutionCommon):
    """A complaint is traced to its order: facts, similar complaints, due date, escalation, solving, access."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.exporter.user_id = cls.salesperson
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Baltic Wire Trading OÜ", "is_company": True, "user_id": cls.colleague.id, "lang": "en_US"}
        )
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Anna Richter", "parent_id": cls.exporter.id, "type": "contact"}
        )
        with freeze_time("2026-04-01"):
            cls.order = cls._confirmed_order(cls.exporter, lines=2, vessel="MSC Aurora / 026W",
                                             bill_of_lading="MEDUNB123456", date_etd=date(2026, 4, 20),
                                             date_eta=date(2026, 5, 28))  # fmt: skip
        cls.other_order = cls._confirmed_order(cls.other_customer, user_id=cls.colleague.id)

    @classmethod
    def _confirmed_order(cls, partner, **values):
        order = cls._order(cls, partner, **values)
        order.action_confirm()
        return order

    def _complaint(self, order=None, **values):
        order = order or self.order
        return self.env["crm.customer.complaint"].create(
            dict({"order_id": order.id, "category": "quality", "description": "Insulation cracks at -10 °C"}, **values)
        )

    def _deliver(self, order, qty_by_line):
        picking = order.picking_ids
        for move in picking.move_ids:
            move.quantity = qty_by_line[move.sale_line_id]
            move.picked = True
        picking.with_context(skip_backorder=True, picking_ids_not_to_backorder=picking.ids).button_validate()
        return picking

    # ------------------------------------------------------------------
    def test_complaint_defaults_from_its_order(self):
        complaint = self._complaint(order_line_ids=[Command.set(self.order.order_line[1].ids)])
        self.assertRegex(complaint.name, r"^CMP/\d{4}/\d{4}$")
        self.assertEqual(complaint.partner_id, self.exporter, "the customer company, not the buyer")
        self.assertEqual(complaint.user_id, self.salesperson, "the order's salesperson owns it")
        self.assertEqual(complaint.product_id, self.products[1], "the product of the line complained about")
        self.assertEqual(complaint.state, "new")
        self.assertNotEqual(self._complaint().name, complaint.name)
        self.assertFalse(self._complaint().product_id, "an order of two products names none by itself")
        self.assertEqual(self._complaint(self.other_order).product_id, self.products[0], "its only product")

    def test_facts_show_what_was_ordered_delivered_and_done(self):
        line_a, line_b = self.order.order_line
        self.order.order_line.product_uom_qty = 500
        with freeze_time("2026-04-18 09:00:00"):
            picking = self._deliver(self.order, {line_a: 500, line_b: 480})
        step = self.order.execution_step_ids.sorted("sequence")[0]
        step.write({"state": "done", "date_done": date(2026, 4, 5)})
        complaint = self._complaint(category="quantity", description="20 coils of Cable 1 missing")
        facts = {line.product_id: (line.product_uom_qty, line.qty_delivered) for line in complaint.fact_line_ids}
        self.assertEqual(facts, {self.products[0]: (500, 500), self.products[1]: (500, 480)})
        self.assertEqual(complaint.fact_picking_ids, picking)
        self.assertEqual(complaint.fact_picking_ids.date_done.date(), date(2026, 4, 18))
        # the delivery ticked the loading step itself (its ERP event) on the day it was validated
        loading = self.order.execution_step_ids.filtered(lambda s: s.completion_event == "delivery_done")
        self.assertEqual(complaint.fact_step_ids, step | loading, "only the steps done, with their dates")
        self.assertEqual(step.date_done, date(2026, 4, 5))
        self.assertEqual(loading.date_done, date(2026, 4, 18))
        self.assertEqual(
            (complaint.date_etd, complaint.date_eta, complaint.vessel, complaint.bill_of_lading),
            (date(2026, 4, 20), date(2026, 5, 28), "MSC Aurora / 026W", "MEDUNB123456"),
        )

    def test_lots_are_those_the_order_shipped(self):
        product = self.env["product.product"].create(
            {"name": "Rubber cable H07RN-F", "is_storable": True, "tracking": "lot"}
        )
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)], limit=1)
        shipped, other = self.env["stock.lot"].create(
            [{"name": name, "product_id": product.id} for name in ("RC-2604-17", "RC-2604-18")]
        )
        self.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 100, lot_id=shipped)
        order = self._order(order_line=[Command.create({"product_id": product.id, "product_uom_qty": 100})])
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        complaint = self._complaint(order, picking_ids=[Command.set(picking.ids)])
        self.assertEqual(complaint.available_lot_ids, shipped, "not a lot the order did not ship")
        self.assertNotIn(other, complaint.available_lot_ids)
        complaint.with_user(self.salesperson).write({"lot_ids": [Command.set(shipped.ids)]})
        self.assertEqual(complaint.with_user(self.salesperson).lot_ids.name, "RC-2604-17")

    def test_similar_complaints_share_product_customer_or_category(self):
        with freeze_time("2026-03-01"):
            same_product = self._complaint(self.other_order, category="packaging", product_id=self.products[0].id)
            same_customer = self._complaint(category="documents", product_id=self.products[9].id)
            same_category = self._complaint(self.other_order, category="late_delivery", product_id=self.products[8].id)
            unrelated = self._complaint(self.other_order, category="price", product_id=self.products[7].id)
        complaint = self._complaint(
            category="late_delivery", order_line_ids=[Command.set(self.order.order_line[0].ids)]
        )
        self.assertEqual(complaint.product_id, self.products[0])
        similar = complaint.similar_complaint_ids
        self.assertIn(same_product, similar)
        self.assertIn(same_customer, similar)
        self.assertIn(same_category, similar)
        self.assertNotIn(unrelated, similar)
        self.assertNotIn(complaint, similar, "not itself")
        self.assertEqual(same_customer.similar_complaint_ids[:1], complaint, "the most recent first")
        # shown while a new complaint is being written, before it is saved
        with Form(self.env["crm.customer.complaint"]) as form:
            form.order_id = self.other_order
            form.category = "price"
            form.description = "Invoice shows the old price"
            self.assertIn(unrelated.id, form.similar_complaint_ids.ids)

    def test_similar_complaints_are_limited_to_the_last_ten(self):
        with freeze_time("2026-01-01"):
            oldest = self._complaint()
        for _i in range(10):
            self._complaint()
        complaint = self._complaint()
        self.assertEqual(len(complaint.similar_complaint_ids), 10)
        self.assertNotIn(oldest, complaint.similar_complaint_ids)

    def test_response_due_date_follows_the_company_policy(self):
        self.assertEqual(self.env.company.complaint_response_days, 7, "the seed's default")
        with freeze_time("2026-06-01"):
            self.assertEqual(self._complaint().date_deadline, date(2026, 6, 8))
            self.env.company.complaint_response_days = 0
            self.assertEqual(self._complaint().date_deadline, date(2026, 6, 1), "0: due the same day")
            with Form(self.env["crm.customer.complaint"]) as form:
                form.order_id = self.order
                form.description = "Cartons crushed"
                self.assertEqual(form.date_deadline, date(2026, 6, 1), "shown before saving")
        with self.assertRaises(ValidationError):
            self.env.company.complaint_response_days = -1

    def test_overdue_complaints_escalate_once_to_the_branch_manager(self):
        # a branch manager with no manager right of his own: he still reads the complaints of his team
        leader = new_test_user(self.env, "ft_cmp_leader", groups="sales_team.group_sale_salesman")
        leader.lang = "en_US"
        self.env["crm.team"].create(
            {"name": "Europe Desk", "user_id": leader.id, "member_ids": [Command.set(self.salesperson.ids)]}
        )
        with freeze_time("2026-06-01"):
            late = self._complaint()
            on_time = self._complaint(date_deadline=date(2026, 6, 30))
            solved = self._complaint(cause="transport", resolution="Credit note for 20 coils")
            solved.action_solve()
        with freeze_time("2026-06-10"):
            escalated = self.env["crm.customer.complaint"]._cron_escalate_overdue()
            self.assertEqual(escalated & (late | on_time | solved), late)
            self.assertTrue(late.escalated)
            self.assertFalse(on_time.escalated or solved.escalated)
            self.assertFalse(self.env["crm.customer.complaint"]._cron_escalate_overdue(), "escalated once")
        self.assertEqual(len(late.activity_ids), 1)
        self.assertEqual(late.activity_ids.user_id, leader, "the owner's branch manager hears of it")
        self.assertIn(late.name, late.activity_ids.summary)
        late.with_user(leader).read(["description", "resolution"])

    def test_solving_needs_a_cause_and_a_resolution(self):
        complaint = self._complaint()
        complaint.action_start()
        self.assertEqual(complaint.state, "in_progress")
        with self.assertRaisesRegex(UserError, "a resolution and a root cause"):
            complaint.action_solve()
        complaint.resolution = "Replaced 12 coils on the next shipment"
        with self.assertRaisesRegex(UserError, "a root cause"):
            complaint.action_solve()
        self.assertEqual(complaint.state, "in_progress", "nothing half written")
        complaint.cause = "material"
        with freeze_time("2026-06-03"):
            complaint.action_solve()
        self.assertEqual((complaint.state, complaint.date_solved), ("solved", date(2026, 6, 3)))

    def test_access_per_role(self):
        own = self._complaint()
        others = self._complaint(self.other_order)
        Complaint = self.env["crm.customer.complaint"]
        # the salesperson: complaints of their own customers and orders only
        self.assertEqual(Complaint.with_user(self.salesperson).search([]), own)
        with self.assertRaises(AccessError):
            others.with_user(self.salesperson).read(["description"])
        own.with_user(self.salesperson).write({"resolution": "Replacement shipped"})
        # another salesperson does not see this customer's complaints
        with self.assertRaises(AccessError):
            own.with_user(self.colleague).read(["description"])
        self.assertEqual(Complaint.with_user(self.colleague).search([]), others)
        # the execution clerk handles every complaint of the company
        self.assertEqual(Complaint.with_user(self.clerk).search([("id", "in", (own | others).ids)]), own | others)
        own.with_user(self.clerk).write({"department": "logistics"})
        # a salesperson files a complaint on their order
        filed = Complaint.with_user(self.salesperson).create(
            {"order_id": self.order.id, "category": "packaging", "description": "Cartons crushed"}
        )
        self.assertEqual(filed.user_id, self.salesperson)
        with self.assertRaises(AccessError):
            filed.with_user(self.salesperson).unlink()
        # the facts and similar complaints open for the salesperson without error
        form = own.with_user(self.salesperson)
        form.invalidate_recordset()
        form.read(["fact_line_ids", "fact_picking_ids", "fact_step_ids", "lot_ids", "similar_complaint_ids"])
        self.assertNotIn(others, form.similar_complaint_ids, "similar complaints keep the record rules")

    def test_order_and_customer_count_their_complaints(self):
        self._complaint()
        self._complaint()
        self.assertEqual(self.order.complaint_count, 2)
        self.assertEqual(self.other_order.complaint_count, 0)
        self.assertEqual(self.buyer.complaint_count, 2, "a contact shows its company's complaints")
        action = self.order.action_view_complaints()
        self.assertEqual(action["domain"], [("order_id", "=", self.order.id)])


@tagged("post_install", "-at_install")
class TestCustomerComplaintMultiCompany(MultiCompanyCommon):
    def test_user_of_company_a_sees_no_complaint_of_company_b(self):
        orders = self._order(self.customer_a, self.company_a, self.salesperson_a) | self._order(
            self.customer_b, self.company_b, self.salesperson_a
        )
        orders.action_confirm()
        complaints = self.env["crm.customer.complaint"].create(
            [{"order_id": order.id, "description": "Cable insulation cracking"} for order in orders]
        )
        self.assertEqual(complaints.company_id, self.company_a | self.company_b)
        self.assertCompanyIsolation(complaints[0], complaints[1])
