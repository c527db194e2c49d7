# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.crm_foreign_trade.tests.common import use_chinese
from odoo.addons.mail.tests.common import mail_new_test_user

COMMERCIAL_INVOICE = "crm_order_execution.report_commercial_invoice"


@tagged("post_install", "-at_install")
class TestClerkTour(HttpCase):
    """The execution clerk's working day in the Chinese UI, under the public pool."""

    def test_clerk_opens_ticks_and_prints_an_order_another_salesperson_sells(self):
        company = self.env.company
        salesperson = mail_new_test_user(self.env, "ft_tour_sales", groups="sales_team.group_sale_salesman")
        clerk = mail_new_test_user(
            self.env, "ft_tour_clerk", groups="base.group_user,crm_order_execution.group_execution_clerk"
        )
        use_chinese(self.env, clerk)
        company.write({"pool_enabled": True, "execution_checklists": True, "execution_default_clerk_id": clerk.id})
        customer = self.env["res.partner"].create(
            {
                "name": "Hanse Kabelwerk GmbH",
                "is_company": True,
                "trade_channel": "direct_export",
                "user_id": salesperson.id,
                "company_id": company.id,
            }
        )
        product = self.env["product.product"].create({"name": "Copper cable 3x2.5", "list_price": 12.5})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": salesperson.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 800})],
            }
        )
        order.action_confirm()

        Report = self.registry["ir.actions.report"]
        printed = []
        render_qweb_pdf = Report._render_qweb_pdf

        def _render_qweb_pdf(report, report_ref, res_ids=None, data=None):
            printed.append((report._get_report(report_ref).report_name, list(res_ids or []), report.env.uid))
            return render_qweb_pdf(report, report_ref, res_ids=res_ids, data=data)

        self.patch(Report, "_render_qweb_pdf", _render_qweb_pdf)
        self.start_tour("/odoo/sales", "crm_order_execution_clerk_working_day", login=clerk.login)

        steps = {s.template_step_id: s for s in order.execution_step_ids}
        for xmlid in ("crm_order_execution.step_direct_packing", "crm_order_execution.step_direct_booking"):
            self.assertEqual(steps[self.env.ref(xmlid)].state, "done")
        self.assertIn((COMMERCIAL_INVOICE, order.ids, clerk.id), printed, "the clerk printed the order's invoice")
        # and the document itself renders for the clerk, as a PDF
        pdf, report_format = (
            self.env["ir.actions.report"]
            .with_user(clerk)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(COMMERCIAL_INVOICE, order.ids)
        )
        self.assertEqual(report_format, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
