/** @odoo-module **/

import { registry } from "@web/core/registry";

// The button of the user's step is on the phone's screen, in the form's
// status bar itself: not folded into the header's menu (on a small screen
// Odoo shows the first visible button of the header and folds the others),
// and not cut off at the edge.
function onTheScreen(button) {
    if (button.closest(".dropdown-menu, .o-dropdown--menu")) {
        throw new Error(`${button.textContent.trim()} is folded into a menu`);
    }
    const rect = button.getBoundingClientRect();
    if (rect.width === 0 || rect.left < 0 || rect.right > window.innerWidth + 1) {
        throw new Error(
            `The button ${button.textContent.trim()} is out of reach: ` +
                `${rect.left}px to ${rect.right}px on a ${window.innerWidth}px screen`
        );
    }
    if (rect.top < 0 || rect.bottom > window.innerHeight) {
        throw new Error(`The button ${button.textContent.trim()} is below the screen`);
    }
}

// At phone size: a co-unit acknowledges (签收) its agreed matter.
registry.category("web_tour.tours").add("joint_meeting_phone_acknowledge_tour", {
    steps: () => [
        {
            content: "The co-unit reads its own acknowledgement: still to acknowledge",
            trigger:
                '.o_form_view .o_field_widget[name="unit_acknowledgement_state"]:contains("待签收")',
        },
        {
            content: "The lead unit's acknowledgement is not shown as the co-unit's",
            trigger: '.o_form_view:not(:has(.o_field_widget[name="acknowledgement_state"]))',
        },
        {
            content: "签收 is in the status bar, on the screen",
            trigger: '.o_form_statusbar .o_statusbar_buttons button[name="action_acknowledge"]',
            run() {
                onTheScreen(this.anchor);
            },
        },
        {
            content: "Acknowledge",
            trigger: '.o_form_statusbar .o_statusbar_buttons button[name="action_acknowledge"]',
            run: "click",
        },
        {
            content: "Acknowledged: the unit's own state says so and the button is gone",
            trigger:
                '.o_form_view:not(:has(button[name="action_acknowledge"])) .o_field_widget[name="unit_acknowledgement_state"]:contains("已签收")',
        },
    ],
});

// At phone size: the leadership approves (审批) a reviewed extension request.
registry.category("web_tour.tours").add("joint_meeting_phone_extension_tour", {
    steps: () => [
        {
            content: "审批 is in the status bar, on the screen",
            trigger: '.o_form_statusbar .o_statusbar_buttons button[name="action_open_decision"]',
            run() {
                onTheScreen(this.anchor);
            },
        },
        {
            content: "Decide",
            trigger: '.o_form_statusbar .o_statusbar_buttons button[name="action_open_decision"]',
            run: "click",
        },
        {
            content: "Comment",
            trigger: '.modal .o_field_widget[name="comment"] textarea',
            run: "edit 同意延期。",
        },
        {
            content: "The confirmation is within reach",
            trigger: '.modal button[name="action_confirm"]',
            run() {
                onTheScreen(this.anchor);
            },
        },
        {
            content: "Confirm",
            trigger: '.modal button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "Approved: the decision is recorded and the button is gone",
            trigger:
                'body:not(:has(.modal)) .o_form_view:not(:has(button[name="action_open_decision"])) .o_field_widget[name="approver_id"]',
        },
    ],
});
