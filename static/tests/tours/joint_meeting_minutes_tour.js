/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// Art. 11: the minutes are drafted jointly by the government office and the
// mass organisations, approved by the district government and issued as its
// meeting minutes. One tour per login: office, leadership, office again.

// The draft of the coming meeting (the demo names it after that meeting's year).
const MINUTES = "区人民政府与区级群团组织联席会议纪要（代拟稿）";

function openMinutes() {
    return [
        {
            content: "Open the draft minutes of the coming meeting",
            trigger: `.o_data_row td.o_data_cell:contains("${MINUTES}")`,
            run: "click",
        },
    ];
}

// The office completes the draft, sends it to joint review, confirms the text
// for itself and asks leadership to approve without the union's confirmation.
registry.category("web_tour.tours").add("joint_meeting_minutes_office_tour", {
    steps: () => [
        ...openMinutes(),
        {
            content: "The minutes are a draft",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("草稿")',
        },
        {
            content: "Write the text",
            trigger: '.o_field_widget[name="body"] .odoo-editor-editable p',
            run: "editor 区长张伟主持召开区人民政府与区级群团组织联席会议，研究了群众关心的突出问题。现纪要如下：",
        },
        {
            content: "Main recipients",
            trigger: '.o_field_widget[name="main_recipients"] textarea',
            run: "edit 各乡镇人民政府，区政府各部门，区级群团组织",
        },
        {
            content: "Agreed matters",
            trigger: '.o_notebook .nav-link:contains("议定事项")',
            run: "click",
        },
        {
            content: "Add an agreed matter",
            trigger: '.o_field_widget[name="resolution_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            content: "Its short title",
            trigger: '.o_field_widget[name="resolution_ids"] .o_data_row .o_field_widget[name="name"] input',
            run: "edit 建立农民工工资支付保障机制",
        },
        {
            content: "Lead unit",
            trigger: '.o_field_widget[name="resolution_ids"] .o_data_row .o_field_widget[name="lead_unit_id"] input',
            run: "edit 人力资源",
        },
        {
            content: "The human resources bureau",
            trigger: '.o-autocomplete--dropdown-item a:contains("仁和区人力资源和社会保障局")',
            run: "click",
        },
        {
            content: "Deadline in two months",
            trigger: '.o_field_widget[name="resolution_ids"] .o_data_row .o_field_widget[name="deadline"] input',
            run: "edit +60",
        },
        ...stepUtils.saveForm(),
        {
            content: "Submit for joint review",
            trigger: '.o_form_view button[name="action_submit_review"]',
            run: "click",
        },
        {
            content: "The minutes are in joint review",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("会签")',
        },
        {
            content: "Neither drafting organisation has confirmed yet",
            trigger: '.o_field_widget[name="missing_confirmation_ids"]:contains("仁和区人民政府办公室"):contains("仁和区总工会")',
        },
        {
            content: "The office confirms the text",
            trigger: '.o_form_view button[name="action_confirm_text"]',
            run: "click",
        },
        {
            content: "Only the trade union has not confirmed",
            trigger: '.o_field_widget[name="missing_confirmation_ids"]:contains("仁和区总工会"):not(:contains("仁和区人民政府办公室"))',
        },
        {
            content: "Reason to proceed without the union's confirmation",
            trigger: '.o_field_widget[name="override_reason"] textarea',
            run: "edit 区总工会负责人出差在外，已电话确认文本无异议，先行报请审定。",
        },
        {
            content: "Request approval",
            trigger: '.o_form_view button[name="action_request_approval_button"]',
            run: "click",
        },
        {
            content: "Leadership has an approval activity",
            trigger: '.o-mail-Activity:contains("审定会议纪要")',
        },
    ],
});

// The chair approves the minutes.
registry.category("web_tour.tours").add("joint_meeting_minutes_leader_tour", {
    steps: () => [
        ...openMinutes(),
        {
            content: "The minutes are in joint review",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("会签")',
        },
        {
            content: "The office gave its reason to proceed, read-only for the leader",
            trigger: '.o_field_widget[name="override_reason"]:not(:has(textarea)):contains("区总工会负责人出差在外")',
        },
        {
            content: "Approve",
            trigger: '.o_form_view button[name="action_approve"]',
            run: "click",
        },
        {
            content: "The minutes are approved",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("已审定")',
        },
    ],
});

// The office issues the approved minutes with a document number.
registry.category("web_tour.tours").add("joint_meeting_minutes_issue_tour", {
    steps: () => [
        ...openMinutes(),
        {
            content: "The minutes are approved",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("已审定")',
        },
        {
            content: "Issue",
            trigger: '.o_form_view button[name="action_issue"]',
            run: "click",
        },
        {
            content: "The minutes are issued",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("已印发")',
        },
        {
            content: "They carry their document number",
            trigger: '.o_form_view .o_field_widget[name="document_number"]:contains("仁府纪")',
        },
    ],
});
