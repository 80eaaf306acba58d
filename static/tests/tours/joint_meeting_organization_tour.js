/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// The administrator opens the app in Chinese and sets the rotation order.
registry.category("web_tour.tours").add("joint_meeting_organization_tour", {
    url: "/odoo/action-joint_meeting.joint_meeting_organization_action",
    steps: () => [
        {
            content: "Open the trade union",
            trigger: '.o_data_row td.o_data_cell:contains("仁和区总工会")',
            run: "click",
        },
        {
            content: "Its form shows the kind in Chinese",
            trigger: '.o_form_view .o_field_widget[name="kind"] input:value("群团组织")',
        },
        {
            content: "Change the contact person",
            trigger: '.o_form_view .o_field_widget[name="contact_name"] input',
            run: "edit 陈主席",
        },
        ...stepUtils.saveForm(),
    ],
});
