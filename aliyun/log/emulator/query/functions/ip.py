"""IP functions of SLS SQL over a small bundled table (the service uses a full geo-IP database).

``ip_to_domain(ip)`` is ``intranet`` for private, loopback, link-local and shared addresses, else ``internet``.
``ip_to_country`` / ``ip_to_province`` / ``ip_to_city`` (optional second argument ``'en'`` for English names) and
``ip_to_country_code`` answer ``内网`` (``intranet`` in English) for intranet addresses, the bundled answer for a few
well-known public ranges (public DNS resolvers of Alibaba, Baidu, Tencent, 114DNS, Google, Cloudflare), and NULL
for any other address: the emulator does not know where it is. An argument that is not an IP address is NULL.
"""

from __future__ import annotations

import ipaddress
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple

from .values import FunctionError

__all__ = ["IP_FUNCTIONS"]


class _Place(NamedTuple):
    code: str
    country: Tuple[str, str]  # (Chinese, English)
    province: Tuple[str, str]
    city: Tuple[str, str]


_INTRANET = _Place("", ("内网", "intranet"), ("内网", "intranet"), ("内网", "intranet"))
_CHINA = ("中国", "China")
_US = ("美国", "United States")
_TABLE: List[Tuple[Any, _Place]] = [
    (ipaddress.ip_network(net), place)
    for nets, place in (
        (("223.5.5.0/24", "223.6.6.0/24"), _Place("CN", _CHINA, ("浙江省", "Zhejiang"), ("杭州市", "Hangzhou"))),
        (("180.76.76.0/24",), _Place("CN", _CHINA, ("北京市", "Beijing"), ("北京市", "Beijing"))),
        (("119.29.29.0/24",), _Place("CN", _CHINA, ("广东省", "Guangdong"), ("深圳市", "Shenzhen"))),
        (("114.114.114.0/24", "114.114.115.0/24"), _Place("CN", _CHINA, ("江苏省", "Jiangsu"), ("南京市", "Nanjing"))),
        (("8.8.8.0/24", "8.8.4.0/24"), _Place("US", _US, ("加利福尼亚州", "California"), ("山景城", "Mountain View"))),
        (("1.1.1.0/24", "1.0.0.0/24"), _Place("US", _US, ("加利福尼亚州", "California"), ("旧金山", "San Francisco"))),
    )
    for net in nets
]


def _address(value: Any) -> Optional[Any]:
    if value is None:
        return None
    try:
        return ipaddress.ip_address(str(value).strip())
    except ValueError:
        return None


#: Private (RFC 1918, RFC 4193), loopback, link-local and shared (RFC 6598) ranges.
_INTRANET_NETS = [ipaddress.ip_network(net) for net in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10",
    "::1/128", "fc00::/7", "fe80::/10")]


def _intranet(address: Any) -> bool:
    return any(address.version == net.version and address in net for net in _INTRANET_NETS)


def _place(value: Any) -> Optional[_Place]:
    address = _address(value)
    if address is None:
        return None
    if _intranet(address):
        return _INTRANET
    return next((place for net, place in _TABLE if address.version == net.version and address in net), None)


def _lang(lang: Any) -> int:
    if lang is None:
        return 0
    text = str(lang).lower()
    if text not in ("en", "zh", "cn"):
        raise FunctionError(f"unsupported language '{lang}': use 'en' or 'zh'")
    return 1 if text == "en" else 0


def _name_of(field: str) -> Callable[..., Optional[str]]:
    def lookup(value: Any, lang: Any = None) -> Optional[str]:
        place = _place(value)
        index = _lang(lang)
        return None if place is None else getattr(place, field)[index]

    return lookup


def _country_code(value: Any) -> Optional[str]:
    place = _place(value)
    return None if place is None else place.code or None


def _domain(value: Any) -> Optional[str]:
    address = _address(value)
    if address is None:
        return None
    return "intranet" if _intranet(address) else "internet"


IP_FUNCTIONS: Dict[str, Tuple[Callable[..., Any], Tuple[int, ...]]] = {
    "ip_to_country": (_name_of("country"), (1, 2)),
    "ip_to_province": (_name_of("province"), (1, 2)),
    "ip_to_city": (_name_of("city"), (1, 2)),
    "ip_to_country_code": (_country_code, (1,)),
    "ip_to_domain": (_domain, (1,)),
}
