/** @odoo-module **/
// Copyright 2026 Foreign Trade CRM Contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

function answer(row, name) {
    const line = `.modal .o_field_widget[name='line_ids'] .o_data_row:eq(${row})`;
    return [
        {
            content: `Answer question ${row + 1}`,
            trigger: `${line} td[name='answer_id']`,
            run: "click",
        },
        {
            content: `Type ${name}`,
            trigger: `${line} .o_field_widget[name='answer_id'] input`,
            run: `edit ${name}`,
        },
        {
            content: `Choose ${name}`,
            trigger: `.o-autocomplete--dropdown-item a:contains('${name}')`,
            run: "click",
        },
    ];
}

// A salesperson evaluates her opportunity: three answers, the weighted score, then the score beside the
// probability it set (her team's policy) while Odoo's automated probability stays visible.
registry.category("web_tour.tours").add("crm_customer_scoring_opportunity_evaluation", {
    steps: () => [
        {
            content: "Evaluate the opportunity",
            trigger: ".o_form_view button[name='action_evaluate']",
            run: "click",
        },
        {
            content: "The team's questionnaire asks its three questions",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row:eq(2)",
        },
        ...answer(0, "Large"),
        ...answer(1, "None"),
        ...answer(2, "Several"),
        {
            content: "The weighted score: (3 × 100 + 1 × 0 + 2 × 20) / 6",
            trigger: ".modal .o_field_widget[name='score']:contains('56.67')",
        },
        {
            content: "Save",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The score is shown beside the probability",
            trigger: ".o_form_view:not(:has(.modal)) .o_field_widget[name='evaluation_score']:contains('56.67')",
        },
        {
            content: "The policy set the probability to the score",
            trigger: ".o_form_view .o_field_widget[name='probability'] input:value(56.67)",
        },
        {
            content: "Odoo's automated probability stays visible",
            trigger: ".o_form_view .o_field_widget[name='automated_probability']:visible",
        },
    ],
});
