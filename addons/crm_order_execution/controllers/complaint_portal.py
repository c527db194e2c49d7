# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer files a complaint on their order and follows it (seed 001 §4.4 d)."""

from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.sale.controllers.portal import CustomerPortal

COMPLAINTS_PER_PAGE = 20


class ComplaintPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            Complaint = request.env["crm.customer.complaint"]
            values["complaint_count"] = (
                Complaint.search_count(self._prepare_complaints_domain()) if Complaint.has_access("read") else 0
            )
        return values

    def _prepare_complaints_domain(self):
        # the customer's company's complaints (the record rules say the same for portal users); an employee
        # looking at the portal sees their own company's, not every complaint they handle
        return [("partner_id", "=", request.env.user.commercial_partner_id.id)]

    @http.route("/my/orders/<int:order_id>/complaint", type="http", auth="user", methods=["POST"], website=True)
    def portal_order_file_complaint(self, order_id, category=None, description=None, line_id=None, **kw):
        # the customer's own order only (no access token: a complaint is filed by a known buyer)
        try:
            order_sudo = self._document_check_access("sale.order", order_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        Complaint = request.env["crm.customer.complaint"].sudo()
        categories = dict(Complaint._fields["category"]._description_selection(request.env))
        description = (description or "").strip()
        if order_sudo.state != "sale" or category not in categories or not description:
            return request.redirect(order_sudo.get_portal_url(query_string="&complaint_error=1"))
        line = order_sudo.order_line.filtered(lambda l: str(l.id) == str(line_id) and not l.display_type)
        complaint = Complaint.create(
            {
                "order_id": order_sudo.id,
                "category": category,
                "description": description,
                "order_line_ids": [(6, 0, line.ids)],
            }
        )
        complaint.message_post(
            body=_("Filed on the portal by %s.", request.env.user.partner_id.display_name),
            author_id=request.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        # the owner answers it: an activity due on the response date, in the owner's language
        owner = complaint.user_id
        if owner:
            complaint.with_context(lang=owner.lang).activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=complaint.date_deadline,
                user_id=owner.id,
                summary=complaint.with_context(lang=owner.lang).env._(
                    "Answer the complaint of %s", complaint.partner_id.display_name
                ),
            )
        return request.redirect(f"/my/complaints/{complaint.id}?filed=1")

    @http.route(["/my/complaints", "/my/complaints/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_complaints(self, page=1, **kw):
        Complaint = request.env["crm.customer.complaint"]
        if not Complaint.has_access("read"):
            return request.redirect("/my")
        domain = self._prepare_complaints_domain()
        count = Complaint.search_count(domain)
        pager = portal_pager(url="/my/complaints", total=count, page=page, step=COMPLAINTS_PER_PAGE)
        # searched as the customer (their own complaints), read as superuser (orders, products)
        complaints = Complaint.search(domain, limit=COMPLAINTS_PER_PAGE, offset=pager["offset"]).sudo()
        values = self._prepare_portal_layout_values()
        values.update(
            {"complaints": complaints, "pager": pager, "page_name": "complaint", "default_url": "/my/complaints"}
        )
        return request.render("crm_order_execution.portal_my_complaints", values)

    @http.route("/my/complaints/<int:complaint_id>", type="http", auth="user", website=True)
    def portal_my_complaint(self, complaint_id, filed=None, **kw):
        try:
            complaint_sudo = self._document_check_access("crm.customer.complaint", complaint_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update({"complaint": complaint_sudo, "page_name": "complaint", "filed": bool(filed)})
        return request.render("crm_order_execution.portal_my_complaint", values)
