/** @odoo-module **/

import { registry } from "@web/core/registry";

// Dates typed in the tours are relative to today, as the demo's deadlines are
// (tests/test_tours.py computes the same ones).
const { DateTime } = luxon;

// The supervision cycle (督办闭环): a unit acknowledges its agreed matter
// (签收), a lead unit returns a matter that is not its competence (退回), the
// supervision office reassigns it (转办), the leadership approves an
// extension of the deadline (延期).

registry.category("web_tour.tours").add("joint_meeting_acknowledge_tour", {
    steps: () => [
        {
            content: "Acknowledge the agreed matter",
            trigger: '.o_form_view button[name="action_acknowledge"]',
            run: "click",
        },
        {
            content: "Nothing left to acknowledge",
            trigger: '.o_form_view:not(:has(button[name="action_acknowledge"])) .o_statusbar_status',
        },
    ],
});

registry.category("web_tour.tours").add("joint_meeting_return_tour", {
    steps: () => [
        {
            content: "Return the matter",
            trigger: '.o_form_view button[name="action_open_return"]',
            run: "click",
        },
        {
            content: "Why it is not the unit's competence",
            trigger: '.modal .o_field_widget[name="reason"] textarea',
            run: "edit 校园安全设施建设属教育部门职责，建议改由区教体局牵头。",
        },
        {
            content: "Confirm the return",
            trigger: '.modal button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "The return is posted on the matter",
            trigger: 'body:not(:has(.modal)) .o-mail-Chatter .o-mail-Message:contains("建议改由区教体局牵头")',
        },
    ],
});

registry.category("web_tour.tours").add("joint_meeting_reassign_tour", {
    steps: () => [
        {
            content: "The matter was returned",
            trigger: '.o_form_view .o_field_widget[name="acknowledgement_state"] .badge.text-bg-danger',
        },
        {
            content: "Reassign it",
            trigger: '.o_form_view button[name="action_open_reassign"]',
            run: "click",
        },
        {
            content: "Choose the new lead unit",
            trigger: '.modal .o_field_widget[name="lead_unit_id"] input',
            run: "edit 教育和体育",
        },
        {
            content: "The education bureau",
            trigger: '.ui-autocomplete .dropdown-item:contains("仁和区教育和体育局")',
            run: "click",
        },
        {
            content: "Reason",
            trigger: '.modal .o_field_widget[name="reason"] textarea',
            run: "edit 经研究，改由区教体局牵头办理。",
        },
        {
            content: "Confirm the reassignment",
            trigger: '.modal button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "The reassignment is posted on the matter",
            trigger: 'body:not(:has(.modal)) .o-mail-Chatter .o-mail-Message:contains("改由区教体局牵头办理")',
        },
    ],
});

registry.category("web_tour.tours").add("joint_meeting_extension_tour", {
    steps: () => [
        {
            content: "A second extension is flagged",
            trigger: ".o_form_view .ribbon:contains('二次延期')",
        },
        {
            content: "Decide on the request",
            trigger: '.o_form_view button[name="action_open_decision"]',
            run: "click",
        },
        {
            content: "Agree",
            trigger: '.modal .o_field_widget[name="comment"] textarea',
            run: "edit 同意延期，请确保按新期限完成。",
        },
        {
            content: "Confirm",
            trigger: '.modal button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "The request is approved",
            trigger: 'body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current[data-value="approved"]',
        },
    ],
});

registry.category("web_tour.tours").add("joint_meeting_notice_tour", {
    steps: () => [
        {
            content: "A red notice was prepared",
            trigger: '.o_form_view .o_field_widget[name="colour"] .badge.text-bg-danger',
        },
        {
            content: "Issue it",
            trigger: '.o_form_view button[name="action_issue"]',
            run: "click",
        },
        {
            content: "It is numbered",
            trigger: '.o_form_view .o_field_widget[name="number"]:contains("督办单〔")',
        },
        {
            content: "It can be printed",
            trigger: '.o_form_view button[name="action_print"]',
        },
    ],
});

// The lead unit plans its matter (序时进度) and requests a new deadline (延期申请).
registry.category("web_tour.tours").add("joint_meeting_plan_and_request_tour", {
    steps: () => [
        {
            content: "The plan of the matter",
            trigger: '.o_notebook a.nav-link[name="plan"]',
            run: "click",
        },
        {
            content: "Open the plan of the matter",
            trigger: '.o_form_view button[name="action_view_milestones"]',
            run: "click",
        },
        {
            content: "Add a milestone",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            content: "Planned date",
            trigger: '.o_data_row.o_selected_row .o_field_widget[name="planned_date"] input',
            run: `edit ${DateTime.now().plus({ days: 18 }).toISODate()}`,
        },
        {
            content: "What is done by then",
            trigger: '.o_data_row.o_selected_row .o_field_widget[name="name"] input',
            run: "edit 完成首批入住青年人才登记",
        },
        {
            content: "Planned progress",
            trigger: '.o_data_row.o_selected_row .o_field_widget[name="planned_percent"] input',
            run: "edit 90",
        },
        {
            content: "Save the plan",
            trigger: ".o_list_view .o_list_button_save",
            run: "click",
        },
        {
            content: "The milestone is in the plan",
            trigger: '.o_list_view .o_data_row:not(.o_selected_row) td:contains("完成首批入住青年人才登记")',
        },
        {
            content: "Back to the matter",
            trigger: '.o_breadcrumb .breadcrumb-item a:contains("建设青年人才驿站")',
            run: "click",
        },
        {
            content: "Request an extension",
            trigger: '.o_form_view button[name="action_request_extension"]',
            run: "click",
        },
        {
            content: "New deadline",
            trigger: '.modal .o_field_widget[name="requested_deadline"] input',
            run: `edit ${DateTime.now().plus({ days: 120 }).toISODate()}`,
        },
        {
            content: "Why",
            trigger: '.modal .o_field_widget[name="reason"] textarea',
            run: "edit 驿站运营主体招标延期，需顺延至一季度末。",
        },
        {
            content: "Submit the request",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "Open the extension requests of the matter",
            trigger: 'body:not(:has(.modal)) .o_notebook a.nav-link[name="extensions"]',
            run: "click",
        },
        {
            content: "The request is listed on the matter",
            trigger: 'body:not(:has(.modal)) .o_form_view .o_field_widget[name="extension_ids"] td:contains("驿站运营主体招标延期")',
        },
    ],
});

// The supervision office reviews, then the leadership approves, a request.
registry.category("web_tour.tours").add("joint_meeting_extension_decide_tour", {
    steps: () => [
        {
            content: "Review or decide on the request",
            trigger: '.o_form_view button[name="action_open_decision"]',
            run: "click",
        },
        {
            content: "Comment",
            trigger: '.modal .o_field_widget[name="comment"] textarea',
            run: "edit 理由充分，同意。",
        },
        {
            content: "Confirm",
            trigger: '.modal button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "The decision is recorded",
            trigger: 'body:not(:has(.modal)) .o_form_view .o_field_widget[name="reviewer_id"]',
        },
    ],
});
