/** @odoo-module **/
// Copyright 2026 Foreign Trade CRM Contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";

const STEPS = [
    "Payment or letter of credit received",
    "Domestic purchase contract reviewed",
    "Packing list and shipping instruction",
    "Space booked",
    "Bill of lading issued",
    "Goods at destination port",
];

function doneStep(name) {
    const row = `.o_field_widget[name='execution_step_ids'] .o_data_row:contains('${name}')`;
    return [
        {
            content: `Mark "${name}" done`,
            trigger: `${row} button[name='action_done']`,
            run: "click",
        },
        {
            content: `"${name}" is done`,
            trigger: `${row} .o_field_badge:contains('Done')`,
        },
    ];
}

// The salesperson confirms an export order and follows it until the goods arrive.
registry.category("web_tour.tours").add("crm_order_execution_checklist", {
    steps: () => [
        {
            content: "Confirm the quotation",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The quotation is a sales order",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Sales Order')",
        },
        {
            content: "Open the execution checklist",
            trigger: ".o_notebook_headers a:contains('Execution')",
            run: "click",
        },
        ...STEPS.flatMap(doneStep),
        {
            content: "The salesperson has to tell the customer the goods arrived",
            trigger: ".o-mail-Activity:contains('Inform the customer: Goods at destination port')",
        },
    ],
});
