"""The data-plane methods keep 0.9.52's positional parameters and defaults (scripts call them positionally)."""

from __future__ import annotations

import inspect
from typing import Any, Dict, List

import pytest

from aliyun.log import LogClient

#: method -> [name or (name, default)], in 0.9.52's order (after ``self``)
OFFICIAL: Dict[str, List[Any]] = {
    "delete_logs": ['request'],
    "delete_logs_v2": [('request', None), ('project', None), ('logstore', None), ('from_time', None),
        ('to_time', None), ('query', None), ('rowid', None), ('row_id', None)],
    "update_logs": [('request', None), ('project', None), ('logstore', None), ('from_time', None), ('to_time', None),
        ('query', None), ('rowid', None), ('row_id', None), ('log_item', None), ('update_mode', None),
        ('data', None)],
    "get_delete_logs_status": ['request'],
    "list_delete_logs_tasks": ['request'],
    "execute_logstore_sql": ['project', 'logstore', 'from_time', 'to_time', 'sql', 'power_sql'],
    "execute_project_sql": ['project', 'sql', 'power_sql'],
    "submit_async_sql": ['request'],
    "get_async_sql": ['request'],
    "delete_async_sql": ['request'],
    "get_context_logs": ['project', 'logstore', 'pack_id', 'pack_meta', 'back_lines', 'forward_lines'],
    "pull_logs": ['project_name', 'logstore_name', 'shard_id', 'cursor', ('count', None), ('end_cursor', None),
        ('compress', None), ('query', None), ('accept_compress_type', None), ('processor', None)],
    "pull_log": ['project_name', 'logstore_name', 'shard_id', 'from_time', 'to_time', ('batch_size', None),
        ('compress', None), ('query', None), ('accept_compress_type', None), ('processor', None)],
    "pull_log_dump": ['project_name', 'logstore_name', 'from_time', 'to_time', 'file_path', ('batch_size', None),
        ('compress', None), ('encodings', None), ('shard_list', None), ('no_escape', None), ('query', None),
        ('processor', None)],
    "get_metric_store_metering_mode": ['project_name', 'metric_store_name'],
    "update_metric_store_metering_mode": ['project_name', 'metric_store_name', 'metering_mode'],
    "create_substore": ['project_name', 'logstore_name', 'substore_name', 'keys', 'ttl', 'sorted_key_count',
        'time_index'],
    "delete_substore": ['project_name', 'logstore_name', 'substore_name'],
    "get_substore": ['project_name', 'logstore_name', 'substore_name'],
    "update_substore": ['project_name', 'logstore_name', 'substore_name', 'keys', 'ttl', 'sorted_key_count',
        'time_index'],
    "list_substore": ['project_name', 'logstore_name'],
    "get_substore_ttl": ['project_name', 'logstore_name'],
    "update_substore_ttl": ['project_name', 'logstore_name', 'ttl'],
    "create_metric_store": ['project_name', 'logstore_name', ('ttl', 30), ('shard_count', 2),
        ('enable_tracking', False), ('append_meta', False), ('auto_split', True), ('max_split_shard', 64),
        ('preserve_storage', False), ('encrypt_conf', None), ('hot_ttl', -1), ('mode', None)],
    "delete_metric_store": ['project_name', 'logstore_name'],
    "get_metric_store": ['project_name', 'logstore_name'],
    "update_metric_store": ['project_name', 'logstore_name', ('ttl', None), ('enable_tracking', None),
        ('shard_count', None), ('append_meta', None), ('auto_split', None), ('max_split_shard', None),
        ('preserve_storage', None), ('encrypt_conf', None), ('hot_ttl', -1), ('mode', None)],
    "create_sql_instance": ['project_name', 'sql_instance', 'useAsDefault'],
    "update_sql_instance": ['project_name', 'sql_instance', 'useAsDefault'],
    "list_sql_instance": ['project_name'],
    "create_rebuild_index": ['project', 'logstore', 'job_name', 'display_name', 'from_time', 'to_time'],
    "get_rebuild_index": ['project', 'job_name'],
    "list_store_views": ['project_name', ('offset', 0), ('size', 100), ('store_type', None)],
    "get_store_view": ['project_name', 'store_view_name'],
    "update_store_view": ['project_name', 'store_view_name', 'store_view'],
    "create_store_view": ['project_name', 'store_view'],
    "delete_store_view": ['project_name', 'store_view_name'],
    "put_object": ['project_name', 'logstore_name', 'object_name', 'content', ('headers', None)],
    "get_object": ['project_name', 'logstore_name', 'object_name'],
}


@pytest.mark.parametrize("name", sorted(OFFICIAL))
def test_positional_parameters_and_defaults(name: str) -> None:
    parameters = [p for p in inspect.signature(getattr(LogClient, name)).parameters.values()
                  if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD][1:]
    ours = [p.name if p.default is inspect.Parameter.empty else (p.name, p.default) for p in parameters]
    assert ours[:len(OFFICIAL[name])] == OFFICIAL[name]
    assert all(p.default is not inspect.Parameter.empty for p in parameters[len(OFFICIAL[name]):])

