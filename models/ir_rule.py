from odoo import models


class IrRule(models.Model):
    """A record rule's refusal of a joint-meeting record (a reader of another
    district, a unit reaching another unit's record) reads as the joint
    meeting rules say it, whichever ORM path found it: the mixin's
    ``_check_access`` and Odoo's ``fetch``, which calls this directly. Other
    models keep Odoo's own text."""

    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        mixin = self.env.registry.get("joint.meeting.workflow.mixin")
        if mixin is not None and isinstance(records, mixin) and not self.env.su:
            return records._jm_access_error(operation)
        return super()._make_access_error(operation, records)
