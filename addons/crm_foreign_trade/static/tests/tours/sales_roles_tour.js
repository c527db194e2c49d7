/** @odoo-module **/
// Copyright 2026 Foreign Trade CRM Contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// Chinese words the users read (Odoo's and this module's zh_CN terms)
const GERMANY = "德国";
const SUBMITTED = "已提交";
const REVIEWED = "已审阅";
const DRAFT = "草稿";

// The salesperson, in the Chinese UI: her pipeline card tells the customer's class and country, her week's
// visits are in a calendar, and she reports the visit she made.
registry.category("web_tour.tours").add("crm_foreign_trade_salesperson_visits", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the CRM app",
            trigger: ".o_app[data-menu-xmlid='crm.crm_menu_root']",
            run: "click",
        },
        {
            content: "Her opportunity card shows the customer's class and country",
            trigger:
                ".o_kanban_record:contains('Cable tray for Hamburg') [name='customer_profile']" +
                `:has([name='customer_class']):contains('${GERMANY}')`,
        },
        {
            content: "Open the CRM's Sales menu",
            trigger: ".o_main_navbar .dropdown-toggle[data-menu-xmlid='crm.crm_menu_sales']",
            run: "click",
        },
        {
            content: "Open her visit planning",
            trigger: ".dropdown-item[data-menu-xmlid='crm_foreign_trade.menu_crm_visit_planning']",
            run: "click",
        },
        {
            content: "The planned visit is in the calendar",
            trigger: ".o_calendar_renderer .fc-event:contains('Nordlicht Elektro')",
        },
        {
            content: "See the planned visits as a list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open the planned visit",
            trigger: ".o_list_view .o_data_row:contains('Nordlicht Elektro') td[name='partner_id']",
            run: "click",
        },
        {
            content: "Write its visit report",
            trigger: ".o_form_view button[name='action_new_visit_report']",
            run: "click",
        },
        {
            content: "The report is for the planned customer",
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input:value(Nordlicht Elektro GmbH)",
        },
        {
            content: "Write the findings",
            trigger: ".o_field_html[name='findings'] div.o-paragraph",
            run: "editor Their new plant in Poland needs H05VV-F cords.",
        },
        {
            content: "Submit the report",
            trigger: "button[name='action_submit']",
            run: "click",
        },
        {
            content: "The report is submitted (in Chinese)",
            trigger: `.o_statusbar_status button.o_arrow_button_current:contains('${SUBMITTED}')`,
        },
    ],
});

// The branch manager, in the Chinese UI: the visit reports' columns follow the workflow; she reviews the
// report of a salesperson of her team.
registry.category("web_tour.tours").add("crm_foreign_trade_branch_manager_review", {
    steps: () => [
        {
            content: "See the visit reports as cards",
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        {
            content: "First column: draft",
            trigger: `.o_kanban_renderer .o_kanban_group:eq(0) .o_column_title:contains('${DRAFT}')`,
        },
        {
            content: "Second column: submitted",
            trigger: `.o_kanban_renderer .o_kanban_group:eq(1) .o_column_title:contains('${SUBMITTED}')`,
        },
        {
            content: "Third column: reviewed",
            trigger: `.o_kanban_renderer .o_kanban_group:eq(2) .o_column_title:contains('${REVIEWED}')`,
        },
        {
            content: "Open the submitted report of her team",
            trigger: ".o_kanban_renderer .o_kanban_group:eq(1) .o_kanban_record:contains('Hanse Kabelwerk')",
            run: "click",
        },
        {
            content: "The findings are there",
            trigger: ".o_field_html[name='findings']:contains('Poland')",
        },
        {
            content: "Comment for the salesperson",
            trigger: ".o_field_widget[name='review_comment'] textarea",
            run: "edit Send the VDE certificate with the offer.",
        },
        {
            content: "Mark the report reviewed",
            trigger: "button[name='action_review']",
            run: "click",
        },
        {
            content: "The report is reviewed (in Chinese)",
            trigger: `.o_statusbar_status button.o_arrow_button_current:contains('${REVIEWED}')`,
        },
    ],
});

// The sales manager, in the Chinese UI, lands on the pipeline of the team she leads (not an empty "My
// Pipeline") and opens its analysis.
registry.category("web_tour.tours").add("crm_foreign_trade_sales_manager_pipeline", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the CRM app",
            trigger: ".o_app[data-menu-xmlid='crm.crm_menu_root']",
            run: "click",
        },
        {
            content: "Her pipeline is filtered on the team she leads",
            trigger: ".o_searchview_facet:contains('Export Desk')",
        },
        {
            content: "Her team's opportunities are there, her salespeople's included",
            trigger: ".o_kanban_record:contains('Cable tray for Hamburg')",
        },
        {
            content: "The customer's country is on the card in Chinese",
            trigger: `.o_kanban_record:contains('Cable tray for Hamburg') [name='customer_profile']:contains('${GERMANY}')`,
        },
        {
            content: "Open the pipeline as a graph",
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "The graph of her team's pipeline",
            trigger: ".o_graph_renderer canvas",
        },
    ],
});
