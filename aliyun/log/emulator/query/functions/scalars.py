"""The Presto / SLS scalar functions SQLite lacks: strings and regular expressions, URLs, JSON and arrays,
comparisons and numbers."""

from __future__ import annotations

import json
import math
import re
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl, urlsplit

from .values import fail, format_value, to_double, to_long

__all__ = ["SCALARS"]


def _if(condition: Any, then: Any, otherwise: Any = None) -> Any:
    return then if condition else otherwise


def _split_part(text: Any, delimiter: Any, index: Any) -> Optional[str]:
    if text is None or delimiter is None or index is None:
        return None
    position = int(index)
    if position < 1:
        fail(f"split_part: index must be greater than zero, got {index}")
    parts = str(text).split(str(delimiter)) if delimiter != "" else list(str(text))
    return parts[position - 1] if position <= len(parts) else None


_REGEX_CACHE: Dict[str, re.Pattern[str]] = {}


def _regex(pattern: Any) -> re.Pattern[str]:
    text = str(pattern)
    compiled = _REGEX_CACHE.get(text)
    if compiled is None:
        try:
            compiled = re.compile(text)
        except re.error as exc:
            fail(f"invalid regular expression {text!r}: {exc}")
        if len(_REGEX_CACHE) > 512:
            _REGEX_CACHE.clear()
        _REGEX_CACHE[text] = compiled  # type: ignore[assignment]
    return compiled  # type: ignore[return-value]


def _regexp_extract(text: Any, pattern: Any, group: Any = 0) -> Optional[str]:
    if text is None or pattern is None:
        return None
    match = _regex(pattern).search(str(text))
    if match is None:
        return None
    try:
        return match.group(int(group))
    except IndexError:
        fail(f"regexp_extract: pattern has no group {group}")
    return None  # pragma: no cover


def _regexp_extract_all(text: Any, pattern: Any, group: Any = 0) -> Optional[str]:
    if text is None or pattern is None:
        return None
    found = [m.group(int(group)) for m in _regex(pattern).finditer(str(text))]
    return json.dumps(found, ensure_ascii=False, separators=(",", ":"))


def _regexp_like(text: Any, pattern: Any) -> Optional[int]:
    if text is None or pattern is None:
        return None
    return 1 if _regex(pattern).search(str(text)) else 0


def _regexp_replace(text: Any, pattern: Any, replacement: Any = "") -> Optional[str]:
    if text is None or pattern is None:
        return None
    python_replacement = re.sub(r"\$(\d+)", r"\\\1", str(replacement or ""))
    return _regex(pattern).sub(python_replacement, str(text))


def _url_part(part: str) -> Callable[[Any], Any]:
    def extract(url: Any) -> Any:
        if url is None:
            return None
        try:
            parts = urlsplit(str(url))
        except ValueError:
            return None
        if part == "host":
            return parts.hostname
        if part == "port":
            try:
                return parts.port
            except ValueError:
                return None
        if part == "protocol":
            return parts.scheme or None
        if part == "path":
            return parts.path
        if part == "query":
            return parts.query
        if part == "fragment":
            return parts.fragment
        raise AssertionError(part)  # pragma: no cover

    return extract


def _url_extract_parameter(url: Any, name: Any) -> Optional[str]:
    if url is None or name is None:
        return None
    try:
        query = urlsplit(str(url)).query
    except ValueError:
        return None
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key == name:
            return value
    return None


def _url_decode(text: Any) -> Optional[str]:
    from urllib.parse import unquote_plus

    return None if text is None else unquote_plus(str(text))


def _url_encode(text: Any) -> Optional[str]:
    from urllib.parse import quote_plus

    return None if text is None else quote_plus(str(text))


def _strpos(text: Any, sub: Any) -> Optional[int]:
    if text is None or sub is None:
        return None
    return str(text).find(str(sub)) + 1


def _concat(*args: Any) -> Optional[str]:
    if any(a is None for a in args):
        return None
    return "".join(format_value(a) for a in args)


def _json_get(value: Any, path: Any) -> Any:
    """The value at a dotted path of a JSON text (scalars as text, objects and arrays as JSON)."""
    if value is None or path is None:
        return None
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return None
    for part in _json_path_parts(str(path)):
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    if isinstance(data, (dict, list)):
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if isinstance(data, bool):
        return "true" if data else "false"
    if data is None:
        return None
    return format_value(data)


