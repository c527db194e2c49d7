/** @odoo-module **/
// Copyright 2026 Foreign Trade CRM Contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";

// The sales manager reads the price gaps per competitor: a competitor not observed in a month has no
// point there (a gap in its line), not 0 %.
registry.category("web_tour.tours").add("crm_competitor_price_graph", {
    steps: () => [
        {
            content: "The price gap graph is drawn",
            trigger: ".o_graph_renderer canvas",
        },
        {
            content: "Ningbo's line has its January point only, Shenzhen's January and April",
            trigger: ".o_graph_renderer canvas",
            run() {
                const chart = window.Chart.getChart(document.querySelector(".o_graph_renderer canvas"));
                const line = (name) => chart.data.datasets.find((d) => d.label.includes(name)).data;
                const observed = (data) => data.filter((value) => value !== null).map(Math.round);
                // other months (the demo's observations) are gaps in both lines too, never 0
                const ningbo = line("Ningbo Cablestar");
                const shenzhen = line("Shenzhen Golden Wire");
                if (JSON.stringify(observed(ningbo)) !== "[5]" || !ningbo.includes(null)) {
                    throw new Error(`Ningbo: ${JSON.stringify(ningbo)} over ${chart.data.labels}`);
                }
                if (JSON.stringify(observed(shenzhen)) !== "[-10,-20]") {
                    throw new Error(`Shenzhen: ${JSON.stringify(shenzhen)} over ${chart.data.labels}`);
                }
            },
        },
    ],
});
