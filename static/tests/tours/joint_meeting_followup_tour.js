/** @odoo-module **/

import { registry } from "@web/core/registry";

// Art. 11: the units report the implementation of their agreed matters and the
// target supervision office (目标督查办) reviews and rates their reports.
// Two tours, one per login: the lead unit reports, the supervisor accepts.

const MATTER = "建设青年人才驿站";
const UNIT = "仁和区民政局";

// Art. 11: the civil affairs bureau, lead unit of the youth talent station,
// reports its progress.
registry.category("web_tour.tours").add("joint_meeting_followup_tour", {
    steps: () => [
        {
            content: "Open the agreed matter led by the bureau",
            trigger: `.o_data_row td.o_data_cell:contains("${MATTER}")`,
            run: "click",
        },
        {
            content: "The matter is in progress",
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="in_progress"]',
        },
        {
            content: "Report progress",
            trigger: '.o_form_view button[name="action_report_progress"]',
            run: "click",
        },
        {
            content: "The report is the bureau's",
            trigger: `.modal .o_field_widget[name="organization_id"] input:value("${UNIT}")`,
        },
        {
            // The progress bar re-renders its input once focused: type only after.
            content: "Click the percent complete",
            trigger: '.modal .o_field_widget[name="percent"] input',
            run: "click",
        },
        {
            content: "80 percent complete",
            trigger: '.modal .o_field_widget[name="percent"] input:focus',
            run: "edit 80",
        },
        {
            content: "80 is typed in",
            trigger: '.modal .o_field_widget[name="percent"] input:value("80")',
        },
        {
            content: "What was done",
            trigger: '.modal .o_field_widget[name="progress"] .odoo-editor-editable',
            run: "editor 驿站装修已完工，家具设备已采购到位，计划下月试运行。",
        },
        {
            content: "The progress bar shows 80 percent",
            trigger: '.modal .o_field_widget[name="percent"] .o_progress[aria-valuenow="80"]',
        },
        {
            content: "Save the report",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The report is listed on the matter",
            trigger: `body:not(:has(.modal)) .o_field_widget[name="followup_ids"] .o_data_row:contains("${UNIT}") .o_progress[aria-valuenow="80"]`,
        },
    ],
});

// Art. 11: the supervision office accepts the bureau's report and rates it.
registry.category("web_tour.tours").add("joint_meeting_followup_review_tour", {
    steps: () => [
        {
            content: "Open the bureau's report waiting for review",
            trigger: `.o_data_row:contains("${UNIT}") td.o_data_cell:contains("${MATTER}")`,
            run: "click",
        },
        {
            content: "The report is submitted",
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="submitted"]',
        },
        {
            content: "It says 80 percent",
            trigger: '.o_form_view .o_field_widget[name="percent"]:contains("80")',
        },
        {
            content: "Review",
            trigger: '.o_form_view button[name="action_open_review"]',
            run: "click",
        },
        {
            content: "Accept",
            trigger: '.modal .o_field_widget[name="decision"] input[data-value="accept"]',
            run: "click",
        },
        {
            content: "Rating: fairly good",
            trigger: '.modal .o_field_widget[name="rating"] input[data-value="fairly_good"]',
            run: "click",
        },
        {
            content: "Review comment",
            trigger: '.modal .o_field_widget[name="comment"] textarea',
            run: "edit 进展较快，请按期完成试运行。",
        },
        {
            content: "Confirm",
            trigger: '.modal button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "The report is accepted",
            trigger: 'body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current[data-value="accepted"]',
        },
    ],
});

// Art. 11: the finance bureau, lead unit of the hardship fund, reports; its
// report starts from the trade union's part (the co-unit) and consolidates it.
registry.category("web_tour.tours").add("joint_meeting_consolidated_report_tour", {
    steps: () => [
        {
            content: "Report progress on the matter the bureau leads",
            trigger: '.o_form_view button[name="action_report_progress"]',
            run: "click",
        },
        {
            content: "The report is the lead unit's",
            trigger: '.modal .o_field_widget[name="organization_id"] input:value("仁和区财政局")',
        },
        {
            content: "Click the percent complete",
            trigger: '.modal .o_field_widget[name="percent"] input',
            run: "click",
        },
        {
            content: "70 percent complete",
            trigger: '.modal .o_field_widget[name="percent"] input:focus',
            run: "edit 70",
        },
        {
            content: "70 is typed in",
            trigger: '.modal .o_field_widget[name="percent"] input:value("70")',
        },
        {
            content: "It starts from the co-unit's part",
            trigger: '.modal .o_field_widget[name="progress"] .odoo-editor-editable:contains("建档摸底")',
            run: "click",
        },
        {
            content: "The progress bar shows 70 percent",
            trigger: '.modal .o_field_widget[name="percent"] .o_progress[aria-valuenow="70"]',
        },
        {
            content: "Save the consolidated report",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The report is listed on the matter",
            trigger: 'body:not(:has(.modal)) .o_field_widget[name="followup_ids"] .o_data_row:contains("仁和区财政局") .o_progress[aria-valuenow="70"]',
        },
    ],
});
