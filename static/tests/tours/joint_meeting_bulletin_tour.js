/** @odoo-module **/

import { registry } from "@web/core/registry";

// The supervision office checks the quarter's compiled bulletin (督查通报)
// and issues it with its number.
registry.category("web_tour.tours").add("joint_meeting_bulletin_tour", {
    steps: () => [
        {
            content: "Open the draft bulletin of the last quarter",
            trigger: '.o_data_row:has(td[name="state"]:contains("草稿")) td.o_data_cell[name="name"]',
            run: "click",
        },
        {
            content: "The bulletin is a draft",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("草稿")',
        },
        {
            content: "Its units and their verdicts are compiled",
            trigger: '.o_notebook a[name="units"]',
            run: "click",
        },
        {
            content: "Units are listed",
            trigger: '.o_field_widget[name="line_ids"] .o_data_row',
        },
        {
            content: "Back to the text",
            trigger: '.o_notebook a[name="text"]',
            run: "click",
        },
        {
            content: "Write the requirements",
            trigger: '.o_field_widget[name="remarks"] .odoo-editor-editable',
            run: "editor 各牵头单位要于下季度首月10日前报送整改情况。",
        },
        {
            content: "Issue the bulletin",
            trigger: '.o_form_view button[name="action_issue"]',
            run: "click",
        },
        {
            content: "Confirm",
            trigger: '.modal-footer button.btn-primary',
            run: "click",
        },
        {
            content: "The bulletin is issued with its number",
            trigger: 'body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current:contains("已印发")',
        },
        {
            content: "Its number",
            trigger: '.o_field_widget[name="number"]:contains("仁督通")',
        },
    ],
});
