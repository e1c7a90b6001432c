"""A local Alibaba Cloud Log Service (SLS) for development and tests: ``python -m aliyun.log.emulator``.

In process::

    from aliyun.log.emulator import Emulator

    with Emulator() as emulator:               # 127.0.0.1, a free port, in memory
        client = LogClient(emulator.endpoint, *emulator.credentials)

Without a socket (notebooks, fast tests): ``Emulator().app(method, target, headers, body) -> (status, headers,
body)``; the SDK's ``InProcessTransport(emulator.app)`` sends requests to it. ``stop()`` releases it.

The emulator speaks the service's REST protocol (API version 0.6.0), verifies v1 and v4 signatures against its
access keys (by default the published development pair ``DEFAULT_ACCESS_KEY_ID`` / ``DEFAULT_ACCESS_KEY_SECRET``),
and keeps its state in memory or, with ``data_dir``, in a SQLite database that survives restarts and ``kill -9``.
It may differ from the real service; it is for development and tests.

Requests name their project in the Host header (``<project>.<endpoint host>``, port ignored), e.g.
``my-project.127.0.0.1``; the connection itself goes to the endpoint. See ``server.py`` for the Host rules and
``handlers/control.py`` for the ``/_emulator/`` control plane (health, reset).

This module imports nothing heavy: the server, storage and protobuf code load on ``start()`` / ``app``.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, Mapping, Optional, Tuple, Union

if TYPE_CHECKING:  # pragma: no cover
    from .context import Context
    from .server import Application, EmulatorHTTPServer
    from .storage import Storage

__all__ = ["DEFAULT_ACCESS_KEY_ID", "DEFAULT_ACCESS_KEY_SECRET", "Emulator", "parse_access_key"]

#: The published development key pair, accepted unless ``access_keys`` replaces the key set.
DEFAULT_ACCESS_KEY_ID = "sls-emulator-dev-key"
DEFAULT_ACCESS_KEY_SECRET = "sls-emulator-dev-secret"

AccessKeys = Union[Mapping[str, str], Iterable[Union[Tuple[str, str], str]]]


def parse_access_key(text: str) -> Tuple[str, str]:
    """``"ID:SECRET"`` → ``(id, secret)``; ``ValueError`` when either part is empty."""
    access_key_id, sep, secret = text.partition(":")
    if not sep or not access_key_id or not secret:
        raise ValueError(f"access key must be ID:SECRET, got {text!r}")
    return access_key_id, secret


def _normalise_keys(access_keys: Optional[AccessKeys]) -> Dict[str, str]:
    if access_keys is None:
        return {DEFAULT_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_SECRET}
    items = access_keys.items() if isinstance(access_keys, Mapping) else access_keys
    keys: Dict[str, str] = {}
    for item in items:
        access_key_id, secret = parse_access_key(item) if isinstance(item, str) else item
        if not access_key_id or not secret:
            raise ValueError("access key ids and secrets must be non-empty")
        keys[access_key_id] = secret
    if not keys:
        raise ValueError("access_keys is empty: give at least one ID/secret pair (or leave it None)")
    return keys


class Emulator:
    """The emulator as a context manager or with ``start()`` / ``stop()``.

    :param host: address to bind (loopback by default).
    :param port: port to bind; 0 picks a free one (see :attr:`port` after ``start()``).
    :param data_dir: directory of the SQLite database; None keeps everything in memory.
    :param access_keys: ``{id: secret}``, ``[(id, secret)]`` or ``["ID:SECRET"]``; replaces the default dev pair.
    :param clock: callable returning unix seconds (request-date checks, receive and creation times).
    :param auth: False accepts unsigned requests (``--no-auth``).
    :param endpoint_hosts: extra host names that address the emulator without a project (e.g. a container name
        or ``sls.local``), so ``<project>.<name>`` names the project.
    :param region: region reported for projects when the Host does not name one.
    :param temporary_credentials: STS credentials accepted until their expiration, as
        :class:`~aliyun.log.emulator.auth.TemporaryCredential` or ``(id, secret, token, expiration)`` tuples
        (``expiration`` in unix seconds of ``clock``); more can be added while running
        (:meth:`add_temporary_credential`, ``PUT /_emulator/credentials``).
    :param allow_unsigned_control: accept unsigned calls of the ``/_emulator/`` control plane (reset, seeding,
        credentials); by default they need a request signed with a configured key (``/_emulator/health`` never does).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        data_dir: Optional[str] = None,
        access_keys: Optional[AccessKeys] = None,
        clock: Optional[Callable[[], float]] = None,
        auth: bool = True,
        *,
        endpoint_hosts: Iterable[str] = (),
        region: str = "local",
        temporary_credentials: Iterable[Tuple[str, str, str, float]] = (),
        allow_unsigned_control: bool = False,
    ) -> None:
        self.host = host
        self._requested_port = int(port)
        self.data_dir = data_dir
        self.access_keys = _normalise_keys(access_keys)
        self.clock = clock
        self.auth = bool(auth)
        self.endpoint_hosts = tuple(endpoint_hosts)
        self.region = region
        self.allow_unsigned_control = bool(allow_unsigned_control)
        from .auth import TemporaryCredential, Verifier

        self.verifier = Verifier(
            self.access_keys, enabled=self.auth, temporary=[TemporaryCredential(*c) for c in temporary_credentials]
        )
        self.storage: Optional[Storage] = None
        self._server: Optional[EmulatorHTTPServer] = None
        self._thread: Optional[threading.Thread] = None
        self._context: Optional[Context] = None
        self._application: Optional[Application] = None
        self._lock = threading.Lock()

    # ----------------------------------------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def port(self) -> int:
        if self._server is None:
            return self._requested_port
        return int(self._server.server_address[1])

    @property
    def endpoint(self) -> str:
        """``http://<host>:<port>`` (a wildcard bind address is shown as the loopback address)."""
        host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @property
    def credentials(self) -> Tuple[str, str]:
        """``(access_key_id, access_key_secret)``: the default dev pair, or the first configured pair."""
        return next(iter(self.access_keys.items()))

    # ----------------------------------------------------------------------------------------------------------------

    @property
    def app(self) -> Application:
        """The emulator as a function, without a socket: ``app(method, target, headers, body) -> (status, headers,
        body)`` (``target`` = path + ``?query``, ``headers`` with ``Host``). Opens the storage on first use; the
        HTTP server of :meth:`start` calls the same function. :meth:`stop` closes it."""
        with self._lock:
            return self._open()

    def _open(self) -> Application:
        if self._application is not None:
            return self._application
        from .context import Context
        from .handlers import build_router
        from .handlers.jobs import resume_job_workers
        from .server import Application
        from .storage import Storage

        storage = Storage(self.data_dir)
        try:
            context = Context(storage, self.clock, region=self.region, verifier=self.verifier)
            application = Application(
                context,
                self.verifier,
                build_router(),
                endpoint_hosts=(self.host, *self.endpoint_hosts),
                allow_unsigned_control=self.allow_unsigned_control,
            )
        except BaseException:
            storage.close()
            raise
        self.storage = storage
        self._context = context
        self._application = application
        resume_job_workers(context)
        return application

    def start(self) -> Emulator:
        """Serve HTTP on ``host:port`` in a daemon thread (opening the storage if :attr:`app` has not)."""
        with self._lock:
            if self._server is not None:
                return self
            from .server import serve

            opened_here = self._application is None
            application = self._open()
            try:
                server = serve(application, self.host, self._requested_port)
            except BaseException:
                if opened_here:
                    self._close()
                raise
            application.context.endpoint = f"{self.host}:{server.server_address[1]}"
            thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="sls-emulator", daemon=True
            )
            thread.start()
            self._server = server
            self._thread = thread
            return self

    def stop(self) -> None:
        """Stop the HTTP server (if started) and close the storage; a later :attr:`app` or :meth:`start` reopens."""
        with self._lock:
            server, thread = self._server, self._thread
            self._server = self._thread = None
            if server is not None:
                server.shutdown()
                server.server_close()
                server.close_connections()
                if thread is not None:
                    thread.join(timeout=5)
            self._close()

    def _close(self) -> None:
        storage, context = self.storage, self._context
        self.storage = None
        self._context = None
        self._application = None
        if context is not None:
            context.close()
        if storage is not None:
            with storage.lock:  # let an in-flight write commit first
                storage.close()

    def add_temporary_credential(
        self, access_key_id: str, access_key_secret: str, security_token: str, expiration: float
    ) -> None:
        """Accept (or rotate) an STS credential until ``expiration`` (unix seconds of the emulator clock)."""
        from .auth import TemporaryCredential

        self.verifier.add_temporary(TemporaryCredential(access_key_id, access_key_secret, security_token, expiration))

    def reset(self) -> None:
        """Delete every project (as ``POST /_emulator/reset``)."""
        if self._context is None:
            raise RuntimeError("the emulator is not open: use start() or app first")
        self._context.reset()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = self.endpoint if self.running else "stopped"
        return f"Emulator({state}, data_dir={self.data_dir!r})"
