"""Deterministic generator of realistic nginx access logs (the PERFORMANCE.md reference workload).

Each log has the 10 nginx fields ``remote_addr, remote_user, time_local, request_method, request_uri, status,
body_bytes_sent, http_referer, http_user_agent, request_time``; on average about 307 raw bytes (UTF-8 key + value
bytes) per log. The same ``(n, seed)`` always yields the same logs. ``make_times(n, seed)`` gives matching unix times.
"""

from __future__ import annotations

import random
from typing import Any, Dict, List

FIELDS = (
    "remote_addr",
    "remote_user",
    "time_local",
    "request_method",
    "request_uri",
    "status",
    "body_bytes_sent",
    "http_referer",
    "http_user_agent",
    "request_time",
)

BASE_TIME = 1700000000

_USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36 "
    "Edg/119.0.2151.97",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 "
    "Safari/605.1.15",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
    "Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 "
    "Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.43 Mobile "
    "Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.6045.163 Mobile "
    "Safari/537.36",
    "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 "
    "Safari/604.1",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "curl/8.4.0",
    "python-requests/2.31.0",
    "Go-http-client/1.1",
)
_UA_WEIGHTS = (18, 3, 6, 5, 8, 7, 8, 6, 4, 3, 2, 6, 4, 5, 7, 8)

_PATHS = (
    "/",
    "/index.html",
    "/api/v1/users/{id}",
    "/api/v1/users/{id}/orders?page={p}&size=20",
    "/api/v1/orders/{id}?expand=items,payments",
    "/api/v2/search?q={q}&sort=relevance&page={p}",
    "/products/{id}/reviews?lang=en-US&page={p}",
    "/static/js/app.{h}.min.js",
    "/static/css/main.{h}.css",
    "/images/products/{id}/thumb_{p}.jpg",
    "/cart/checkout?session={h}",
    "/login?redirect=%2Faccount%2Fsettings",
    "/health",
    "/favicon.ico",
)
_PATH_WEIGHTS = (4, 3, 12, 8, 8, 10, 8, 10, 6, 10, 4, 3, 2, 2)
_QUERIES = ("laptop", "wireless+mouse", "usb-c+hub", "mechanical+keyboard", "monitor+27", "phone+case", "ssd+1tb")
_METHODS = ("GET", "POST", "PUT", "DELETE", "HEAD")
_METHOD_WEIGHTS = (80, 12, 4, 2, 2)
_STATUSES = ("200", "304", "301", "404", "500", "403", "201", "502")
_STATUS_WEIGHTS = (78, 6, 3, 6, 1, 1, 4, 1)
_REFERERS = (
    "-",
    "https://www.example.com/",
    "https://www.example.com/products/list?category=electronics&page=2",
    "https://www.google.com/search?q=example+shop",
    "https://m.example.com/cart",
    "https://www.bing.com/search?q=online+store+deals",
)
_REFERER_WEIGHTS = (55, 15, 10, 10, 7, 3)
_USERS = ("-", "-", "-", "-", "-", "-", "-", "admin", "alice", "bob")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _time_local(ts: int) -> str:
    # 2023-11-14 ... in +0800, computed by hand so the generator does not depend on the local zone.
    import datetime

    dt = datetime.datetime.fromtimestamp(ts, datetime.timezone(datetime.timedelta(hours=8)))
    return f"{dt.day:02d}/{_MONTHS[dt.month - 1]}/{dt.year}:{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d} +0800"


def make_times(n: int, seed: int = 0) -> List[int]:
    """The unix time of each of the ``n`` logs of ``make_logs(n, seed)`` (about 3 logs per second)."""
    rng = random.Random(seed ^ 0x5EED)
    times = []
    ts = BASE_TIME
    for _ in range(n):
        if rng.random() < 0.3:
            ts += 1
        times.append(ts)
    return times


def make_logs(n: int, seed: int = 0) -> List[Dict[str, str]]:
    """Return ``n`` nginx logs as dicts of the 10 fields (str values), deterministic for a seed."""
    rng = random.Random(seed)
    choices = rng.choices
    rand = rng.random
    randint = rng.randint
    uas = choices(_USER_AGENTS, _UA_WEIGHTS, k=n)
    paths = choices(_PATHS, _PATH_WEIGHTS, k=n)
    methods = choices(_METHODS, _METHOD_WEIGHTS, k=n)
    statuses = choices(_STATUSES, _STATUS_WEIGHTS, k=n)
    referers = choices(_REFERERS, _REFERER_WEIGHTS, k=n)
    clients = [f"{randint(1, 223)}.{randint(0, 255)}.{randint(0, 255)}.{randint(1, 254)}" for _ in range(512)]
    time_cache: Dict[int, str] = {}
    logs: List[Dict[str, str]] = []
    for i, ts in enumerate(make_times(n, seed)):
        tl = time_cache.get(ts)
        if tl is None:
            tl = time_cache[ts] = _time_local(ts)
        path = paths[i]
        if "{" in path:
            path = path.format(
                id=randint(1, 999999),
                p=randint(1, 50),
                q=_QUERIES[randint(0, len(_QUERIES) - 1)],
                h=f"{randint(0, 0xFFFFFFFF):08x}",
            )
        status = statuses[i]
        size = "0" if status in ("304", "301") else str(int(rand() * rand() * 60000) + 120)
        logs.append(
            {
                "remote_addr": clients[int(rand() * rand() * 512)],
                "remote_user": _USERS[randint(0, 9)],
                "time_local": tl,
                "request_method": methods[i],
                "request_uri": path,
                "status": status,
                "body_bytes_sent": size,
                "http_referer": referers[i],
                "http_user_agent": uas[i],
                "request_time": f"{rand() * rand() * 2:.3f}",
            }
        )
    return logs


def raw_bytes(logs: List[Dict[str, Any]]) -> int:
    """Raw payload size: the UTF-8 bytes of every content key and value (a ``__time__`` entry is not counted)."""
    total = 0
    for log in logs:
        for key, value in log.items():
            if key == "__time__":
                continue
            total += len(key.encode("utf-8"))
            total += len(value) if isinstance(value, bytes) else len(str(value).encode("utf-8"))
    return total
