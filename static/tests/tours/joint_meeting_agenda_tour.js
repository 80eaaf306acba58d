/** @odoo-module **/

import { registry } from "@web/core/registry";

// Art. 9: the district government's leadership approves (审定) the topics and
// fixes the time, place and agenda of the meeting collecting proposals.
registry.category("web_tour.tours").add("joint_meeting_agenda_tour", {
    steps: () => [
        {
            content: "The meeting collects proposals",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("议题征集")',
        },
        {
            content: "Open the meeting's topics",
            trigger: '.o_form_view button[name="action_view_topics"]',
            run: "click",
        },
        {
            content: "The meeting's topics are listed",
            trigger: '.o_last_breadcrumb_item:contains("议题")',
        },
        {
            content: "Open the topic still waiting for approval",
            trigger: '.o_data_row td.o_data_cell:contains("关于解决区科技馆活动场地的议题")',
            run: "click",
        },
        {
            content: "The topic is submitted",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("已提交")',
        },
        {
            content: "Review the topic",
            trigger: '.o_form_view button[name="action_open_review"]',
            run: "click",
        },
        {
            content: "Review comment",
            trigger: '.modal .o_field_widget[name="comment"] textarea',
            run: "edit 同意列入议程，请区教体局、区财政局研究闲置校舍改建方案。",
        },
        {
            content: "Accept the topic onto the agenda",
            trigger: '.modal button[name="action_accept"]',
            run: "click",
        },
        {
            content: "The topic is accepted",
            trigger: 'body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current:contains("已采纳")',
        },
        {
            content: "Back to the meeting",
            trigger: '.o_breadcrumb .breadcrumb-item a:contains("第1次联席会议")',
            run: "click",
        },
        {
            content: "Before the step, the form says which consultations are unanswered",
            trigger: '.o_jm_step_warning .o_field_widget[name="jm_warning"]:contains("人力资源")',
        },
        {
            content: "Approve the time, place and agenda",
            trigger: '.o_form_view .o_statusbar_buttons button[name="action_approve"]:visible',
            run: "click",
        },
        {
            content: "Approve anyway, knowing the replies are missing",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The meeting is approved",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("已审定")',
        },
    ],
});
