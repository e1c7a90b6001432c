"""``python -m aliyun.log.emulator`` (also installed as ``aliyun-log-emulator``).

State is kept in memory unless ``--data-dir`` is given; with it, everything is stored durably in
``<data dir>/emulator.sqlite3`` and reloaded on the next start. SIGTERM and SIGINT stop the server cleanly.

Access keys come from ``--access-key ID:SECRET``, ``--access-key-file PATH`` (one ``ID:SECRET`` a line) and the
``SLS_EMULATOR_ACCESS_KEYS`` environment variable (comma-separated ``ID:SECRET``); secrets are never printed.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import time
from typing import List, Optional, Tuple

from . import DEFAULT_ACCESS_KEY_ID, Emulator, parse_access_key

#: Environment variable with comma-separated ``ID:SECRET`` pairs (instead of secrets on the command line).
ACCESS_KEYS_ENV = "SLS_EMULATOR_ACCESS_KEYS"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m aliyun.log.emulator",
        description="Local emulator of Alibaba Cloud Log Service (SLS) for development and tests.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port to bind, 0 = any free port (default 8080)")
    storage = parser.add_mutually_exclusive_group()
    storage.add_argument("--data-dir", help="keep state durably in this directory (default: in memory)")
    storage.add_argument("--in-memory", action="store_true", help="keep state in memory only (the default)")
    parser.add_argument(
        "--access-key",
        action="append",
        default=[],
        metavar="ID:SECRET",
        help="accept this key pair (repeatable); replaces the default development pair",
    )
    parser.add_argument(
        "--access-key-file",
        metavar="PATH",
        help=f"read ID:SECRET pairs from this file, one a line (or set {ACCESS_KEYS_ENV}=ID:SECRET,...)",
    )
    parser.add_argument(
        "--sts",
        action="append",
        default=[],
        metavar="ID:SECRET:TOKEN",
        help="accept this temporary (STS) credential (repeatable) until --sts-expires-in seconds from start",
    )
    parser.add_argument("--sts-expires-in", type=int, default=3600, metavar="SECONDS", help="default 3600")
    parser.add_argument(
        "--allow-unsigned-control",
        action="store_true",
        help="accept unsigned /_emulator/ control calls (reset, seeding); by default they must be signed",
    )
    parser.add_argument("--no-auth", action="store_true", help="accept requests without checking signatures")
    parser.add_argument(
        "--endpoint-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a host name clients use for the emulator, so <project>.NAME addresses a project (repeatable)",
    )
    parser.add_argument("--region", default="local", help="region reported in project objects (default local)")
    parser.add_argument(
        "--log-level", default="WARNING", choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="default WARNING"
    )
    return parser


def _access_keys(args: argparse.Namespace) -> Optional[List[Tuple[str, str]]]:
    texts = list(args.access_key)
    texts += [t.strip() for t in os.environ.get(ACCESS_KEYS_ENV, "").split(",") if t.strip()]
    if args.access_key_file:
        with open(args.access_key_file, encoding="utf-8") as handle:
            texts += [line.strip() for line in handle if line.strip() and not line.startswith("#")]
    return [parse_access_key(text) for text in texts] or None


def _temporary(texts: List[str], expires_in: int) -> List[Tuple[str, str, str, float]]:
    out = []
    for text in texts:
        parts = text.split(":", 2)
        if len(parts) != 3 or not all(parts):
            raise ValueError("--sts must be ID:SECRET:TOKEN")
        out.append((parts[0], parts[1], parts[2], time.time() + expires_in))
    return out


def _banner(emulator: Emulator) -> str:
    from aliyun.log.version import __version__

    key_id, _secret = emulator.credentials
    default = ""
    if key_id == DEFAULT_ACCESS_KEY_ID:
        default = " (the published development pair; its secret is DEFAULT_ACCESS_KEY_SECRET)"
    storage = emulator.data_dir if emulator.data_dir else "in memory (lost when the emulator stops)"
    auth = "v1 and v4 signatures verified" if emulator.auth else "disabled (--no-auth)"
    host = emulator.host if emulator.host not in ("", "0.0.0.0", "::") else "127.0.0.1"
    lines = [
        f"Alibaba Cloud Log Service emulator {__version__}",
        f"  endpoint:    {emulator.endpoint}",
        f"  access key:  {key_id}{default}",
        f"  storage:     {storage}",
        f"  auth:        {auth}",
        f"  projects:    Host: <project>.{host} (port ignored; the SDK does this for you)",
        "",
        f"export SLS_ENDPOINT={emulator.endpoint} SLS_AK_ID={key_id}",
        "",
        "This is an emulator for development and tests: its behaviour may differ from the real service.",
        "Press Ctrl+C to stop.",
    ]
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=getattr(logging, args.log_level), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        keys = _access_keys(args)
        temporary = _temporary(args.sts, args.sts_expires_in)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    emulator = Emulator(
        host=args.host,
        port=args.port,
        data_dir=args.data_dir,
        access_keys=keys,
        auth=not args.no_auth,
        endpoint_hosts=args.endpoint_host,
        region=args.region,
        temporary_credentials=temporary,
        allow_unsigned_control=args.allow_unsigned_control,
    )
    stop = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        try:
            emulator.start()
        except OSError as exc:
            print(f"error: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
            return 1
        print(_banner(emulator), flush=True)
        while not stop.wait(0.5):
            pass
        print("stopping the emulator", flush=True)
        return 0
    except Exception as exc:  # StorageError and friends: one clear line, no traceback
        from .storage import StorageError

        if not isinstance(exc, StorageError):
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        emulator.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


if __name__ == "__main__":
    sys.exit(main())
