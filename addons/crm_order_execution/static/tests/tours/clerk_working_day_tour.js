/** @odoo-module **/
// Copyright 2026 Foreign Trade CRM Contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {download} from "@web/core/network/download";
import {registry} from "@web/core/registry";

// Chinese names of the seed steps (the template steps' zh_CN translations) and of the Done state
const PACKING = "已制作箱单和委托书";
const BOOKING = "已订舱";
const DONE = "完成";

function tickStep(name) {
    const row = `.o_field_widget[name='execution_step_ids'] .o_data_row:contains('${name}')`;
    return [
        {
            content: `Tick "${name}"`,
            trigger: `${row} button[name='action_done']`,
            run: "click",
        },
        {
            content: `"${name}" is done`,
            trigger: `${row} .o_field_badge:contains('${DONE}')`,
        },
    ];
}

// The execution clerk, in the Chinese UI, works an export order somebody else sells under the public pool:
// from the clerk's menu to the order, its checklist and its commercial invoice.
registry.category("web_tour.tours").add("crm_order_execution_clerk_working_day", {
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
            content: "Open the export order of the customer another salesperson owns",
            trigger: ".o_list_view .o_data_row:contains('Hanse Kabelwerk') td[name='name']",
            run: "click",
        },
        {
            content: "The customer is readable on the order",
            trigger: ".o_form_view .o_field_widget[name='partner_id']:contains('Hanse Kabelwerk')",
        },
        {
            content: "Open the execution checklist (its tab in Chinese)",
            trigger: ".o_notebook_headers a[name='execution']:contains('执行')",
            run: "click",
        },
        ...tickStep(PACKING),
        ...tickStep(BOOKING),
        {
            content: "Know when the printed document has been downloaded",
            trigger: ".o_form_view .o_cp_action_menus",
            run() {
                const original = download._download;
                download._download = async (options) => {
                    const result = await original(options);
                    document.body.dataset.ftReportDownloaded = options.url;
                    return result;
                };
            },
        },
        {
            content: "Open the actions menu of the order",
            trigger: ".o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Open its print menu",
            trigger: ".o-dropdown--menu button:has(.fa-print)",
            run: "click",
        },
        {
            content: "Print the commercial invoice",
            trigger: ".o-dropdown--menu .o_menu_item:contains('商业发票')",
            run: "click",
        },
        {
            content: "The commercial invoice is downloaded, with no access error",
            trigger: "body[data-ft-report-downloaded]:not(:has(.o_error_dialog))",
        },
    ],
});
