/** @odoo-module **/
// Copyright 2026 Foreign Trade CRM Contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";

// A salesperson opens a customer she entered twice and merges it into the first one.
registry.category("web_tour.tours").add("crm_foreign_trade_duplicate_merge", {
    steps: () => [
        {
            content: "The form names the customer this one duplicates",
            trigger: "div[name='warning_collision'] .o_field_widget[name='collision_partner_id']",
        },
        {
            content: "Open Odoo's merge on both customers",
            trigger: "div[name='warning_collision'] button[name='action_merge_collision']",
            run: "click",
        },
        {
            content: "The merge wizard lists both customers, the first one kept",
            trigger: ".modal .o_field_widget[name='partner_ids'] .o_data_row:nth-child(2)",
        },
        {
            content: "Merge them",
            trigger: ".modal button[name='action_merge']",
            run: "click",
        },
        {
            content: "The merge is done",
            trigger: ".modal .o_field_widget[name='maximum_group']",
        },
    ],
});

// The legacy import's result, in its dialog: the short columns do not break Chinese text character by character.
registry.category("web_tour.tours").add("crm_foreign_trade_import_result", {
    steps: () => [
        {
            content: "Reopen the tested import in its dialog, as the Test Import button does",
            trigger: ".o_action_manager",
            async run() {
                const env = odoo.__WOWL_DEBUG__.root.env;
                const [importId] = await env.services.orm.search("crm.customer.import", [["state", "=", "preview"]], {
                    order: "id desc",
                    limit: 1,
                });
                await env.services.action.doAction({
                    type: "ir.actions.act_window",
                    res_model: "crm.customer.import",
                    res_id: importId,
                    views: [[false, "form"]],
                    target: "new",
                });
            },
        },
        {
            content: "The result table shows the outcome of each row on one line",
            trigger: ".modal .o_field_html[name='preview_html'] table tbody tr td:nth-child(3)",
            run() {
                // row number and result on one line, the customer's name on at most two
                for (const [column, lines] of [[1, 1], [2, 2], [3, 1]]) {
                    for (const cell of document.querySelectorAll(
                        `.modal .o_field_html[name='preview_html'] tbody td:nth-child(${column})`
                    )) {
                        // one client rect per line the text takes (the cell itself is as high as its row)
                        const range = document.createRange();
                        range.selectNodeContents(cell);
                        const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
                        if (tops.size > lines) {
                            throw new Error(`Column ${column} wraps: "${cell.textContent}" takes ${tops.size} lines`);
                        }
                    }
                }
            },
        },
        {
            content: "Two rows with errors",
            trigger: ".modal .o_field_widget[name='error_count']:contains('2')",
        },
    ],
});