def _json_path_parts(path: str) -> List[str]:
    text = path.strip()
    if text.startswith("$"):
        text = text[1:]
    parts: List[str] = []
    for chunk in re.findall(r'\["([^"]*)"\]|\[(\d+)\]|\.?([^.\[\]]+)', text):
        parts.append(next(p for p in chunk if p != ""))
    return parts


def _array(*values: Any) -> str:
    return json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))


def _split(text: Any, delimiter: Any) -> Optional[str]:
    if text is None or delimiter is None:
        return None
    return json.dumps(str(text).split(str(delimiter)), ensure_ascii=False, separators=(",", ":"))


def _cardinality(value: Any) -> Optional[int]:
    if value is None:
        return None
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return None
    return len(data) if isinstance(data, (list, dict)) else None


def _element_at(value: Any, index: Any) -> Any:
    if value is None or index is None:
        return None
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return None
    if isinstance(data, list):
        position = int(index)
        position = position - 1 if position > 0 else len(data) + position
        return data[position] if 0 <= position < len(data) else None
    if isinstance(data, dict):
        return data.get(str(index))
    return None


def _greatest(*args: Any) -> Any:
    values = [a for a in args]
    if any(v is None for v in values):
        return None
    return max(values)


def _least(*args: Any) -> Any:
    values = [a for a in args]
    if any(v is None for v in values):
        return None
    return min(values)


def _reverse(text: Any) -> Optional[str]:
    return None if text is None else str(text)[::-1]


def _starts_with(text: Any, prefix: Any) -> Optional[int]:
    if text is None or prefix is None:
        return None
    return 1 if str(text).startswith(str(prefix)) else 0


def _lpad(text: Any, size: Any, pad: Any = " ") -> Optional[str]:
    if text is None or size is None:
        return None
    value, width = str(text), int(size)
    if len(value) >= width:
        return value[:width]
    filler = str(pad) or " "
    return (filler * width)[: width - len(value)] + value


def _rpad(text: Any, size: Any, pad: Any = " ") -> Optional[str]:
    if text is None or size is None:
        return None
    value, width = str(text), int(size)
    if len(value) >= width:
        return value[:width]
    filler = str(pad) or " "
    return value + (filler * width)[: width - len(value)]


def _sls_long(value: Any) -> Optional[int]:
    return to_long(value)


def _sls_double(value: Any) -> Optional[float]:
    number = to_double(value)
    return None if number is None or math.isnan(number) else number



SCALARS: Dict[str, Tuple[Callable[..., Any], Tuple[int, ...]]] = {
    "if": (_if, (2, 3)),
    "split_part": (_split_part, (3,)),
    "regexp_extract": (_regexp_extract, (2, 3)),
    "regexp_extract_all": (_regexp_extract_all, (2, 3)),
    "regexp_like": (_regexp_like, (2,)),
    "regexp_replace": (_regexp_replace, (2, 3)),
    "url_extract_host": (_url_part("host"), (1,)),
    "url_extract_port": (_url_part("port"), (1,)),
    "url_extract_protocol": (_url_part("protocol"), (1,)),
    "url_extract_path": (_url_part("path"), (1,)),
    "url_extract_query": (_url_part("query"), (1,)),
    "url_extract_fragment": (_url_part("fragment"), (1,)),
    "url_extract_parameter": (_url_extract_parameter, (2,)),
    "url_decode": (_url_decode, (1,)),
    "url_encode": (_url_encode, (1,)),
    "strpos": (_strpos, (2,)),
    "concat": (_concat, (-1,)),
    "json_extract_scalar": (_json_get, (2,)),
    "json_get": (_json_get, (2,)),
    "sls_json": (_json_get, (2,)),
    "sls_array": (_array, (-1,)),
    "split": (_split, (2,)),
    "cardinality": (_cardinality, (1,)),
    "element_at": (_element_at, (2,)),
    "greatest": (_greatest, (-1,)),
    "least": (_least, (-1,)),
    "reverse": (_reverse, (1,)),
    "starts_with": (_starts_with, (2,)),
    "lpad": (_lpad, (2, 3)),
    "rpad": (_rpad, (2, 3)),
    "sls_long": (_sls_long, (1,)),
    "sls_double": (_sls_double, (1,)),
}
