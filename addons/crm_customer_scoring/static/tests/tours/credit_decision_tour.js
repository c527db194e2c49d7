/** @odoo-module **/
// Copyright 2026 Foreign Trade CRM Contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

// The general manager, in the Chinese UI, decides on an order held for credit, seeing the
// customer's limit, exposure and overdue amounts by age, and approves it.
registry.category("web_tour.tours").add("crm_customer_scoring_credit_decision", {
    steps: () => [
        {
            content: "The order says why it is held, in one banner",
            trigger: ".o_form_view .o_credit_block_banner",
            run() {
                const banners = document.querySelectorAll(".o_form_view .alert[role='alert']");
                if (banners.length !== 1) {
                    throw new Error(`Expected one banner on the held order, found ${banners.length}`);
                }
            },
        },
        {
            content: "Open the credit decision",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_open_credit_approval']",
            run: "click",
        },
        {
            content: "The dialog is titled by its action, not 'Odoo'",
            trigger: ".modal .modal-title:not(:contains('Odoo'))",
            run() {
                const title = document.querySelector(".modal .modal-title").textContent.trim();
                if (!title) {
                    throw new Error("The credit decision has no title");
                }
            },
        },
        {
            content: "The dialog speaks Chinese (拒绝)",
            trigger: ".modal .modal-footer button[name='action_refuse']:contains('拒绝')",
        },
        {
            content: "The credit limit",
            trigger: ".modal .o_field_widget[name='credit_limit']:contains('1,500.00')",
        },
        {
            content: "The exposure",
            trigger: ".modal .o_field_widget[name='credit_exposure']:contains('1,800.00')",
        },
        {
            content: "The overdue amount, 31 to 60 days",
            trigger: ".modal .o_field_widget[name='credit_overdue_31_60']:contains('1,000.00')",
        },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit 老客户，已收到银行保函",
        },
        {
            content: "Approve",
            trigger: ".modal .modal-footer button[name='action_approve']",
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='sale']",
        },
    ],
});
