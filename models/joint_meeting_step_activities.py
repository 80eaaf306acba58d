from odoo import api, models


class JointMeetingWorkflowMixin(models.AbstractModel):
    """A workflow record created or written: the activities of the steps
    that it ended (or that were given at no step) are closed at the end of
    the transaction (``joint.meeting.reminder._jm_note_written``). Loaded
    after every model of the add-on: the reminders' file is loaded before
    the mixin's."""

    _inherit = "joint.meeting.workflow.mixin"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env["joint.meeting.reminder"]._jm_note_written(records)
        return records

    def write(self, vals):
        result = super().write(vals)
        self.env["joint.meeting.reminder"]._jm_note_written(self)
        return result
