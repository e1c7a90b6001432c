"""aliyun.log: Python SDK for Alibaba Cloud Log Service (SLS) and its local emulator.

Public names are imported lazily on first use, so ``import aliyun.log`` stays cheap; ``from aliyun.log import
LogClient`` works as usual.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any, Dict, List

from .version import __version__

logging.getLogger(__name__).addHandler(logging.NullHandler())

# public name -> module (relative to this package) that defines it
_EXPORTS: Dict[str, str] = {
    # client, errors, transport
    "LogClient": ".client",
    "LogException": ".errors",
    "RetryPolicy": ".transport",
    # credentials and signing
    "Credentials": ".auth",
    "StaticCredentialsProvider": ".auth",
    "EnvironmentCredentialsProvider": ".auth",
    "RefreshingCredentialsProvider": ".auth",
    # data model and requests
    "LogItem": ".models.logitem",
    "LogRequest": ".models.request",
    "PutLogsRequest": ".models.request",
    "ListLogstoresRequest": ".models.request",
    # responses
    "LogResponse": ".models.response",
    "CreateProjectResponse": ".models.response",
    "UpdateProjectResponse": ".models.response",
    "DeleteProjectResponse": ".models.response",
    "GetProjectResponse": ".models.response",
    "ListProjectResponse": ".models.response",
    "CreateLogStoreResponse": ".models.response",
    "UpdateLogStoreResponse": ".models.response",
    "DeleteLogStoreResponse": ".models.response",
    "GetLogStoreResponse": ".models.response",
    "ListLogStoreResponse": ".models.response",
    "ListLogstoresResponse": ".models.response",
    "ListShardResponse": ".models.response",
    "DeleteShardResponse": ".models.response",
    "GetCursorResponse": ".models.response",
    "GetCursorTimeResponse": ".models.response",
    "PutLogsResponse": ".models.response",
    "PullLogResponse": ".models.response",
    # time parsing
    "parse_timestamp": ".timeparse",
}

__all__: List[str] = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:  # pragma: no cover - lets type checkers and IDEs see the lazy names
    from .auth import (
        Credentials,
        EnvironmentCredentialsProvider,
        RefreshingCredentialsProvider,
        StaticCredentialsProvider,
    )
    from .client import LogClient
    from .errors import LogException
    from .models.logitem import LogItem
    from .models.request import ListLogstoresRequest, LogRequest, PutLogsRequest
    from .models.response import (
        CreateLogStoreResponse,
        CreateProjectResponse,
        DeleteLogStoreResponse,
        DeleteProjectResponse,
        DeleteShardResponse,
        GetCursorResponse,
        GetCursorTimeResponse,
        GetLogStoreResponse,
        GetProjectResponse,
        ListLogStoreResponse,
        ListLogstoresResponse,
        ListProjectResponse,
        ListShardResponse,
        LogResponse,
        PullLogResponse,
        PutLogsResponse,
        UpdateLogStoreResponse,
        UpdateProjectResponse,
    )
    from .timeparse import parse_timestamp
    from .transport import RetryPolicy
