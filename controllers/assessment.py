from markupsafe import Markup, escape

from odoo import http
from odoo.exceptions import MissingError, UserError
from odoo.http import content_disposition, request

from ..models.joint_meeting_assessment import XLSX_MIMETYPE


class JointMeetingAssessmentController(http.Controller):
    @http.route(
        "/joint_meeting/assessment/<int:assessment_id>/xlsx",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def assessment_xlsx(self, assessment_id, **kwargs):
        """The yearly assessment as XLSX, as the user reads it (record rules:
        a unit gets its own score and points); 403 with the reason otherwise."""
        assessment = request.env["joint.meeting.assessment"].browse(assessment_id)
        try:
            assessment._jm_ensure_one()
            assessment._check_computed()
            content = assessment._xlsx()
        except (UserError, MissingError) as error:  # AccessError is a UserError
            title = request.env._("This document cannot be downloaded for you")
            page = Markup(
                '<!DOCTYPE html><html><head><meta charset="utf-8"/><title>403 %s</title></head>'
                "<body><h1>403 %s</h1><p>%s</p></body></html>"
            ) % (title, title, escape(str(error.args[0] if error.args else error)))
            return request.make_response(
                page, headers=[("Content-Type", "text/html; charset=utf-8")], status=403
            )
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition(assessment._filename("xlsx"))),
            ],
        )
