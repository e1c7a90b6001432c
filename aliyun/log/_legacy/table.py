"""The legacy module paths: ``"<path below aliyun.log>": "<our module>:<Name> <Name>...; <our module>:..."``.

``Old=New`` serves our ``New`` under the legacy name ``Old``. A path that is a real module of ours (``consumer.config``,
``version``, ``auth``...) is not listed: it defines its legacy names itself. A feature added by another module of ours
later joins with one line here.
"""

# ruff: noqa: E501

from typing import Dict

LEGACY_MODULES: Dict[str, str] = {
    # the client
    "logclient": "client:LogClient; api.base:MAX_LIST_PAGING_SIZE=MAX_PAGE_SIZE",
    "logclient_operator": "models.management:ResourceUsageResponse=GetResourceUsageResponse",
    "logexception": "errors:LogException",
    "logitem": "models.logitem:LogItem",
    "logrequest": "models.request:LogRequest",
    "logresponse": "models.response:LogResponse",
    "util": "_legacy.util:Util UTC utc ZERO base64_encodestring base64_decodestring is_stats_query PrefixLoggerAdapter require_python3 object_name_encode; timeparse:parse_timestamp",
    "compress": "_legacy.compress:CompressType Compressor lz_compresss lz_decompress zstd_compress zstd_decompress",
    "credentials": "auth:Credentials CredentialsProvider StaticCredentialsProvider",
    # protobuf messages
    "proto": "codec.proto:LogGroupList LogGroup LogTag Log LogGroupListRaw LogGroupRaw LogTagRaw LogRaw",
    "log_logs_pb2": "codec.proto:LogGroupList LogGroup LogTag Log; _legacy.protos:DESCRIPTOR",
    "log_logs_raw_pb2": "codec.proto:LogGroupList=LogGroupListRaw LogGroup=LogGroupRaw LogTag=LogTagRaw Log=LogRaw; _legacy.protos:DESCRIPTOR",
    # logs: write, pull, query
    "putlogsrequest": "models.request:PutLogsRequest",
    "putlogsresponse": "models.response:PutLogsResponse",
    "pulllog_response": "models.response:PullLogResponse",
    "cursor_response": "models.response:GetCursorResponse",
    "cursor_time_response": "models.response:GetCursorTimeResponse",
    "getlogsrequest": "models.query:GetLogsRequest GetProjectLogsRequest",
    "getlogsresponse": "models.query:GetLogsResponse",
    "gethistogramsrequest": "models.query:GetHistogramsRequest",
    "gethistogramsresponse": "models.query:GetHistogramsResponse",
    "histogram": "models.query:Histogram",
    "queriedlog": "models.query:QueriedLog",
    "listtopicsrequest": "models.query:ListTopicsRequest",
    "listtopicsresponse": "models.query:ListTopicsResponse",
    # projects, logstores, shards
    "project_response": "models.response:CreateProjectResponse DeleteProjectResponse GetProjectResponse ListProjectResponse UpdateProjectResponse",
    "logstore_config_response": "models.response:CreateLogStoreResponse DeleteLogStoreResponse GetLogStoreResponse ListLogStoreResponse UpdateLogStoreResponse",
    "listlogstoresrequest": "models.request:ListLogstoresRequest",
    "listlogstoresresponse": "models.response:ListLogstoresResponse",
    "shard_response": "models.response:DeleteShardResponse ListShardResponse",
    # consumer groups
    "consumer_group_request": "models.consumer:ConsumerGroupGetCheckPointRequest ConsumerGroupHeartBeatRequest ConsumerGroupRequest ConsumerGroupUpdateCheckPointRequest CreateConsumerGroupRequest",
    "consumer_group_response": "models.consumer:ConsumerGroupCheckPointResponse ConsumerGroupHeartBeatResponse ConsumerGroupUpdateCheckPointResponse CreateConsumerGroupResponse DeleteConsumerGroupResponse ListConsumerGroupResponse UpdateConsumerGroupResponse; models.consumer_group:ConsumerGroupEntity",
    # management: index, logtail, machine groups, shippers, external stores, entities
    "index_config": "models.index:IndexConfig IndexJsonKeyConfig IndexKeyConfig IndexLineConfig",
    "index_config_response": "models.management:CreateIndexResponse DeleteIndexResponse GetIndexResponse UpdateIndexResponse",
    "logtail_config_detail": "models.logtail:ApsaraFileConfigDetail ConfigDetailBase FullRegFileConfigDetail JsonFileConfigDetail LogtailConfigGenerator LogtailInputType LogtailType PluginConfigDetail SeperatorFileConfigDetail SimpleFileConfigDetail SyslogConfigDetail",
    "logtail_config_response": "models.management:CreateLogtailConfigResponse DeleteLogtailConfigResponse GetLogtailConfigResponse ListLogtailConfigResponse UpdateLogtailConfigResponse",
    "machine_group_detail": "models.machine_group:MachineGroupDetail",
    "machinegroup_response": "models.management:ApplyConfigToMachineGroupResponse CreateMachineGroupResponse DeleteMachineGroupResponse GetConfigAppliedMachineGroupsResponse GetMachineGroupAppliedConfigResponse GetMachineGroupResponse ListMachineGroupResponse ListMachinesResponse RemoveConfigToMachineGroupResponse UpdateMachineGroupResponse",
    "shipper_config": "models.shipper:OdpsShipperConfig OssShipperConfig ShipperTask",
    "shipper_response": "models.management:CreateShipperResponse DeleteShipperResponse GetShipperConfigResponse GetShipperTasksResponse ListShipperResponse RetryShipperTasksResponse UpdateShipperResponse",
    "external_store_config": "models.external_store:ExternalStoreConfig ExternalStoreConfigBase ExternalStoreCsvConfig ExternalStoreOssConfig",
    "external_store_config_response": "models.management:CreateExternalStoreResponse DeleteExternalStoreResponse GetExternalStoreResponse ListExternalStoreResponse UpdateExternalStoreResponse",
    "common_response": "models.management:CreateEntityResponse DeleteEntityResponse GetEntityResponse ListEntityResponse UpdateEntityResponse",
    # logging handlers (the original module name keeps its typo)
    "logger_hanlder": "handlers:LogFields QueuedLogHandler SimpleLogHandler UwsgiQueuedLogHandler",
    # consumer library
    "consumer.checkpoint_tracker": "consumer.tracker:ConsumerCheckpointTracker",
    "consumer.heart_beat": "consumer.heartbeat:ConsumerHeatBeat=ConsumerHeartBeat",
    "consumer.tasks": "consumer.processor:ConsumerJsonProcessorBase ConsumerProcessorAdaptor ConsumerProcessorBase",
    # Elasticsearch migration
    "es_migration.migration_manager": "es_migration.manager:MigrationManager; es_migration.config:MigrationConfig",
    "es_migration.migration_response": "es_migration.manager:MigrationResponse",
    "es_migration.migration_task": "es_migration.planning:MigrationTask",
    "es_migration.doc_logitem_converter": "es_migration.converters:DocLogItemConverter",
    "es_migration.index_logstore_mappings": "es_migration.converters:IndexLogstoreMappings",
    "es_migration.mapping_index_converter": "es_migration.converters:AliyunLogFieldType DocRangeComparator MappingIndexConverter field_type_handlers",
    # the ETL engine of transform_data (configs do `from aliyun.log.etl_core import *`)
    "etl_core": "etl.dsl:ALIAS ALIAS_ ALL ANY CSV DISPATCH_EVENT_ DROP DROP_EVENT_ DROP_F DROP_FIELDS_ EMPTY EXIST F_META F_TAGS F_TIME JSON KEEP KEEP_EVENT_ KEEP_F KEEP_FIELDS_ KV KV_F KV_FIELDS_ LOOKUP NONE NOT NO_EMPTY PSV REGEX RENAME RENAME_FIELDS_ SPLIT TRANSFORM_EVENT_ TSV ZIP Runner V condition dispatch_event drop_event drop_fields extract_kv_fields keep_event keep_fields rename_fields simple_drop simple_keep transform transform_event",
    "etl_core.runner": "etl.runner:Runner",
    "etl_core.config_parser": "etl.config_parser:ConfigParser",
    "etl_core.restrict_config_parser": "etl.restrict_config_parser:InvalidETLConfig RestrictConfigParser",
    "etl_core.etl_util": "etl.util:NOT get_re_full_match process_event re_full_match support_event_list_simple",
    "etl_core.exceptions": "etl.errors:SettingError",
    "etl_core.settings": "etl.settings:ALIAS_ DISPATCH_EVENT_ DROP_EVENT_ DROP_FIELDS_ KEEP_EVENT_ KEEP_FIELDS_ KV_FIELDS_ RENAME_FIELDS_ TRANSFORM_EVENT_ TransFnType builtin_macros check_fn_type_by_name",
    "etl_core.trans_comp": "etl.components:CSV JSON KV LOOKUP PSV REGEX SPLIT TSV ZIP V",
    "etl_core.trans_comp.trans_regex": "etl.components.regex:REGEX",
    "etl_core.trans_comp.trans_csv": "etl.components.delimited:CSV PSV TSV",
    "etl_core.trans_comp.trans_kv": "etl.components.keyvalue:KV KeyValueExtractor",
    "etl_core.trans_comp.trans_json": "etl.components.jsonexpand:JSON JsonExpander",
    "etl_core.trans_comp.trans_lookup": "etl.components.lookup:LOOKUP LookupTable",
    "etl_core.trans_comp.trans_mv": "etl.components.split:SPLIT EventSplitter parse_list",
    "etl_core.trans_comp.trans_set_field": "etl.components.fields:ZIP V",
    "etl_core.transform": "etl.transform:ALL ANY EMPTY EXIST F_META F_TAGS F_TIME NONE NO_EMPTY condition ALIAS DROP DROP_F KEEP KEEP_F KV_F RENAME dispatch_event drop_event drop_fields extract_kv_fields keep_event keep_fields rename_fields simple_drop simple_keep transform transform_event",
    "etl_core.transform.condition_list": "etl.conditions:ALL ANY EMPTY EXIST F_META F_TAGS F_TIME NONE NO_EMPTY condition",
    "etl_core.transform.condition_util": "etl.conditions:ALL ANY EMPTY EXIST F_META F_TAGS F_TIME NONE NO_EMPTY condition",
    "etl_core.transform.condition_transform": "etl.rules:ALIAS DROP DROP_F KEEP KEEP_F KV_F RENAME dispatch_event drop_event drop_fields extract_kv_fields keep_event keep_fields rename_fields simple_drop simple_keep transform transform_event",
    "etl_core.transform.transform_list": "etl.rules:ALIAS DROP DROP_F KEEP KEEP_F KV_F RENAME dispatch_event drop_event drop_fields extract_kv_fields keep_event keep_fields rename_fields simple_drop simple_keep transform transform_event",
    "etl_core.transform.transform_meta": "etl.rules:ALIAS DROP DROP_F KEEP KEEP_F KV_F RENAME dispatch_event drop_event drop_fields extract_kv_fields keep_event keep_fields rename_fields simple_drop simple_keep transform transform_event",
    # data plane: delete / update logs, context logs, SQL, store views, objects, index rebuild, metric stores
    "async_sql_response": "models.sql:AsyncSqlResponse",
    "delete_async_sql_request": "models.sql:DeleteAsyncSqlRequest",
    "get_async_sql_request": "models.sql:GetAsyncSqlRequest",
    "submit_async_sql_request": "models.sql:SubmitAsyncSqlRequest",
    "deletelogsrequest": "models.delete_logs:DeleteLogsRequest",
    "deletelogssresponse": "models.delete_logs:DeleteLogsResponse",
    "deletelogsv2request": "models.delete_logs:DeleteLogsV2Request",
    "deletelogsv2response": "models.delete_logs:DeleteLogsV2Response",
    "getdeletelogsstatusrequest": "models.delete_logs:GetDeleteLogsStatusRequest",
    "getdeletelogsstatusresponse": "models.delete_logs:GetDeleteLogsStatusResponse",
    "listdeletelogsstasksrequest": "models.delete_logs:ListDeleteLogsTasksRequest",
    "listdeletelogsstasksresponse": "models.delete_logs:ListDeleteLogsTasksResponse",
    "updatelogsrequest": "models.delete_logs:UpdateLogsRequest",
    "updatelogsresponse": "models.delete_logs:UpdateLogsResponse",
    "getcontextlogsresponse": "models.context:GetContextLogsResponse",
    "object_response": "models.objects:GetObjectResponse PutObjectResponse",
    "rebuild_index_response": "models.rebuild_index:CreateRebuildIndexResponse GetRebuildIndexResponse",
    "sql_instance_response": "models.sql:CreateSqlInstanceResponse ListSqlInstanceResponse UpdateSqlInstanceResponse",
    "store_view": "models.store_view:StoreView StoreViewStore",
    "store_view_response": "models.store_view:CreateStoreViewResponse DeleteStoreViewResponse GetStoreViewResponse ListStoreViewsResponse UpdateStoreViewResponse",
    "substore_config_response": "models.metric_store:CreateMetricsStoreResponse CreateSubStoreResponse DeleteSubStoreResponse GetSubStoreResponse GetSubStoreTTLResponse ListSubStoreResponse UpdateSubStoreResponse UpdateSubStoreTTLResponse",
}
