"""Topostores (``/topostores``): account-level graphs, their nodes and their relations."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Type, TypeVar

from ..models.response import EmptyResponse, ListResponse, LogResponse
from ..models.topostores import (
    CreateTopostoreNodeResponse,
    CreateTopostoreRelationResponse,
    CreateTopostoreResponse,
    DeleteTopostoreNodeResponse,
    DeleteTopostoreRelationResponse,
    DeleteTopostoreResponse,
    GetTopostoreNodeResponse,
    GetTopostoreRelationResponse,
    GetTopostoreResponse,
    ListTopostoreNodesResponse,
    ListTopostoreRelationsResponse,
    ListTopostoresResponse,
    TopoObject,
    Topostore,
    TopostoreNode,
    TopostoreRelation,
    UpdateTopostoreNodeResponse,
    UpdateTopostoreRelationResponse,
    UpdateTopostoreResponse,
    UpsertTopostoreNodeResponse,
    UpsertTopostoreRelationResponse,
)
from .base import ApiBase, list_all
from .checks import require_instance, require_paging, require_str, require_str_list

E = TypeVar("E", bound=EmptyResponse)
G = TypeVar("G", bound=LogResponse)
L = TypeVar("L", bound=ListResponse)

#: The most nodes or relations one upsert takes.
MAX_UPSERT = 100


def _filters(**lists: Optional[Sequence[str]]) -> Dict[str, str]:
    """``camelKey -> "a,b"`` for each list given (each item a non-empty str)."""
    return {key: ",".join(require_str_list(value, key)) for key, value in lists.items() if value is not None}


def _text_filters(**values: Optional[str]) -> Dict[str, str]:
    params = {}
    for key, value in values.items():
        if value is not None:
            if not isinstance(value, str):
                raise TypeError(f"{key} must be str, got {type(value).__name__}")
            params[key] = value
    return params


class TopostoresApi(ApiBase):
    # -- shared plumbing ---------------------------------------------------------------------------------------------
    def _topo_write(self, method: str, path: str, body: Optional[Dict[str, Any]], cls: Type[E],
                    params: Optional[Dict[str, str]] = None) -> E:
        resp = self._send_json(method, path, None, body, params) if body is not None else \
            self._send(method, path, None, params)
        return cls(resp.headers)

    def _topo_get(self, path: str, cls: Type[G]) -> G:
        resp = self._send("GET", path)
        return cls(resp.headers, resp.json())

    def _topo_list(self, path: str, params: Dict[str, str], offset: int, size: int, cls: Type[L]) -> L:
        require_paging(offset, size)

        def fetch(page_offset: int, page_size: int) -> L:
            resp = self._send("GET", path, None, {**params, "offset": str(page_offset), "size": str(page_size)})
            return cls(resp.json(), resp.headers)

        return list_all(fetch, offset, size)

    @staticmethod
    def _members(store: str, kind: str, member_id: Optional[str] = None) -> str:
        path = f"/topostores/{require_str(store, 'topostore_name')}/{kind}"
        return path if member_id is None else f"{path}/{require_str(member_id, kind[:-1] + '_id')}"

    @staticmethod
    def _checked(obj: Any, cls: Type[TopoObject], what: str) -> Dict[str, Any]:
        require_instance(obj, cls, what).check_for_create()
        return obj.to_json()  # type: ignore[no-any-return]

    def _upsert(self, store: str, kind: str, items: List[Any], cls: Type[TopoObject], response: Type[E]) -> E:
        if not isinstance(items, list):
            raise TypeError(f"{kind} must be a list of {cls.__name__}, got {type(items).__name__}")
        if len(items) > MAX_UPSERT:
            raise ValueError(f"at most {MAX_UPSERT} {kind} per upsert, got {len(items)}")
        body = {kind: [self._checked(item, cls, f"{kind} item") for item in items]}
        return self._topo_write("PUT", self._members(store, kind), body, response)

    # -- topostores --------------------------------------------------------------------------------------------------
    def create_topostore(self, topostore: Topostore) -> CreateTopostoreResponse:
        return self._topo_write("POST", "/topostores", self._checked(topostore, Topostore, "topostore"),
                                CreateTopostoreResponse)

    def update_topostore(self, topostore: Topostore) -> UpdateTopostoreResponse:
        body = self._checked(topostore, Topostore, "topostore")
        return self._topo_write("PUT", f"/topostores/{topostore.name}", body, UpdateTopostoreResponse)

    def delete_topostore(self, topostore_name: str) -> DeleteTopostoreResponse:
        """Delete a topostore with its nodes and relations."""
        return self._topo_write("DELETE", f"/topostores/{require_str(topostore_name, 'topostore_name')}", None,
                                DeleteTopostoreResponse)

    def get_topostore(self, topostore_name: str) -> GetTopostoreResponse:
        return self._topo_get(f"/topostores/{require_str(topostore_name, 'topostore_name')}", GetTopostoreResponse)

    def list_topostores(self, names: Optional[List[str]] = None, tag_key: Optional[str] = None,
                        tag_value: Optional[str] = None, offset: int = 0, size: int = 100) -> ListTopostoresResponse:
        """List topostores, among ``names`` and / or carrying the tag ``tag_key`` (= ``tag_value``)."""
        params = {**_filters(names=names or None), **_text_filters(tagKey=tag_key or None,
                                                                    tagValue=tag_value or None)}
        return self._topo_list("/topostores", params, offset, size, ListTopostoresResponse)

    # -- nodes -------------------------------------------------------------------------------------------------------
    def create_topostore_node(self, topostore_name: str, node: TopostoreNode) -> CreateTopostoreNodeResponse:
        return self._topo_write("POST", self._members(topostore_name, "nodes"),
                                self._checked(node, TopostoreNode, "node"), CreateTopostoreNodeResponse)

    def upsert_topostore_node(self, topostore_name: str, nodes: List[TopostoreNode]) -> UpsertTopostoreNodeResponse:
        """Create or replace up to 100 nodes (by ``node_id``)."""
        return self._upsert(topostore_name, "nodes", nodes, TopostoreNode, UpsertTopostoreNodeResponse)

    def update_topostore_node(self, topostore_name: str, node: TopostoreNode) -> UpdateTopostoreNodeResponse:
        body = self._checked(node, TopostoreNode, "node")
        return self._topo_write("PUT", self._members(topostore_name, "nodes", node.node_id), body,
                                UpdateTopostoreNodeResponse)

    def delete_topostore_node(self, topostore_name: str, node_ids: List[str]) -> DeleteTopostoreNodeResponse:
        return self._topo_write("DELETE", self._members(topostore_name, "nodes"), None,
                                DeleteTopostoreNodeResponse, _filters(nodeIds=node_ids))

    def get_topostore_node(self, topostore_name: str, node_id: str) -> GetTopostoreNodeResponse:
        return self._topo_get(self._members(topostore_name, "nodes", node_id), GetTopostoreNodeResponse)

    def list_topostore_node(self, topostore_name: str, node_ids: Optional[List[str]] = None,
                            node_types: Optional[List[str]] = None, property_key: Optional[str] = None,
                            property_value: Optional[str] = None, offset: int = 0,
                            size: int = 100) -> ListTopostoreNodesResponse:
        """List nodes, filtered by ids, types and a property (``property_key`` = ``property_value``)."""
        params = {**_filters(nodeIds=node_ids, nodeTypes=node_types),
                  **_text_filters(propertyKey=property_key, propertyValue=property_value)}
        return self._topo_list(self._members(topostore_name, "nodes"), params, offset, size,
                               ListTopostoreNodesResponse)

    # -- relations ---------------------------------------------------------------------------------------------------
    def create_topostore_relation(self, topostore_name: str,
                                  relation: TopostoreRelation) -> CreateTopostoreRelationResponse:
        return self._topo_write("POST", self._members(topostore_name, "relations"),
                                self._checked(relation, TopostoreRelation, "relation"),
                                CreateTopostoreRelationResponse)

    def upsert_topostore_relation(self, topostore_name: str,
                                  relations: List[TopostoreRelation]) -> UpsertTopostoreRelationResponse:
        """Create or replace up to 100 relations (by ``relation_id``)."""
        return self._upsert(topostore_name, "relations", relations, TopostoreRelation,
                            UpsertTopostoreRelationResponse)

    def update_topostore_relation(self, topostore_name: str,
                                  relation: TopostoreRelation) -> UpdateTopostoreRelationResponse:
        body = self._checked(relation, TopostoreRelation, "relation")
        return self._topo_write("PUT", self._members(topostore_name, "relations", relation.relation_id), body,
                                UpdateTopostoreRelationResponse)

    def delete_topostore_relation(self, topostore_name: str,
                                  relation_ids: List[str]) -> DeleteTopostoreRelationResponse:
        return self._topo_write("DELETE", self._members(topostore_name, "relations"), None,
                                DeleteTopostoreRelationResponse, _filters(relationIds=relation_ids))

    def get_topostore_relation(self, topostore_name: str, relation_id: str) -> GetTopostoreRelationResponse:
        return self._topo_get(self._members(topostore_name, "relations", relation_id), GetTopostoreRelationResponse)

    def list_topostore_relation(self, topostore_name: str, relation_ids: Optional[List[str]] = None,
                                relation_types: Optional[List[str]] = None, src_node_ids: Optional[List[str]] = None,
                                dst_node_ids: Optional[List[str]] = None, property_key: Optional[str] = None,
                                property_value: Optional[str] = None, offset: int = 0,
                                size: int = 100) -> ListTopostoreRelationsResponse:
        """List relations, filtered by ids, types, source / destination nodes and a property."""
        params = {**_filters(relationIds=relation_ids, relationTypes=relation_types, srcNodeIds=src_node_ids,
                             dstNodeIds=dst_node_ids),
                  **_text_filters(propertyKey=property_key, propertyValue=property_value)}
        return self._topo_list(self._members(topostore_name, "relations"), params, offset, size,
                               ListTopostoreRelationsResponse)
