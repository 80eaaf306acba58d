/** @odoo-module **/

import { registry } from "@web/core/registry";

// Fails the tour when the page scrolls sideways (a phone must not).
function noHorizontalScroll() {
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth + 1) {
        throw new Error(`The page scrolls sideways: ${root.scrollWidth}px > ${window.innerWidth}px`);
    }
}

// Leadership lands on its workbench: the agenda and the submitted topic to approve.
registry.category("web_tour.tours").add("joint_meeting_workbench_leader_tour", {
    steps: () => [
        {
            content: "The workbench is the home: the steps to approve",
            trigger: '.o_kanban_group .o_column_title:contains("待审批")',
        },
        {
            content: "The meeting's time, place and agenda await approval",
            trigger: '.o_kanban_record:contains("年第1次联席会议")',
        },
        {
            content: "Open the submitted topic",
            trigger: '.o_kanban_record:contains("关于解决区科技馆活动场地的议题")',
            run: "click",
        },
        {
            content: "The topic form says what happens next",
            trigger: '.o_form_view .alert-info:contains("等待区政府领导审定")',
        },
    ],
});

// A mass organisation lands on its workbench: its draft topic to submit.
registry.category("web_tour.tours").add("joint_meeting_workbench_organization_tour", {
    steps: () => [
        {
            content: "The workbench lists the topic to submit, with its deadline",
            trigger: '.o_kanban_group:contains("待报送") .o_kanban_record:contains("助残重点工作通报")',
        },
        {
            content: "Nothing of the other organisations",
            trigger: 'body:not(:has(.o_kanban_record:contains("关于解决区科技馆活动场地的议题")))',
        },
        {
            content: "Open it",
            trigger: '.o_kanban_record:contains("助残重点工作通报")',
            run: "click",
        },
        {
            content: "The form says who submits it and by when",
            trigger: '.o_form_view .alert-info:contains("仁和区残疾人联合会")',
        },
    ],
});

// The supervision office lands on its workbench: the follow-up report to review.
registry.category("web_tour.tours").add("joint_meeting_workbench_supervisor_tour", {
    steps: () => [
        {
            content: "The report awaits review",
            trigger: '.o_kanban_group:contains("待审定") .o_kanban_record:contains("进展报告")',
        },
        {
            content: "Handle it",
            trigger: '.o_kanban_group:contains("待审定") .o_kanban_record:contains("进展报告") button[name="action_open_record"]',
            run: "click",
        },
        {
            content: "The report form says the supervision office reviews it",
            trigger: '.o_form_view .alert-info:contains("等待目标督查办审核")',
        },
    ],
});

// At phone size: a department replies from its workbench.
registry.category("web_tour.tours").add("joint_meeting_workbench_phone_reply_tour", {
    steps: () => [
        {
            content: "The workbench on the phone lists the consultation to reply",
            trigger: '.o_kanban_record:contains("关于促进高校毕业生返乡就业创业的议题")',
            run: noHorizontalScroll,
        },
        {
            content: "Open it",
            trigger: '.o_kanban_record:contains("关于促进高校毕业生返乡就业创业的议题")',
            run: "click",
        },
        {
            content: "The form says who replies and by when",
            trigger: '.o_form_view .alert-info:contains("等待仁和区人力资源和社会保障局答复")',
            run: noHorizontalScroll,
        },
        {
            content: "Reply, with the button beside the next step",
            trigger: '.o_form_view .alert-info button[name="action_open_reply"]',
            run: "click",
        },
        {
            content: "Position: agree",
            trigger: '.modal .o_field_widget[name="position"] input[data-value="agree"]',
            run: "click",
        },
        {
            content: "Signed by",
            trigger: '.modal .o_field_widget[name="signed_by"] input',
            run: "edit 孙浩",
        },
        {
            content: "Reply text",
            trigger: '.modal .o_field_widget[name="reply_text"] .odoo-editor-editable',
            run: "editor 同意。",
        },
        {
            content: "The reply form fits the phone",
            trigger: '.modal button[name="action_confirm"]',
            run: noHorizontalScroll,
        },
        {
            content: "Send the reply",
            trigger: '.modal button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "The consultation is replied",
            trigger: 'body:not(:has(.modal)) .o_form_view .o_field_widget[name="position"]:contains("同意")',
            run: noHorizontalScroll,
        },
    ],
});
