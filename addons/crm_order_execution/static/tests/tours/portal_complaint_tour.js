/** @odoo-module **/
// Copyright 2026 Foreign Trade CRM Contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";

// The customer files a complaint on the order page and finds it in their complaints with its status.
registry.category("web_tour.tours").add("crm_order_execution_portal_complaint", {
    steps: () => [
        {
            content: "Choose the category",
            trigger: "#file_complaint select[name='category']",
            run: "select packaging",
        },
        {
            content: "Describe the problem",
            trigger: "#file_complaint textarea[name='description']",
            run: "edit Cartons crushed in transit, 6 of 40 damaged",
        },
        {
            content: "Send it",
            trigger: "#file_complaint .o_complaint_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint is received",
            trigger: ".o_complaint_filed",
        },
        {
            content: "Its status is new",
            trigger: ".o_portal_complaint_state:contains('New')",
        },
        {
            content: "Go to the complaints",
            trigger: ".o_portal_submenu a[href='/my/complaints']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint is listed with its status",
            trigger: ".o_portal_complaint_row:contains('Packaging') .o_portal_complaint_state:contains('New')",
        },
    ],
});
