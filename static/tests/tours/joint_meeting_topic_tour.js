/** @odoo-module **/

import { registry } from "@web/core/registry";

// A mass organisation (the trade union) proposes a topic and submits it in writing (Art. 9).
registry.category("web_tour.tours").add("joint_meeting_topic_tour", {
    steps: () => [
        {
            content: "Create a topic",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Title",
            trigger: '.o_field_widget[name="name"] input',
            run: "edit 关于新就业形态劳动者权益保障的议题",
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
            run: "editor 建立快递外卖骑手职业伤害保障试点。",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Open the written proposal",
            trigger: '.o_form_saved button[name="action_open_submit"]',
            run: "click",
        },
        {
            content: "Proposed place",
            trigger: '.modal .o_field_widget[name="proposed_place"] input',
            run: "edit 区职工之家",
        },
        {
            content: "Submit the proposal",
            trigger: '.modal button[name="action_submit"]',
            run: "click",
        },
        {
            content: "The topic is submitted",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("已提交")',
        },
    ],
});
