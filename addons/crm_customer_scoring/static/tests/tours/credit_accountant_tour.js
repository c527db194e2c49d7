/** @odoo-module **/
// Copyright 2026 Foreign Trade CRM Contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

// An accountant, in the Chinese UI, reads a customer's credit and overdue amounts on its form.
registry.category("web_tour.tours").add("crm_customer_scoring_accountant_credit", {
    steps: () => [
        {
            content: "Open the Credit tab (信用)",
            trigger: ".o_notebook_headers a[name='credit_policy']:contains('信用')",
            run: "click",
        },
        {
            content: "The credit limit is shown, read only",
            trigger: ".o_field_widget[name='credit_limit']:contains('50,000.00'):not(:has(input))",
        },
        {
            content: "The exposure adds receivables and the confirmed order",
            trigger: ".o_field_widget[name='credit_exposure']:contains('1,800.00')",
        },
        {
            content: "The overdue amount",
            trigger: ".o_field_widget[name='credit_overdue']:contains('1,000.00')",
        },
        {
            content: "It is 31 to 60 days overdue",
            trigger: ".o_field_widget[name='credit_overdue_31_60']:contains('1,000.00')",
        },
        {
            content: "Nothing older",
            trigger: ".o_field_widget[name='credit_overdue_90_plus']:contains('0.00')",
        },
        {
            content: "The credit application of the customer is listed",
            trigger: ".o_field_widget[name='credit_application_ids'] .o_data_row",
        },
    ],
});
