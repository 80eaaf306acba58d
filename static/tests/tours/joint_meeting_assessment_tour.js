/** @odoo-module **/

import { registry } from "@web/core/registry";

// The target supervision office (目标督查办) computes the year's assessment
// of units again, confirms it and exports it (XLSX) for the district's
// target assessment.

registry.category("web_tour.tours").add("joint_meeting_assessment_tour", {
    steps: () => [
        {
            content: "It is computed",
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current:contains("已计算"), .o_form_view .o_statusbar_status button.o_arrow_button_current:contains("Computed")',
        },
        {
            content: "Compute again with the latest events",
            trigger: '.o_form_view .o_form_statusbar button[name="action_compute"]',
            run: "click",
        },
        {
            content: "The scores are ranked",
            trigger: '.o_form_view .o_field_widget[name="score_ids"] .o_data_row td[name="rank"]:contains("1")',
        },
        {
            content: "Confirm",
            trigger: '.o_form_view .o_form_statusbar button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "Confirm in the dialog",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "It is confirmed",
            trigger: 'body:not(:has(.modal)) .o_form_view .o_statusbar_status button.o_arrow_button_current:contains("已确认"), body:not(:has(.modal)) .o_form_view .o_statusbar_status button.o_arrow_button_current:contains("Confirmed")',
        },
        {
            content: "Export to XLSX",
            trigger: '.o_form_view .o_form_statusbar button[name="action_export_xlsx"]',
            run: "click",
        },
        {
            content: "The XLSX file is served",
            trigger: '.o_form_view .o_form_statusbar button[name="action_export_xlsx"]',
            run: async () => {
                const id = window.location.pathname.split("/").pop();
                const response = await fetch(`/joint_meeting/assessment/${id}/xlsx`);
                const type = response.headers.get("Content-Type") || "";
                if (!response.ok || !type.includes("spreadsheetml")) {
                    throw new Error(`XLSX export failed: ${response.status} ${type}`);
                }
            },
        },
    ],
});
