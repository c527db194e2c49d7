/** @odoo-module **/
// Copyright 2026 Foreign Trade CRM Contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";

// the users read Chinese: the states as they see them
const SUBMITTED = "已提交";
const REVIEWED = "已审阅";

// A salesperson reports a visit from the opportunity and submits it.
registry.category("web_tour.tours").add("crm_foreign_trade_visit_report_submit", {
    steps: () => [
        {
            content: "Open a new visit report from the opportunity",
            trigger: "button[name='action_new_visit_report']",
            run: "click",
        },
        {
            content: "The new report opens with the opportunity's customer",
            trigger: ".o_field_widget[name='partner_id'] input",
        },
        {
            content: "Write the findings",
            trigger: ".o_field_html[name='findings'] div.o-paragraph",
            run: "editor They move line 3 to Vietnam next year.",
        },
        {
            content: "Submit the report",
            trigger: "button[name='action_submit']",
            run: "click",
        },
        {
            content: "The report is submitted",
            trigger: `.o_statusbar_status button.o_arrow_button_current:contains('${SUBMITTED}')`,
        },
    ],
});

// The sales manager reads the report, comments and marks it reviewed.
registry.category("web_tour.tours").add("crm_foreign_trade_visit_report_review", {
    steps: () => [
        {
            content: "The findings are there",
            trigger: ".o_field_html[name='findings']:contains('Vietnam')",
        },
        {
            content: "Comment for the salesperson",
            trigger: ".o_field_widget[name='review_comment'] textarea",
            run: "edit Ask for their supplier list in Vietnam.",
        },
        {
            content: "Mark the report reviewed",
            trigger: "button[name='action_review']",
            run: "click",
        },
        {
            content: "The report is reviewed",
            trigger: `.o_statusbar_status button.o_arrow_button_current:contains('${REVIEWED}')`,
        },
    ],
});
