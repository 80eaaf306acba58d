from . import assessment, report
