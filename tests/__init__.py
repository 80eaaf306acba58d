from . import test_organization
from . import test_settings
from . import test_meeting
from . import test_topic
from . import test_consultation
from . import test_preparation_access
from . import test_tours
from . import test_minutes
