"""Index configs of a logstore: create, update, delete and read (PROTOCOL §3.6)."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Union

from ..errors import invalid_argument
from ..models.index import IndexConfig
from ..models.management import CreateIndexResponse, DeleteIndexResponse, GetIndexResponse, UpdateIndexResponse
from .base import ApiBase, require_name

IndexDetail = Union[IndexConfig, Mapping[str, Any]]


def index_body(index_detail: IndexDetail) -> Dict[str, Any]:
    """The request body of an :class:`IndexConfig` (or of an index config given as its JSON dict)."""
    if isinstance(index_detail, IndexConfig):
        body = index_detail.to_json()
    elif isinstance(index_detail, Mapping):
        body = IndexConfig().from_json(index_detail).to_json()
    else:
        raise invalid_argument(f"index_detail must be an IndexConfig or a dict, got {type(index_detail).__name__}")
    body.pop("lastModifyTime", None)
    return body


class IndexApi(ApiBase):
    def _index_path(self, logstore_name: str) -> str:
        return f"/logstores/{require_name(logstore_name, 'logstore_name')}/index"

    def create_index(self, project_name: str, logstore_name: str, index_detail: IndexDetail) -> CreateIndexResponse:
        """Create the index of a logstore from an :class:`IndexConfig` (or its JSON dict).

        Raises ``LogException`` ``IndexAlreadyExist`` when the logstore already has one (use :meth:`update_index`).
        """
        resp = self._send_json("POST", self._index_path(logstore_name), require_name(project_name, "project_name"),
                               index_body(index_detail))
        return CreateIndexResponse(resp.headers)

    def update_index(self, project_name: str, logstore_name: str, index_detail: IndexDetail) -> UpdateIndexResponse:
        """Replace the index of a logstore by ``index_detail`` (``IndexConfigNotExist`` when it has none)."""
        resp = self._send_json("PUT", self._index_path(logstore_name), require_name(project_name, "project_name"),
                               index_body(index_detail))
        return UpdateIndexResponse(resp.headers)

    def delete_index(self, project_name: str, logstore_name: str) -> DeleteIndexResponse:
        """Delete the index of a logstore; searching it fails afterwards."""
        resp = self._send("DELETE", self._index_path(logstore_name), require_name(project_name, "project_name"))
        return DeleteIndexResponse(resp.headers)

    def get_index_config(self, project_name: str, logstore_name: str) -> GetIndexResponse:
        """Read the index of a logstore: ``get_index_config()`` of the answer is an :class:`IndexConfig`.

        Raises ``LogException`` ``IndexConfigNotExist`` when the logstore has no index.
        """
        resp = self._send("GET", self._index_path(logstore_name), require_name(project_name, "project_name"))
        return GetIndexResponse(resp.json(), resp.headers)
