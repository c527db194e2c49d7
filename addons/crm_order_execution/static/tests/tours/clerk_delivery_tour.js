/** @odoo-module **/
// Copyright 2026 Foreign Trade CRM Contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";

// Chinese names of the seed step bound to the delivery (its zh_CN translation) and of the Done state
const LOADING = "货物已出库装运";
const DONE = "完成";

// The execution clerk, in the Chinese UI, validates an export order's delivery and finds its step ticked.
registry.category("web_tour.tours").add("crm_order_execution_clerk_delivery", {
    steps: () => [
        {
            content: "Open the Orders menu of Sales",
            trigger: ".o_main_navbar [data-menu-xmlid='sale.sale_order_menu']",
            run: "click",
        },
        {
            content: "The clerk's list: orders in execution",
            trigger: ".dropdown-item[data-menu-xmlid='crm_order_execution.menu_sale_order_in_execution']",
            run: "click",
        },
        {
            content: "Open the export order",
            trigger: ".o_list_view .o_data_row:contains('Hanse Kabelwerk') td[name='name']",
            run: "click",
        },
        {
            content: "Open the execution checklist: the loading step is still to do",
            trigger: ".o_notebook_headers a[name='execution']",
            run: "click",
        },
        {
            content: "The loading step waits for the delivery",
            trigger: `.o_field_widget[name='execution_step_ids'] .o_data_row:contains('${LOADING}') button[name='action_done']`,
        },
        {
            content: "Open the order's delivery",
            trigger: ".o_form_view button[name='action_view_delivery']",
            run: "click",
        },
        {
            content: "Validate the delivery",
            trigger: ".o_form_view .o_statusbar_buttons button[name='button_validate']",
            run: "click",
        },
        {
            content: "The delivery is done",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='done']",
        },
        {
            content: "Back to the order",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item:nth-last-child(1) a",
            run: "click",
        },
        {
            content: "Open the execution checklist again",
            trigger: ".o_form_view .o_notebook_headers a[name='execution']",
            run: "click",
        },
        {
            content: "The loading step ticked itself, with the delivery linked",
            trigger: `.o_field_widget[name='execution_step_ids'] .o_data_row:contains('${LOADING}'):has(.o_field_badge:contains('${DONE}'))`,
        },
    ],
});
