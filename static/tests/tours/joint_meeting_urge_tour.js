/** @odoo-module **/

import { registry } from "@web/core/registry";

// Art. 11: the target supervision office (目标督查办) urges the units of an
// overdue agreed matter with a numbered urging notice (催办通知).

const MATTER = "设立职工困难帮扶专项资金";

registry.category("web_tour.tours").add("joint_meeting_urge_tour", {
    steps: () => [
        {
            content: "The agreed matters are listed",
            trigger: `.o_data_row td.o_data_cell:contains("${MATTER}")`,
        },
        {
            content: "Open the search options",
            trigger: ".o_control_panel .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Filter the overdue matters",
            trigger: '.o_filter_menu .o_menu_item:contains("逾期"), .o_filter_menu .o_menu_item:contains("Overdue")',
            run: "click",
        },
        {
            content: "The overdue filter is on",
            trigger: '.o_searchview_facet .o_facet_value:contains("逾期"), .o_searchview_facet .o_facet_value:contains("Overdue")',
        },
        {
            content: "Close the search options",
            trigger: ".o_control_panel .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Only overdue matters are left",
            trigger: `.o_list_view:not(:has(.o_data_row:not(:contains("${MATTER}")))) .o_data_row td.o_data_cell:contains("${MATTER}")`,
        },
        {
            content: "Open the overdue matter",
            trigger: `.o_data_row td.o_data_cell:contains("${MATTER}")`,
            run: "click",
        },
        {
            content: "It is marked overdue",
            trigger: '.o_form_view .o_field_widget[name="traffic_light"] .badge.text-bg-danger',
        },
        {
            content: "Urge",
            trigger: '.o_form_view button[name="action_open_urge"]',
            run: "click",
        },
        {
            content: "The urging notice is about this matter",
            trigger: `.modal .o_field_widget[name="resolution_ids"]:contains("${MATTER}")`,
        },
        {
            content: "Message to the units",
            trigger: '.modal .o_field_widget[name="message"] textarea',
            run: "edit 该事项已超过办理时限，请区财政局于三日内书面报告资金到位情况及下一步措施。",
        },
        {
            content: "Send the urging notices",
            trigger: '.modal button[name="action_urge"]',
            run: "click",
        },
        {
            content: "The notice number is shown",
            trigger: 'body:not(:has(.modal)) .o_notification:contains("督办〔")',
        },
        {
            content: "The notice is posted on the matter",
            trigger: '.o-mail-Chatter .o-mail-Message:contains("督办〔"):contains("三日内书面报告")',
        },
        {
            content: "Supervision tab",
            trigger: '.o_notebook .nav-link[name="supervision"]',
            run: "click",
        },
        {
            content: "The matter has been urged twice",
            trigger: '.o_form_view .o_field_widget[name="urge_count"]:contains("2")',
        },
    ],
});
