"""Objects: small files (images, attachments...) stored next to a logstore and addressed by name."""

from __future__ import annotations

from typing import Mapping, Optional, Union
from urllib.parse import quote

from ..errors import invalid_argument
from ..models.objects import GetObjectResponse, PutObjectResponse
from .base import ApiBase, require_name


def _object_path(logstore_name: str, object_name: str) -> str:
    return f"/logstores/{require_name(logstore_name, 'logstore_name')}/objects/" \
           f"{quote(require_name(object_name, 'object_name'))}"


class ObjectsApi(ApiBase):
    def put_object(self, project_name: str, logstore_name: str, object_name: str, content: Union[str, bytes],
                   headers: Optional[Mapping[str, str]] = None) -> PutObjectResponse:
        """Store ``content`` (``str`` is written as UTF-8) under ``object_name``; ``headers`` such as
        ``Content-Type`` are kept and answered back by :meth:`get_object`. ``get_etag()`` is the content's MD5."""
        if isinstance(content, str):
            body = content.encode("utf-8")
        elif isinstance(content, (bytes, bytearray)):
            body = bytes(content)
        else:
            raise invalid_argument(f"content must be bytes or str, got {type(content).__name__}")
        sent = dict(headers or {})
        sent["x-log-bodyrawsize"] = str(len(body))
        resp = self._send("PUT", _object_path(logstore_name, object_name), require_name(project_name, "project_name"),
                          None, sent, body)
        return PutObjectResponse(resp.headers, "")

    def get_object(self, project_name: str, logstore_name: str, object_name: str) -> GetObjectResponse:
        """The object's bytes (``get_body()``), ``get_content_type()`` and ``get_etag()``."""
        resp = self._send("GET", _object_path(logstore_name, object_name), require_name(project_name, "project_name"))
        return GetObjectResponse(resp.headers, resp.body)
