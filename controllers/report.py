from markupsafe import Markup, escape

from odoo import http
from odoo.addons.base.models.ir_qweb import QWebError
from odoo.addons.web.controllers.report import ReportController
from odoo.exceptions import MissingError, UserError
from odoo.http import request


class JointMeetingReportController(ReportController):
    @http.route()
    def report_routes(self, reportname, docids=None, converter=None, **data):
        """A refused /report/pdf/... or /report/html/... of the module (no
        access to the record, another district, a rule of the regulation)
        answers 403 with the reason instead of a server error."""
        try:
            return super().report_routes(reportname, docids=docids, converter=converter, **data)
        except (UserError, MissingError, QWebError) as error:
            refusal = error
            while isinstance(refusal, QWebError):  # raised while rendering
                refusal = refusal.__cause__
            # AccessError is a UserError
            if not reportname.startswith("joint_meeting.") or not isinstance(
                refusal, UserError | MissingError
            ):
                raise
            return self._joint_meeting_refusal(refusal)

    def _joint_meeting_refusal(self, error):
        title = request.env._("This document cannot be printed for you")
        page = Markup(
            '<!DOCTYPE html><html><head><meta charset="utf-8"/><title>403 %s</title></head>'
            '<body style="font-family: sans-serif; margin: 3em;"><h1>403 %s</h1>'
            '<p style="white-space: pre-line;">%s</p></body></html>'
        ) % (title, title, escape(str(error.args[0] if error.args else error)))
        return request.make_response(
            page, headers=[("Content-Type", "text/html; charset=utf-8")], status=403
        )
