from . import res_company
from . import res_users
from . import joint_meeting_organization
from . import res_config_settings
from . import joint_meeting
from . import joint_meeting_topic
from . import joint_meeting_consultation
