/** @odoo-module **/
// Copyright 2026 Foreign Trade CRM Contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";

// The customer finds the order in the portal and follows its shipment.
registry.category("web_tour.tours").add("crm_order_execution_portal_progress", {
    steps: () => [
        {
            content: "The order list shows the last milestone reached",
            trigger: ".o_portal_my_doc_table .o_shipment_last_milestone:contains('Bill of lading issued')",
        },
        {
            content: "Open the order",
            trigger: ".o_portal_my_doc_table tr:has(.o_shipment_last_milestone) td:first-child a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The shipment progress is on the order page",
            trigger: "#shipment_progress h4:contains('Shipment Progress')",
        },
        {
            content: "The bill of lading milestone is done",
            trigger: "#shipment_progress tr.o_shipment_milestone_done:contains('Bill of lading issued') .fa-check",
        },
        {
            content: "The arrival is still to come",
            trigger: "#shipment_progress tr.o_shipment_milestone:contains('Goods at destination port')",
        },
        {
            content: "The customer may still ask for changes",
            trigger: "#shipment_progress_changeable:contains('You can still ask us to change this order.')",
        },
    ],
});
