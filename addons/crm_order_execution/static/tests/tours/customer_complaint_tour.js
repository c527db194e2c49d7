/** @odoo-module **/
// Copyright 2026 Foreign Trade CRM Contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";

// The salesperson records a complaint from the order, checks the facts and the similar complaint, and solves it.
registry.category("web_tour.tours").add("crm_order_execution_customer_complaint", {
    steps: () => [
        {
            content: "Open the order's complaints",
            trigger: ".o_form_view .oe_stat_button[name='action_view_complaints']",
            run: "click",
        },
        {
            content: "The order's only complaint opens",
            trigger: ".o_form_view .o_field_widget[name='description'] textarea:value(Cartons crushed in transit)",
        },
        {
            content: "Record a new complaint",
            trigger: ".o_form_button_create",
            run: "click",
        },
        {
            content: "The order is filled in",
            trigger: ".o_field_widget[name='order_id'] input:value(/S\\d+/)",
        },
        {
            content: "Describe the complaint",
            trigger: ".o_field_widget[name='description'] textarea",
            run: "edit Insulation cracks in the cold-bend test",
        },
        {
            content: "Open the facts",
            trigger: ".o_notebook_headers a:contains('Facts')",
            run: "click",
        },
        {
            content: "The vessel of the order is shown",
            trigger: ".o_field_widget[name='vessel']:contains('MSC Aurora / 026W')",
        },
        {
            content: "The ordered quantity is shown",
            trigger: ".o_field_widget[name='fact_line_ids'] .o_data_row:contains('Copper cable 3x2.5'):contains('800')",
        },
        {
            content: "Open the similar complaints",
            trigger: ".o_notebook_headers a:contains('Similar Complaints')",
            run: "click",
        },
        {
            content: "The earlier complaint of the same customer is there with its resolution",
            trigger: ".o_field_widget[name='similar_complaint_ids'] .o_data_row:contains('Replaced 40 cartons')",
        },
        {
            content: "Try to solve it without a resolution (the button saves it first)",
            trigger: ".o_statusbar_buttons button[name='action_solve']",
            run: "click",
        },
        {
            content: "A resolution and a root cause are needed",
            trigger: ".modal:contains('needs a resolution and a root cause')",
            // the save and the refused action are two calls: give a loaded machine time
            timeout: 30000,
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The complaint was saved with its reference",
            trigger: ".o_field_widget[name='name']:contains('CMP/')",
        },
        {
            content: "Open the complaint page",
            trigger: ".o_notebook_headers a:contains('Complaint')",
            run: "click",
        },
        {
            content: "Choose the root cause",
            trigger: ".o_field_widget[name='cause'] select",
            run: 'select "material"',
        },
        {
            content: "Write the resolution",
            trigger: ".o_field_widget[name='resolution'] textarea",
            run: "edit PVC compound batch withdrawn, 2,000 cords rebuilt",
        },
        {
            content: "Solve",
            trigger: ".o_statusbar_buttons button[name='action_solve']",
            run: "click",
        },
        {
            content: "The complaint is solved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Solved')",
        },
    ],
});
