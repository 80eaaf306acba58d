/** @odoo-module **/
// A list whose "days left" column counts to deadlines: the notice that a
// year's holiday schedule is missing is shown once above the rows, not in
// every row (joint.meeting.calendar.joint_meeting_days_left_notice).
import { onWillStart } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { ListController } from "@web/views/list/list_controller";
import { listView } from "@web/views/list/list_view";

export class JointMeetingDaysLeftListController extends ListController {
    static template = "joint_meeting.DaysLeftListView";

    setup() {
        super.setup();
        this.orm = useService("orm");
        onWillStart(async () => {
            this.daysLeftNotice = await this.orm.call(
                "joint.meeting.calendar",
                "joint_meeting_days_left_notice",
                [this.props.resModel]
            );
        });
    }
}

registry.category("views").add("joint_meeting_days_left_list", {
    ...listView,
    Controller: JointMeetingDaysLeftListController,
});
