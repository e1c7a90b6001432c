"""What of aliyun-log-python-sdk 0.9.52's module paths and names this SDK does not have (yet), and why.

``test_legacy_paths`` checks every other path and name, and that each entry here is still a gap: when a feature
lands, its entry must leave this file (and its path join ``aliyun/log/_legacy/table.py``).
"""

from typing import Dict

_INTERNAL = "an internal helper of the original module; ours validates in the classes themselves"
_NO_API = "the API is not implemented by this SDK yet"
_ETL_INTERNAL = "an internal helper of the original ETL engine; configs do not use it"
_MAGIC_INTERNAL = "an internal helper of the original Jupyter extension; notebooks do not use it"

#: module path -> reason it does not import
MISSING_MODULES: Dict[str, str] = {
    "aliyun.log.etl_core.trans_comp.trans_base": "the original engine's component base classes; ours share none",
    "aliyun.log.etl_core.transform.transform_base": "the original engine's rule base classes; ours share none",
    "aliyun.log.acl_config": _NO_API + " (project ACLs)",
    "aliyun.log.acl_response": _NO_API + " (project ACLs)",
    "aliyun.log.async_sql_pb2": _NO_API + " (async SQL)",
    "aliyun.log.logclient_core": "internal CRUD method factory of the original client; ours has its own",
    "aliyun.log.pluralize": "internal helper of the original client (English plurals of entity names)",
    "aliyun.log.consumer.consumer_client": "internal client wrapper of the original consumer; ours uses LogClient",
    "aliyun.log.consumer.exceptions": "the original consumer's internal exceptions; ours raises LogException",
    "aliyun.log.consumer.fetched_log_group": "internal; ours hands processors a LogGroupSequence",
    "aliyun.log.consumer.preprocessor": "internal (SPL pre-processing of pulls, not supported yet)",
    "aliyun.log.es_migration.migration_log": "internal logging setup of the original tool; ours logs to "
    "aliyun.log.es_migration",
    "aliyun.log.es_migration.util": "internal helper of the original tool",
}

_LOGGER = "module loggers are named after our modules (all below the 'aliyun.log' logger)"
_PY2 = "Python 2 switches; this SDK is Python 3 only"
_ADAPTER = "internal logger adapter of the original consumer"

