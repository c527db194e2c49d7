/** @odoo-module **/
// Copyright 2026 Foreign Trade CRM Contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

// A salesperson marks a call done from the customer's chatter and says the customer refused.
registry.category("web_tour.tours").add("crm_customer_scoring_churn_response", {
    steps: () => [
        {
            content: "Mark the call done",
            trigger: ".o-mail-Activity:contains('Call about the next season') .o-mail-Activity-markDone",
            run: "click",
        },
        {
            content: "The customer refused",
            trigger: ".o-mail-ActivityMarkAsDone select.o-crm-customer-response",
            run: "select refused",
        },
        {
            content: "Done",
            trigger: ".o-mail-ActivityMarkAsDone button[aria-label='Done']",
            run: "click",
        },
        {
            content: "The call is done: it left the planned activities",
            trigger: ".o-mail-Chatter:not(:has(.o-mail-Activity:contains('Call about the next season')))",
        },
    ],
});
