# Copyright 2026 joint_meeting developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Joint Meetings",
    "summary": "Joint meetings of a district government and its mass organisations: "
    "topics, consultations, minutes, agreed matters and their supervision",
    "version": "18.0.1.0.0",
    "category": "Productivity",
    "website": "https://github.com/joint-meeting/joint_meeting",
    "author": "joint_meeting developers",
    "license": "LGPL-3",
    "application": True,
    "depends": ["mail", "calendar", "base_setup"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/joint_meeting_security.xml",
        "security/ir.model.access.csv",
        "views/joint_meeting_organization_views.xml",
        "views/res_users_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/joint_meeting_organization_demo.xml",
    ],
}
