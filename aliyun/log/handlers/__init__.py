"""Python ``logging`` handlers that write records to a Log Service logstore.

- :class:`QueuedLogHandler`: the one to use; ``emit()`` only queues, a daemon thread sends in batches.
- :class:`UwsgiQueuedLogHandler`: the same under uWSGI's pre-forking workers.
- :class:`SimpleLogHandler`: one synchronous request per record, for tests and tiny scripts.
- :class:`LogFields`: the record attributes a handler can upload.

Formatting (a record -> one log) is shared by every handler (``._base``); delivery is a sender of
:mod:`.delivery`: synchronous for :class:`SimpleLogHandler`, a background thread for the queued handlers.

See docs/logging.md for configuration (``fileConfig``, ``dictConfig``, code), the queue and drop policy, delivery
guarantees and counters.
"""

from ._base import DEFAULT_IGNORED_LOGGERS
from ._fields import DEFAULT_FIELDS, LogFields, sanitize_key
from .delivery import DROP_POLICIES
from .queued import QueuedLogHandler
from .simple import SimpleLogHandler
from .uwsgi import UwsgiQueuedLogHandler

__all__ = [
    "DEFAULT_FIELDS",
    "DEFAULT_IGNORED_LOGGERS",
    "DROP_POLICIES",
    "LogFields",
    "QueuedLogHandler",
    "SimpleLogHandler",
    "UwsgiQueuedLogHandler",
    "sanitize_key",
]