#: module path -> {name: reason it is absent}
MISSING_NAMES: Dict[str, Dict[str, str]] = {
    "aliyun.log.resource_params": {"check_params": _INTERNAL, "check_type_for_init": _INTERNAL},
    "aliyun.log.topostore_params": {"check_params": _INTERNAL, "check_type_for_init": _INTERNAL},
    "aliyun.log.scheduled_sql": {"dict_to_schedule_rule": _INTERNAL, "dict_to_scheduled_sql_config": _INTERNAL},
    "aliyun.log.tag_response": {"Tag": "a plain holder of the original; ours returns the tags as dicts"},
    "aliyun.log.etl_core.config_parser": {"logger": _LOGGER},
    "aliyun.log.etl_core.etl_util": {
        "DEFAULT_FN_CACHE_SIZE": _ETL_INTERNAL,
        "bind_event_fn": _ETL_INTERNAL,
        "cached": _ETL_INTERNAL,
        "get_set_mode_if_skip_fn": _ETL_INTERNAL,
        "u": _ETL_INTERNAL,
    },
    "aliyun.log.etl_core.restrict_config_parser": {
        "TRUST_AST_TYPES": _ETL_INTERNAL,
        "built_in_fns": _ETL_INTERNAL,
        "built_in_ids": _ETL_INTERNAL,
        "builtin_macros": _ETL_INTERNAL,
        "logger": _LOGGER,
    },
    "aliyun.log.etl_core.runner": {"logger": _LOGGER},
    "aliyun.log.etl_core.trans_comp.trans_csv": {
        "logger": _LOGGER,
        "trans_comp_csv": _ETL_INTERNAL,
        "trans_comp_psv": _ETL_INTERNAL,
        "trans_comp_tsv": _ETL_INTERNAL,
    },
    "aliyun.log.etl_core.trans_comp.trans_json": {
        "json_transformer": _ETL_INTERNAL,
        "logger": _LOGGER,
        "trans_comp_json": _ETL_INTERNAL,
    },
    "aliyun.log.etl_core.trans_comp.trans_kv": {
        "kv_transformer": _ETL_INTERNAL,
        "logger": _LOGGER,
        "trans_comp_kv": _ETL_INTERNAL,
    },
    "aliyun.log.etl_core.trans_comp.trans_lookup": {
        "DefaultDict": _ETL_INTERNAL,
        "ETLLookupError": _ETL_INTERNAL,
        "Table": _ETL_INTERNAL,
        "logger": _LOGGER,
        "trans_comp_lookup": _ETL_INTERNAL,
    },
    "aliyun.log.etl_core.trans_comp.trans_mv": {
        "logger": _LOGGER,
        "split_event_transformer": _ETL_INTERNAL,
        "trans_comp_split_event": _ETL_INTERNAL,
    },
    "aliyun.log.etl_core.trans_comp.trans_regex": {"logger": _LOGGER, "trans_comp_regex": _ETL_INTERNAL},
    "aliyun.log.etl_core.trans_comp.trans_set_field": {"logger": _LOGGER, "trans_set_field_zip": _ETL_INTERNAL},
    "aliyun.log.etl_core.transform.condition_list": {"logger": _LOGGER},
    "aliyun.log.etl_core.transform.condition_transform": {"logger": _LOGGER},
    "aliyun.log.etl_core.transform.transform_list": {"logger": _LOGGER},
    "aliyun.log.ext.jupyter_magic": {
        "CLI_CONFIG_FILENAME": _MAGIC_INTERNAL,
        "can_use_widgets": _MAGIC_INTERNAL,
        "detail": _MAGIC_INTERNAL,
        "df_html": _MAGIC_INTERNAL,
        "parse_timestamp": _MAGIC_INTERNAL,
        "result": _MAGIC_INTERNAL,
    },
    "aliyun.log.auth": {"is_py2": _PY2, "is_py3": _PY2},
    "aliyun.log.consumer.config": {"ConsumerStatus": "the original shard worker's states; ours has its own"},
    "aliyun.log.consumer.heart_beat": {"HeartBeatLoggerAdapter": _ADAPTER},
    "aliyun.log.consumer.shard_worker": {"ShardConsumerWorkerLoggerAdapter": _ADAPTER},
    "aliyun.log.consumer.worker": {"ConsumerWorkerLoggerAdapter": _ADAPTER},
    "aliyun.log.consumer.tasks": {
        **{
            name: "internal task plumbing of the original consumer"
            for name in (
                "FetchTaskResult",
                "InitTaskResult",
                "ProcessTaskResult",
                "TaskResult",
                "consumer_fetch_task",
                "consumer_initialize_task",
                "consumer_process_task",
                "consumer_shutdown_task",
            )
        },
        "logger": _LOGGER,
    },
    "aliyun.log.es_migration.migration_task": {
        "Checkpoint": "internal; ours checkpoints with es_migration.checkpoint.TaskCheckpoint",
        "MigrationLogstore": "internal; ours writes through es_migration.task.SlsTarget",
    },
    "aliyun.log.external_store_config": {"logger": _LOGGER},
    "aliyun.log.logclient": {
        **{
            name: "the original client's internal tuning; ours has RetryPolicy and timeouts"
            for name in (
                "CONNECTION_TIME_OUT",
                "DEFAULT_QUERY_RETRY_COUNT",
                "DEFAULT_QUERY_RETRY_INTERVAL",
                "DEFAULT_REFRESH_RETRY_COUNT",
                "DEFAULT_REFRESH_RETRY_DELAY",
                "MIN_REFRESH_INTERVAL",
            )
        },
        "MAX_GET_LOG_PAGING_SIZE": "the original client's internal paging of get_log_all",
        "MAX_PUT_LOG_SIZE": "the service's limit is in aliyun.log.limits (MAX_RAW_BODY_BYTES)",
        "logger": _LOGGER,
    },
    "aliyun.log.logclient_operator": {
        **{
            name: "pending: the operations (copy, transform, dump, resource usage) move into their own module in "
            "another branch; they are LogClient methods"
            for name in (
                "TransformDataConsumer",
                "arrange_shard",
                "copy_alert",
                "copy_dashboard",
                "copy_data",
                "copy_logstore",
                "copy_project",
                "copy_worker",
                "dump_worker",
                "get_encoder_cls",
                "get_resource_usage",
                "list_more",
                "pull_log_dump",
                "put_logs_auto_div",
                "query_more",
                "transform_data",
                "transform_worker",
                "MAX_INIT_SHARD_COUNT",
                "TOTAL_HASH_LENGTH",
                "TOTAL_SHARD_SIZE",
            )
        },
        "logger": _LOGGER,
    },
    "aliyun.log.logger_hanlder": {
        name: "the original handler's internal field tables; ours are in aliyun.log.handlers._fields"
        for name in ("BLACK_FIELD_LIST", "BUILTIN_LOG_FIELDS_NAMES", "DEFAULT_RECORD_LOG_FIELDS")
    },
    "aliyun.log.logtail_config_detail": {
        **{
            name: "deprecated logtail config classes of the original SDK (superseded by the *ConfigDetail classes)"
            for name in (
                "ApsaraLogConfigDetail",
                "CommonRegLogConfigDetail",
                "LogtailConfigDetail",
                "LogtailConfigHelper",
            )
        },
        "logger": _LOGGER,
    },
    "aliyun.log.machine_group_detail": {
        "MachineStatus": "the machine heartbeat model; ListMachinesResponse gives plain dicts"
    },
    "aliyun.log.project_response": {"GetProjectTagsResponse": _NO_API + " (project tags)"},
    "aliyun.log.pulllog_response": {"DEFAULT_DECODE_LIST": "internal: ours decodes with get_flatten_logs_json"},
    "aliyun.log.util": {
        **{
            name: _NO_API + " (export sinks)"
            for name in ("export_deserialize", "maxcompute_sink_deserialize", "oss_sink_deserialize")
        },
        "logger": _LOGGER,
    },
}
