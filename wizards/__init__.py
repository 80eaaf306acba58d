from . import joint_meeting_cancel
from . import joint_meeting_topic_review
from . import joint_meeting_topic_late
from . import joint_meeting_consultation_send
from . import joint_meeting_consultation_reply
from . import joint_meeting_topic_submit
from . import joint_meeting_minutes_return
