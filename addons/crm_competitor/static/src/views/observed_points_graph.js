/** @odoo-module **/
// Copyright 2026 Foreign Trade CRM Contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";
import {GraphModel} from "@web/views/graph/graph_model";
import {graphView} from "@web/views/graph/graph_view";

/**
 * Lines drawn through observations only. Odoo's graph gives a series 0 wherever it has no group
 * (a month without a price seen from that competitor); a price gap of 0 % would read "same price as
 * ours". Such points become gaps in the line (null), real points keep their value.
 */
export class ObservedPointsGraphModel extends GraphModel {
    _getData() {
        const data = super._getData(...arguments);
        if (this.metaData.mode === "line") {
            for (const dataset of data.datasets) {
                // a point read from the server has its group's domain; a filled-in one has []
                dataset.data = dataset.data.map((value, index) =>
                    dataset.domains[index]?.length ? value : null
                );
            }
        }
        return data;
    }
}

registry.category("views").add("crm_competitor_observed_graph", {
    ...graphView,
    Model: ObservedPointsGraphModel,
});
