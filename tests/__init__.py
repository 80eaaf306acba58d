from . import test_organization
from . import test_settings
from . import test_tours
