/** @odoo-module **/

import { registry } from "@web/core/registry";

const { DateTime } = luxon;

// Art. 9: a department consulted on a topic gives its formal reply.
registry.category("web_tour.tours").add("joint_meeting_consultation_reply_tour", {
    steps: () => [
        {
            content: "Open the consultation awaiting the department's reply",
            trigger: '.o_data_row td.o_data_cell:contains("关于促进高校毕业生返乡就业创业的议题")',
            run: "click",
        },
        {
            content: "It waits for the reply",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("待回复")',
        },
        {
            content: "Reply",
            trigger: '.o_form_view button[name="action_open_reply"]',
            run: "click",
        },
        {
            content: "Position: agree with amendments",
            trigger: '.modal .o_field_widget[name="position"] input[data-value="agree_amended"]',
            run: "click",
        },
        {
            content: "Reply document number",
            trigger: '.modal .o_field_widget[name="reply_number"] input',
            run: `edit 仁人社函〔${DateTime.now().year}〕35号`,
        },
        {
            content: "Signed by",
            trigger: '.modal .o_field_widget[name="signed_by"] input',
            run: "edit 孙浩",
        },
        {
            content: "Reply text",
            trigger: '.modal .o_field_widget[name="reply_text"] .odoo-editor-editable',
            run: "editor 原则同意设立青年创业园，创业担保贷款贴息资金建议由区财政局另行测算。",
        },
        {
            content: "Send the reply",
            trigger: '.modal button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "The consultation is replied",
            trigger: 'body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current:contains("已回复")',
        },
        {
            content: "The position is shown in Chinese",
            trigger: '.o_form_view .o_field_widget[name="position"]:contains("修改后同意")',
        },
    ],
});
