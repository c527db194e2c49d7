# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestComplaintPortal(HttpCase):
    """A customer files complaints on their own orders and sees only their company's complaints."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env["ir.default"].set("res.partner", "lang", "en_US")
        cls.salesperson = new_test_user(cls.env, "ft_cmp_portal_sales", groups="sales_team.group_sale_salesman")
        cls.products = cls.env["product.product"].create(
            [{"name": "H05VV-F 3G1.5 power cord"}, {"name": "Extension cord 5 m"}]
        )
        cls.company_a = cls.env["res.partner"].create({"name": "Nordlicht Elektro GmbH", "is_company": True})
        cls.company_b = cls.env["res.partner"].create({"name": "Baltic Trading OÜ", "is_company": True})
        cls.portal_a = cls._portal_user("ft_cmp_portal_a", cls.company_a)
        cls.portal_b = cls._portal_user("ft_cmp_portal_b", cls.company_b)
        cls.order_a = cls._confirmed_order(cls.company_a)
        cls.order_b = cls._confirmed_order(cls.company_b)
        cls.complaint_b = cls.env["crm.customer.complaint"].create(
            {"order_id": cls.order_b.id, "category": "packaging", "description": "Baltic: cartons wet on arrival"}
        )

    @classmethod
    def _portal_user(cls, login, company):
        user = new_test_user(cls.env, login, groups="base.group_portal", name=f"{company.name} buyer")
        user.partner_id.parent_id = company
        return user

    @classmethod
    def _confirmed_order(cls, customer):
        order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": cls.salesperson.id,
                "order_line": [(0, 0, {"product_id": p.id, "product_uom_qty": 100}) for p in cls.products],
            }
        )
        order.action_confirm()
        return order

    def _file(self, order, **data):
        return self.url_open(
            f"/my/orders/{order.id}/complaint",
            data=dict({"csrf_token": http.Request.csrf_token(self)}, **data),
            allow_redirects=False,
        )

    def test_customer_files_a_complaint_on_their_order(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(f"/my/orders/{self.order_a.id}").text
        self.assertIn("File a Complaint", page)
        line = self.order_a.order_line[1]
        response = self._file(self.order_a, category="quality", description="Insulation cracks", line_id=line.id)
        self.assertEqual(response.status_code, 303)
        complaint = self.order_a.complaint_ids
        self.assertEqual(len(complaint), 1)
        self.assertIn(f"/my/complaints/{complaint.id}", response.headers["Location"])
        self.assertEqual(complaint.partner_id, self.company_a)
        self.assertEqual(complaint.product_id, self.products[1])
        self.assertEqual((complaint.state, complaint.user_id), ("new", self.salesperson))
        self.assertEqual(complaint.activity_ids.user_id, self.salesperson, "the owner is asked to answer it")
        self.assertEqual(complaint.activity_ids.date_deadline, complaint.date_deadline)
        self.assertIn(complaint.name, self.url_open("/my/complaints").text)

    def test_customer_sees_the_state_and_resolution(self):
        complaint = self.env["crm.customer.complaint"].create(
            {"order_id": self.order_a.id, "category": "quality", "description": "Cords too short"}
        )
        complaint.write({"cause": "production", "resolution": "Replacement cords shipped with the next order"})
        complaint.action_solve()
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(f"/my/complaints/{complaint.id}").text
        self.assertIn("Solved", page)
        self.assertIn("Replacement cords shipped with the next order", page)
        self.assertNotIn("Production", page, "the root cause stays in-house")

    def test_customer_cannot_see_or_file_on_others_complaints_and_orders(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        listing = self.url_open("/my/complaints").text
        self.assertNotIn(self.complaint_b.name, listing)
        response = self.url_open(f"/my/complaints/{self.complaint_b.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertNotIn(f"/my/complaints/{self.complaint_b.id}", response.headers["Location"])
        response = self._file(self.order_b, category="quality", description="Not my order")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.order_b.complaint_ids, self.complaint_b, "nothing filed on another's order")
        # the record rules themselves, whatever the controller does
        Complaint = self.env["crm.customer.complaint"].with_user(self.portal_a)
        self.assertFalse(Complaint.search([("id", "=", self.complaint_b.id)]))

    def test_complaint_without_description_is_refused(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        response = self._file(self.order_a, category="quality", description="   ")
        self.assertIn("complaint_error=1", response.headers["Location"])
        response = self._file(self.order_a, category="not_a_category", description="Broken")
        self.assertIn("complaint_error=1", response.headers["Location"])
        self.assertFalse(self.order_a.complaint_ids)

    def test_portal_tour(self):
        self.start_tour(
            f"/my/orders/{self.order_a.id}", "crm_order_execution_portal_complaint", login=self.portal_a.login
        )
        complaint = self.order_a.complaint_ids
        self.assertEqual(complaint.category, "packaging")
        self.assertEqual(complaint.description, "Cartons crushed in transit, 6 of 40 damaged")
