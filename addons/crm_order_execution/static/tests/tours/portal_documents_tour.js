/** @odoo-module **/
// Copyright 2026 Foreign Trade CRM Contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";

function documentLink(document, label) {
    const link = `#export_documents a.o_export_document_download[data-export-document='${document}']`;
    return {
        content: `Download the ${document} document (${label})`,
        trigger: `${link}:contains('${label}')`,
        // the link downloads a file: fetch it as the customer's browser would and check it is a PDF
        async run() {
            const href = this.anchor.getAttribute("href");
            if (!href.includes(`/export_document/${document}`) || !href.includes("download=true")) {
                throw new Error(`Unexpected ${document} link: ${href}`);
            }
            const response = await fetch(href);
            const type = response.headers.get("Content-Type");
            if (!response.ok || type !== "application/pdf") {
                throw new Error(`${document}: ${response.status} ${type}`);
            }
        },
    };
}

// A customer reading Chinese follows an order and finds its export documents.
registry.category("web_tour.tours").add("crm_order_execution_portal_documents", {
    steps: () => [
        {
            content: "Open the order being shipped",
            trigger: ".o_portal_my_doc_table tr:has(.o_shipment_last_milestone) td:first-child a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The shipment progress reads in Chinese",
            trigger: "#shipment_progress h4:contains('发货进度')",
        },
        {
            content: "The bill of lading milestone is done",
            trigger: "#shipment_progress tr.o_shipment_milestone_done .fa-check",
        },
        documentLink("proforma", "形式发票"),
        documentLink("commercial", "商业发票"),
        documentLink("packing", "箱单"),
    ],
});
