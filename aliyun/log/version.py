"""The SDK's version, kept in one place."""

import platform
import sys

__version__ = "1.0.0.dev0"
API_VERSION = "0.6.0"

# The user-agent constants of the original SDK, with the values this SDK sends (transport.default_user_agent).
OS_VERSION = sys.platform
PYTHON_VERSION = platform.python_version()
USER_AGENT = f"aliyun-log-python-sdk/{__version__} python/{PYTHON_VERSION} {platform.system().lower()}"
LOGGING_HANDLER_USER_AGENT = f"{USER_AGENT} logging-handler"
ES_MIGRATION_USER_AGENT = f"{USER_AGENT} es-migration"
