"""The SDK's version, kept in one place."""

import sys
from typing import Dict

__version__ = "1.0.0.dev0"
API_VERSION = "0.6.0"
#: The distribution this SDK is installed as (it replaces ``aliyun-log-python-sdk``); every install hint names it.
DISTRIBUTION = "aliyun-log-typed"


def install_hint(extra: str) -> str:
    """The pip command that installs this SDK with ``extra``."""
    return f"pip install '{DISTRIBUTION}[{extra}]'"


# The user-agent constants of the original SDK, with the values this SDK sends (transport.default_user_agent);
# computed on first use so that importing the package does not import ``platform``.
OS_VERSION = sys.platform


def _user_agents() -> Dict[str, str]:
    import platform

    user_agent = f"aliyun-log-python-sdk/{__version__} python/{platform.python_version()} {platform.system().lower()}"
    return {
        "PYTHON_VERSION": platform.python_version(),
        "USER_AGENT": user_agent,
        "LOGGING_HANDLER_USER_AGENT": f"{user_agent} logging-handler",
        "ES_MIGRATION_USER_AGENT": f"{user_agent} es-migration",
    }


def __getattr__(name: str) -> str:
    value = _user_agents().get(name)
    if value is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
