/** @odoo-module **/

import { registry } from "@web/core/registry";

// Fails the tour when the page, or the content or dialog the user reads,
// scrolls sideways (a phone must not), or when ``button`` lies outside the
// screen.
function fitsThePhone(button) {
    const boxes = [
        document.scrollingElement,
        ...document.querySelectorAll(".o_action_manager, .o_content, .modal-body"),
    ];
    for (const box of boxes) {
        if (box.scrollWidth > box.clientWidth + 1) {
            throw new Error(
                `${box.className || box.tagName} scrolls sideways: ` +
                    `${box.scrollWidth}px > ${box.clientWidth}px`
            );
        }
    }
    if (button) {
        const rect = button.getBoundingClientRect();
        if (rect.width === 0 || rect.left < 0 || rect.right > window.innerWidth + 1) {
            throw new Error(
                `The button ${button.textContent.trim()} is out of reach: ` +
                    `${rect.left}px to ${rect.right}px on a ${window.innerWidth}px screen`
            );
        }
    }
}

// At phone size: the trade union proposes a topic and submits it (Art. 9).
registry.category("web_tour.tours").add("joint_meeting_phone_topic_tour", {
    steps: () => [
        {
            content: "The new topic form fits the phone",
            trigger: '.o_form_view .o_field_widget[name="name"] input',
            run() {
                fitsThePhone();
            },
        },
        {
            content: "Title",
            trigger: '.o_form_view .o_field_widget[name="name"] input',
            run: "edit 关于快递外卖骑手职业伤害保障的议题",
        },
        {
            content: "The meeting collecting proposals is proposed",
            trigger: '.o_field_widget[name="meeting_id"] input:value("第1次联席会议")',
        },
        {
            content: "Category: consultation on rights (Art. 7(4))",
            trigger: '.o_field_widget[name="category"] input',
            run: "click",
        },
        {
            content: "Pick it in the selection menu (19.0: a SelectMenu, not a <select>)",
            trigger: '.o_select_menu_item:contains("群众切身利益协商")',
            run: "click",
        },
        {
            content: "Sub-area: labour safety",
            trigger: '.o_field_widget[name="sub_area"] input',
            run: "click",
        },
        {
            content: "Pick labour safety",
            trigger: '.o_select_menu_item:contains("劳动安全卫生")',
            run: "click",
        },
        {
            content: "Countermeasures",
            trigger: '.o_field_widget[name="countermeasures"] .odoo-editor-editable',
            run: "editor 开展职业伤害保障试点，将骑手纳入工会会员服务。",
        },
        {
            content: "The filled form still fits the phone",
            trigger: ".o_form_button_save",
            run() {
                fitsThePhone(this.anchor);
            },
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The submit button sits beside the next step, within reach",
            trigger: '.o_form_saved .alert-info button[name="action_open_submit"]',
            run() {
                fitsThePhone(this.anchor);
            },
        },
        {
            content: "Open the written proposal",
            trigger: '.o_form_saved .alert-info button[name="action_open_submit"]',
            run: "click",
        },
        {
            content: "Proposed place",
            trigger: '.modal .o_field_widget[name="proposed_place"] input',
            run: "edit 区职工之家",
        },
        {
            content: "The proposal fits the phone, its button within reach",
            trigger: '.modal button[name="action_submit"]',
            run() {
                fitsThePhone(this.anchor);
            },
        },
        {
            content: "Submit the proposal",
            trigger: '.modal button[name="action_submit"]',
            run: "click",
        },
        {
            content: "The topic now waits for the leadership",
            trigger: 'body:not(:has(.modal)) .o_form_view .alert-info:contains("区政府领导")',
            run() {
                fitsThePhone();
            },
        },
    ],
});

// At phone size: the civil affairs bureau reports on its agreed matter (Art. 11).
registry.category("web_tour.tours").add("joint_meeting_phone_followup_tour", {
    steps: () => [
        {
            content: "The agreed matter fits the phone, its report button within reach",
            trigger: '.o_form_view .alert-info button[name="action_report_progress"]',
            run() {
                fitsThePhone(this.anchor);
            },
        },
        {
            content: "Report progress",
            trigger: '.o_form_view .alert-info button[name="action_report_progress"]',
            run: "click",
        },
        {
            content: "The report is the bureau's",
            trigger: '.modal .o_field_widget[name="organization_id"] input:value("仁和区民政局")',
        },
        {
            // The progress bar re-renders its input once focused: type only after.
            content: "Click the percent complete",
            trigger: '.modal .o_field_widget[name="percent"] input',
            run: "click",
        },
        {
            content: "60 percent complete",
            trigger: '.modal .o_field_widget[name="percent"] input:focus',
            run: "edit 60",
        },
        {
            content: "60 is typed in",
            trigger: '.modal .o_field_widget[name="percent"] input:value("60")',
        },
        {
            content: "What was done",
            trigger: '.modal .o_field_widget[name="progress"] .odoo-editor-editable',
            run: "editor 驿站选址已确定，装修方案已报批。",
        },
        {
            content: "The report form fits the phone, its save button within reach",
            trigger: ".modal .o_form_button_save",
            run() {
                fitsThePhone(this.anchor);
            },
        },
        {
            content: "Save the report",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "Back on the matter, which still fits the phone",
            trigger: 'body:not(:has(.modal)) .o_form_view .o_field_widget[name="followup_ids"]',
            run() {
                fitsThePhone();
            },
        },
    ],
});
