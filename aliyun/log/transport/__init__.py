"""The single HTTP path of the SDK, in two layers.

* The HTTP seam (:mod:`.http`): :class:`HttpRequest`, :class:`HttpResponse`, the :class:`Sender` protocol and its
  implementations :class:`RequestsSender` (default), :class:`MockTransport` and :class:`InProcessTransport`.
* The SLS layer (:class:`Transport`): addressing, signing, clock-skew re-signing, credential refresh, the
  :class:`RetryPolicy` and error mapping, the same whatever the sender.

``LogClient(..., transport=sender)`` plugs any sender in.
"""

from .core import (
    AUTH_ERROR_CODES,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    Timeout,
    Transport,
    default_user_agent,
)
from .endpoint import Endpoint
from .http import (
    App,
    Handler,
    HttpHeaders,
    HttpRequest,
    HttpResponse,
    InProcessTransport,
    MockTransport,
    Sender,
    SendError,
)
from .messages import MAX_RESPONSE_RAW_SIZE, ApiRequest, ApiResponse
from .policy import DEFAULT_RETRY_POLICY, NO_RETRY, RetryPolicy, _retry_after, server_time
from .requests_sender import RequestsSender

__all__ = [
    "AUTH_ERROR_CODES",
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_READ_TIMEOUT",
    "DEFAULT_RETRY_POLICY",
    "MAX_RESPONSE_RAW_SIZE",
    "NO_RETRY",
    "ApiRequest",
    "ApiResponse",
    "App",
    "Endpoint",
    "Handler",
    "HttpHeaders",
    "HttpRequest",
    "HttpResponse",
    "InProcessTransport",
    "MockTransport",
    "RequestsSender",
    "RetryPolicy",
    "SendError",
    "Sender",
    "Timeout",
    "Transport",
    "_retry_after",
    "default_user_agent",
    "server_time",
]
