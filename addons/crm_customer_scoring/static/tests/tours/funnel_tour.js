/** @odoo-module **/
// Copyright 2026 Foreign Trade CRM Contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

// A sales manager reads this month's funnel of a team and opens the opportunities won from a stage.
registry.category("web_tour.tours").add("crm_customer_scoring_funnel", {
    steps: () => [
        {
            content: "Choose the team",
            trigger: ".modal .o_field_widget[name=team_id] input",
            run: "edit Tour Export Team",
        },
        {
            content: "Pick it",
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour Export Team')",
            run: "click",
        },
        {
            content: "Show the funnel",
            trigger: ".modal button[name=action_compute]",
            run: "click",
        },
        {
            content: "The team's first stage: three entered, one moved on, one won, one still open",
            trigger:
                ".o_list_view .o_data_row:contains('Tour New'):has(td[name=entered]:contains('3'))" +
                ":has(td[name=left_forward]:contains('1')):has(td[name=won]:contains('1'))" +
                ":has(td[name=end]:contains('1'))",
        },
        {
            content: "Open the opportunities won from it",
            trigger: ".o_data_row:contains('Tour New') button[name=action_open_leads]:has(.fa-trophy)",
            run: "click",
        },
        {
            content: "The won opportunity is listed",
            trigger: ".o_list_view .o_data_row:contains('Tour Deal Won')",
        },
    ],
});
