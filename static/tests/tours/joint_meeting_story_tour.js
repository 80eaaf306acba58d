/** @odoo-module **/

import { registry } from "@web/core/registry";

// A leader asks about an agreed matter: from the topic that raised it, the
// matter's whole story (议定事项全过程).
registry.category("web_tour.tours").add("joint_meeting_story_tour", {
    steps: () => [
        {
            content: "The topic of the disabled persons' federation",
            trigger: '.o_form_view h1:contains("关于拓宽残疾人就业渠道的议题")',
        },
        {
            content: "Open the agreed matters that come from the topic",
            trigger: '.o_form_view button[name="action_view_resolutions"]',
            run: "click",
        },
        {
            content: "The agreed matter opens",
            trigger: '.o_form_view h1:contains("开发100个残疾人就业岗位")',
        },
        {
            content: "Open its story",
            trigger: '.o_notebook a[name="story"]',
            run: "click",
        },
        {
            content: "The story starts with the topic",
            trigger: '.o_joint_meeting_story li[data-kind="topic"]:first-child:contains("关于拓宽残疾人就业渠道的议题")',
        },
        {
            content: "The department's reply to the consultation",
            trigger: '.o_joint_meeting_story li[data-kind="consultation_reply"]:contains("同意")',
        },
        {
            content: "The issued minutes with their number",
            trigger: '.o_joint_meeting_story li[data-kind="minutes"]:contains("仁府纪〔"):contains("〕7号")',
        },
        {
            content: "The supervision office closed it",
            trigger: '.o_joint_meeting_story li[data-kind="closed"]',
        },
    ],
});
