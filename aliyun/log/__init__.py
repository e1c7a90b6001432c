"""aliyun.log: Python SDK for Alibaba Cloud Log Service (SLS) and its local emulator.

Public names are imported lazily on first use, so ``import aliyun.log`` stays cheap; ``from aliyun.log import
LogClient`` works as usual. The module paths of the original ``aliyun-log-python-sdk`` (``aliyun.log.logitem``...)
import too (see :mod:`aliyun.log._legacy`).
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any, Dict, List

from ._legacy.finder import install as _install_legacy_paths
from .version import __version__

#: the package logger; every logger of the SDK is below it (``aliyun.log.transport``...)
logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())
_install_legacy_paths()

# public name -> module (relative to this package) that defines it; "module:other" exports that module's ``other``
_EXPORTS: Dict[str, str] = {
    # client, errors, transport
    "LogClient": ".client",
    "LogException": ".errors",
    "RetryPolicy": ".transport",
    "HttpRequest": ".transport",
    "HttpResponse": ".transport",
    "Sender": ".transport",
    "SendError": ".transport",
    "RequestsSender": ".transport",
    "MockTransport": ".transport",
    "InProcessTransport": ".transport",
    # credentials and signing
    "Credentials": ".auth",
    "StaticCredentialsProvider": ".auth",
    "EnvironmentCredentialsProvider": ".auth",
    "RefreshingCredentialsProvider": ".auth",
    # data model and requests
    "LogItem": ".models.logitem",
    "LogRequest": ".models.request",
    "PutLogsRequest": ".models.request",
    "ListLogstoresRequest": ".models.request",
    # LogGroup protobuf messages: as in the original SDK, the top-level LogGroup keeps values as bytes
    "LogGroup": ".codec.proto:LogGroupRaw",
    "LogGroupList": ".codec.proto:LogGroupListRaw",
    # responses
    "LogResponse": ".models.response",
    "CreateProjectResponse": ".models.response",
    "UpdateProjectResponse": ".models.response",
    "DeleteProjectResponse": ".models.response",
    "GetProjectResponse": ".models.response",
    "ListProjectResponse": ".models.response",
    "CreateLogStoreResponse": ".models.response",
    "UpdateLogStoreResponse": ".models.response",
    "DeleteLogStoreResponse": ".models.response",
    "GetLogStoreResponse": ".models.response",
    "ListLogStoreResponse": ".models.response",
    "ListLogstoresResponse": ".models.response",
    "ListShardResponse": ".models.response",
    "DeleteShardResponse": ".models.response",
    "GetCursorResponse": ".models.response",
    "GetCursorTimeResponse": ".models.response",
    "PutLogsResponse": ".models.response",
    "PullLogResponse": ".models.response",
    # consumer groups (REST)
    "ConsumerGroupEntity": ".models.consumer_group",
    "ConsumerGroupRequest": ".models.consumer",
    "CreateConsumerGroupRequest": ".models.consumer",
    "UpdateConsumerGroupRequest": ".models.consumer",
    "ConsumerGroupHeartBeatRequest": ".models.consumer",
    "ConsumerGroupUpdateCheckPointRequest": ".models.consumer",
    "ConsumerGroupGetCheckPointRequest": ".models.consumer",
    "CreateConsumerGroupResponse": ".models.consumer",
    "UpdateConsumerGroupResponse": ".models.consumer",
    "DeleteConsumerGroupResponse": ".models.consumer",
    "ListConsumerGroupResponse": ".models.consumer",
    "ConsumerGroupHeartBeatResponse": ".models.consumer",
    "ConsumerGroupUpdateCheckPointResponse": ".models.consumer",
    "ConsumerGroupCheckPointResponse": ".models.consumer",
    # query
    "GetLogsRequest": ".models.query",
    "GetHistogramsRequest": ".models.query",
    "GetProjectLogsRequest": ".models.query",
    "ListTopicsRequest": ".models.query",
    "GetLogsResponse": ".models.query",
    "GetProjectLogsResponse": ".models.query",
    "QueriedLog": ".models.query",
    "GetHistogramsResponse": ".models.query",
    "Histogram": ".models.query",
    "ListTopicsResponse": ".models.query",
    # management: index, logtail configs, machine groups, entities, operations
    "IndexConfig": ".models.index",
    "IndexLineConfig": ".models.index",
    "IndexKeyConfig": ".models.index",
    "IndexJsonKeyConfig": ".models.index",
    "LogtailConfigGenerator": ".models.logtail",
    "ConfigDetailBase": ".models.logtail",
    "SimpleFileConfigDetail": ".models.logtail",
    "SeperatorFileConfigDetail": ".models.logtail",
    "FullRegFileConfigDetail": ".models.logtail",
    "JsonFileConfigDetail": ".models.logtail",
    "ApsaraFileConfigDetail": ".models.logtail",
    "SyslogConfigDetail": ".models.logtail",
    "PluginConfigDetail": ".models.logtail",
    "LogtailInputType": ".models.logtail",
    "LogtailType": ".models.logtail",
    "LogtailConfigError": ".models.logtail",
    "MachineGroupDetail": ".models.machine_group",
    "OssShipperConfig": ".models.shipper",
    "OdpsShipperConfig": ".models.shipper",
    "ShipperTask": ".models.shipper",
    "shipper_detail": ".models.shipper",
    "ExternalStoreConfigBase": ".models.external_store",
    "ExternalStoreConfig": ".models.external_store",
    "ExternalStoreOssConfig": ".models.external_store",
    "ExternalStoreCsvConfig": ".models.external_store",
    "ApplyConfigToMachineGroupResponse": ".models.management",
    "CopyLogstoreResponse": ".models.management",
    "CopyProjectResponse": ".models.management",
    "CreateEntityResponse": ".models.management",
    "CreateExternalStoreResponse": ".models.management",
    "CreateIndexResponse": ".models.management",
    "CreateLogtailConfigResponse": ".models.management",
    "CreateMachineGroupResponse": ".models.management",
    "CreateShipperResponse": ".models.management",
    "DeleteEntityResponse": ".models.management",
    "DeleteExternalStoreResponse": ".models.management",
    "DeleteIndexResponse": ".models.management",
    "DeleteLogtailConfigResponse": ".models.management",
    "DeleteMachineGroupResponse": ".models.management",
    "DeleteShipperResponse": ".models.management",
    "GetConfigAppliedMachineGroupsResponse": ".models.management",
    "GetEntityResponse": ".models.management",
    "GetExternalStoreResponse": ".models.management",
    "GetIndexResponse": ".models.management",
    "GetLogtailConfigResponse": ".models.management",
    "GetMachineGroupAppliedConfigResponse": ".models.management",
    "GetMachineGroupResponse": ".models.management",
    "GetResourceUsageResponse": ".models.management",
    "GetShipperConfigResponse": ".models.management",
    "GetShipperTasksResponse": ".models.management",
    "ListEntityResponse": ".models.management",
    "ListExternalStoreResponse": ".models.management",
    "ListLogtailConfigResponse": ".models.management",
    "ListMachineGroupResponse": ".models.management",
    "ListMachinesResponse": ".models.management",
    "ListShipperResponse": ".models.management",
    "RemoveConfigToMachineGroupResponse": ".models.management",
    "RetryShipperTasksResponse": ".models.management",
    "UpdateEntityResponse": ".models.management",
    "UpdateExternalStoreResponse": ".models.management",
    "UpdateIndexResponse": ".models.management",
    "UpdateLogtailConfigResponse": ".models.management",
    "UpdateMachineGroupResponse": ".models.management",
    "UpdateShipperResponse": ".models.management",
    # jobs, pipeline configs, logstore settings, tags, resources, topostores
    "AbstractJob": ".models.jobs",
    "JobType": ".models.jobs",
    "JobScheduleType": ".models.jobs",
    "JobSchedule": ".models.jobs",
    "ScheduledJob": ".models.jobs",
    "ScheduledSQL": ".models.scheduled_sql",
    "ScheduledSQLConfiguration": ".models.scheduled_sql",
    "ScheduledSQLParameters": ".models.scheduled_sql",
    "ScheduledSQLBaseParameters": ".models.scheduled_sql",
    "Log2MetricParameters": ".models.scheduled_sql",
    "Metric2MetricParameters": ".models.scheduled_sql",
    "DataSinkType": ".models.exports",
    "DataSink": ".models.exports",
    "AliyunOSSSink": ".models.exports",
    "AliyunMaxComputeSink": ".models.exports",
    "ExportConfiguration": ".models.exports",
    "Export": ".models.exports",
    "CreateScheduledSQLResponse": ".models.job_responses",
    "UpdateScheduledSQLResponse": ".models.job_responses",
    "DeleteScheduledSQLResponse": ".models.job_responses",
    "GetScheduledSQLResponse": ".models.job_responses",
    "ListScheduledSQLResponse": ".models.job_responses",
    "ListScheduledSqlJobInstancesResponse": ".models.job_responses",
    "GetScheduledSqlJobInstanceResponse": ".models.job_responses",
    "ModifyScheduledSqlJobStateResponse": ".models.job_responses",
    "CreateEtlResponse": ".models.job_responses",
    "UpdateEtlResponse": ".models.job_responses",
    "DeleteEtlResponse": ".models.job_responses",
    "StartEtlResponse": ".models.job_responses",
    "StopEtlResponse": ".models.job_responses",
    "GetEtlResponse": ".models.job_responses",
    "ListEtlsResponse": ".models.job_responses",
    "CreateIngestionResponse": ".models.job_responses",
    "UpdateIngestionResponse": ".models.job_responses",
    "DeleteIngestionResponse": ".models.job_responses",
    "StartIngestionResponse": ".models.job_responses",
    "StopIngestionResponse": ".models.job_responses",
    "RestartIngestionResponse": ".models.job_responses",
    "GetIngestionResponse": ".models.job_responses",
    "ListIngestionResponse": ".models.job_responses",
    "CreateExportResponse": ".models.job_responses",
    "UpdateExportResponse": ".models.job_responses",
    "DeleteExportResponse": ".models.job_responses",
    "GetExportResponse": ".models.job_responses",
    "ListExportResponse": ".models.job_responses",
    "LogtailPipelineConfigDetail": ".models.pipeline_configs",
    "CreateLogtailPipelineConfigResponse": ".models.pipeline_configs",
    "UpdateLogtailPipelineConfigResponse": ".models.pipeline_configs",
    "DeleteLogtailPipelineConfigResponse": ".models.pipeline_configs",
    "GetLogtailPipelineConfigResponse": ".models.pipeline_configs",
    "ListLogtailPipelineConfigResponse": ".models.pipeline_configs",
    "GetLogStoreMeteringModeResponse": ".models.logstore_settings",
    "UpdateLogStoreMeteringModeResponse": ".models.logstore_settings",
    "GetLogStoreMultimodalConfigurationResponse": ".models.logstore_settings",
    "PutLogStoreMultimodalConfigurationResponse": ".models.logstore_settings",
    "GetProjectTagsResponse": ".models.tags",
    "GetResourceTagsResponse": ".models.tags",
    "Resource": ".models.resources",
    "ResourceSchemaItem": ".models.resources",
    "ResourceRecord": ".models.resources",
    "ResourcePolicyResourceType": ".models.resources",
    "CreateResourceResponse": ".models.resources",
    "UpdateResourceResponse": ".models.resources",
    "DeleteResourceResponse": ".models.resources",
    "GetResourceResponse": ".models.resources",
    "ListResourcesResponse": ".models.resources",
    "CreateRecordResponse": ".models.resources",
    "UpdateRecordResponse": ".models.resources",
    "UpsertRecordResponse": ".models.resources",
    "DeleteRecordResponse": ".models.resources",
    "GetRecordResponse": ".models.resources",
    "ListRecordResponse": ".models.resources",
    "PutResourcePolicyResponse": ".models.resources",
    "GetResourcePolicyResponse": ".models.resources",
    "DeleteResourcePolicyResponse": ".models.resources",
    "Topostore": ".models.topostores",
    "TopostoreNode": ".models.topostores",
    "TopostoreRelation": ".models.topostores",
    "CreateTopostoreResponse": ".models.topostores",
    "UpdateTopostoreResponse": ".models.topostores",
    "DeleteTopostoreResponse": ".models.topostores",
    "GetTopostoreResponse": ".models.topostores",
    "ListTopostoresResponse": ".models.topostores",
    "CreateTopostoreNodeResponse": ".models.topostores",
    "UpdateTopostoreNodeResponse": ".models.topostores",
    "UpsertTopostoreNodeResponse": ".models.topostores",
    "DeleteTopostoreNodeResponse": ".models.topostores",
    "GetTopostoreNodeResponse": ".models.topostores",
    "ListTopostoreNodesResponse": ".models.topostores",
    "CreateTopostoreRelationResponse": ".models.topostores",
    "UpdateTopostoreRelationResponse": ".models.topostores",
    "UpsertTopostoreRelationResponse": ".models.topostores",
    "DeleteTopostoreRelationResponse": ".models.topostores",
    "GetTopostoreRelationResponse": ".models.topostores",
    "ListTopostoreRelationsResponse": ".models.topostores",
    # time parsing and the original SDK's helper bag
    "parse_timestamp": ".timeparse",
    "Util": "._legacy.util",
    # logging handlers
    "LogFields": ".handlers",
    "SimpleLogHandler": ".handlers",
    "QueuedLogHandler": ".handlers",
    "UwsgiQueuedLogHandler": ".handlers",
    # Elasticsearch migration (imports the elasticsearch client only when a migration runs)
    "MigrationConfig": ".es_migration",
    "MigrationManager": ".es_migration",
    "MigrationResponse": ".es_migration",
    # whether the compiled codec is in use
    "speedups_enabled": "._speedups",
    # data plane: delete/update logs, context logs, SQL, store views, objects, index rebuild, metric stores
    "DeleteLogsRequest": ".models.delete_logs",
    "DeleteLogsResponse": ".models.delete_logs",
    "DeleteLogsV2Request": ".models.delete_logs",
    "DeleteLogsV2Response": ".models.delete_logs",
    "GetDeleteLogsStatusRequest": ".models.delete_logs",
    "GetDeleteLogsStatusResponse": ".models.delete_logs",
    "ListDeleteLogsTasksRequest": ".models.delete_logs",
    "ListDeleteLogsTasksResponse": ".models.delete_logs",
    "UpdateLogsRequest": ".models.delete_logs",
    "UpdateLogsResponse": ".models.delete_logs",
    "GetContextLogsResponse": ".models.context",
    "AsyncSqlResponse": ".models.sql",
    "CreateSqlInstanceResponse": ".models.sql",
    "DeleteAsyncSqlRequest": ".models.sql",
    "GetAsyncSqlRequest": ".models.sql",
    "ListSqlInstanceResponse": ".models.sql",
    "SubmitAsyncSqlRequest": ".models.sql",
    "UpdateSqlInstanceResponse": ".models.sql",
    "CreateStoreViewResponse": ".models.store_view",
    "DeleteStoreViewResponse": ".models.store_view",
    "GetStoreViewResponse": ".models.store_view",
    "ListStoreViewsResponse": ".models.store_view",
    "StoreView": ".models.store_view",
    "StoreViewStore": ".models.store_view",
    "UpdateStoreViewResponse": ".models.store_view",
    "GetObjectResponse": ".models.objects",
    "PutObjectResponse": ".models.objects",
    "CreateRebuildIndexResponse": ".models.rebuild_index",
    "GetRebuildIndexResponse": ".models.rebuild_index",
    "CreateMetricsStoreResponse": ".models.metric_store",
    "CreateSubStoreResponse": ".models.metric_store",
    "DeleteSubStoreResponse": ".models.metric_store",
    "GetMetricStoreMeteringModeResponse": ".models.metric_store",
    "GetSubStoreResponse": ".models.metric_store",
    "GetSubStoreTTLResponse": ".models.metric_store",
    "ListSubStoreResponse": ".models.metric_store",
    "UpdateMetricStoreMeteringModeResponse": ".models.metric_store",
    "UpdateSubStoreResponse": ".models.metric_store",
    "UpdateSubStoreTTLResponse": ".models.metric_store",
}

__all__: List[str] = sorted([*_EXPORTS, "__version__", "logger"])


def __getattr__(name: str) -> Any:
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module_name, _, attribute = target.partition(":")
    value = getattr(importlib.import_module(module_name, __name__), attribute or name)
    globals()[name] = value
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:  # pragma: no cover - lets type checkers and IDEs see the lazy names
    from ._legacy.util import (
        Util,
    )
    from ._speedups import (
        speedups_enabled,
    )
    from .auth import (
        Credentials,
        EnvironmentCredentialsProvider,
        RefreshingCredentialsProvider,
        StaticCredentialsProvider,
    )
    from .client import (
        LogClient,
    )
    from .codec.proto import (
        LogGroupListRaw as LogGroupList,
    )
    from .codec.proto import (
        LogGroupRaw as LogGroup,
    )
    from .errors import (
        LogException,
    )
    from .es_migration import (
        MigrationConfig,
        MigrationManager,
        MigrationResponse,
    )
    from .handlers import (
        LogFields,
        QueuedLogHandler,
        SimpleLogHandler,
        UwsgiQueuedLogHandler,
    )
    from .models.consumer import (
        ConsumerGroupCheckPointResponse,
        ConsumerGroupGetCheckPointRequest,
        ConsumerGroupHeartBeatRequest,
        ConsumerGroupHeartBeatResponse,
        ConsumerGroupRequest,
        ConsumerGroupUpdateCheckPointRequest,
        ConsumerGroupUpdateCheckPointResponse,
        CreateConsumerGroupRequest,
        CreateConsumerGroupResponse,
        DeleteConsumerGroupResponse,
        ListConsumerGroupResponse,
        UpdateConsumerGroupRequest,
        UpdateConsumerGroupResponse,
    )
    from .models.consumer_group import (
        ConsumerGroupEntity,
    )
    from .models.context import (
        GetContextLogsResponse,
    )
    from .models.delete_logs import (
        DeleteLogsRequest,
        DeleteLogsResponse,
        DeleteLogsV2Request,
        DeleteLogsV2Response,
        GetDeleteLogsStatusRequest,
        GetDeleteLogsStatusResponse,
        ListDeleteLogsTasksRequest,
        ListDeleteLogsTasksResponse,
        UpdateLogsRequest,
        UpdateLogsResponse,
    )
    from .models.exports import (
        AliyunMaxComputeSink,
        AliyunOSSSink,
        DataSink,
        DataSinkType,
        Export,
        ExportConfiguration,
    )
    from .models.external_store import (
        ExternalStoreConfig,
        ExternalStoreConfigBase,
        ExternalStoreCsvConfig,
        ExternalStoreOssConfig,
    )
    from .models.index import (
        IndexConfig,
        IndexJsonKeyConfig,
        IndexKeyConfig,
        IndexLineConfig,
    )
    from .models.job_responses import (
        CreateEtlResponse,
        CreateExportResponse,
        CreateIngestionResponse,
        CreateScheduledSQLResponse,
        DeleteEtlResponse,
        DeleteExportResponse,
        DeleteIngestionResponse,
        DeleteScheduledSQLResponse,
        GetEtlResponse,
        GetExportResponse,
        GetIngestionResponse,
        GetScheduledSqlJobInstanceResponse,
        GetScheduledSQLResponse,
        ListEtlsResponse,
        ListExportResponse,
        ListIngestionResponse,
        ListScheduledSqlJobInstancesResponse,
        ListScheduledSQLResponse,
        ModifyScheduledSqlJobStateResponse,
        RestartIngestionResponse,
        StartEtlResponse,
        StartIngestionResponse,
        StopEtlResponse,
        StopIngestionResponse,
        UpdateEtlResponse,
        UpdateExportResponse,
        UpdateIngestionResponse,
        UpdateScheduledSQLResponse,
    )
    from .models.jobs import (
        AbstractJob,
        JobSchedule,
        JobScheduleType,
        JobType,
        ScheduledJob,
    )
    from .models.logitem import (
        LogItem,
    )
    from .models.logstore_settings import (
        GetLogStoreMeteringModeResponse,
        GetLogStoreMultimodalConfigurationResponse,
        PutLogStoreMultimodalConfigurationResponse,
        UpdateLogStoreMeteringModeResponse,
    )
    from .models.logtail import (
        ApsaraFileConfigDetail,
        ConfigDetailBase,
        FullRegFileConfigDetail,
        JsonFileConfigDetail,
        LogtailConfigError,
        LogtailConfigGenerator,
        LogtailInputType,
        LogtailType,
        PluginConfigDetail,
        SeperatorFileConfigDetail,
        SimpleFileConfigDetail,
        SyslogConfigDetail,
    )
    from .models.machine_group import (
        MachineGroupDetail,
    )
    from .models.management import (
        ApplyConfigToMachineGroupResponse,
        CopyLogstoreResponse,
        CopyProjectResponse,
        CreateEntityResponse,
        CreateExternalStoreResponse,
        CreateIndexResponse,
        CreateLogtailConfigResponse,
        CreateMachineGroupResponse,
        CreateShipperResponse,
        DeleteEntityResponse,
        DeleteExternalStoreResponse,
        DeleteIndexResponse,
        DeleteLogtailConfigResponse,
        DeleteMachineGroupResponse,
        DeleteShipperResponse,
        GetConfigAppliedMachineGroupsResponse,
        GetEntityResponse,
        GetExternalStoreResponse,
        GetIndexResponse,
        GetLogtailConfigResponse,
        GetMachineGroupAppliedConfigResponse,
        GetMachineGroupResponse,
        GetResourceUsageResponse,
        GetShipperConfigResponse,
        GetShipperTasksResponse,
        ListEntityResponse,
        ListExternalStoreResponse,
        ListLogtailConfigResponse,
        ListMachineGroupResponse,
        ListMachinesResponse,
        ListShipperResponse,
        RemoveConfigToMachineGroupResponse,
        RetryShipperTasksResponse,
        UpdateEntityResponse,
        UpdateExternalStoreResponse,
        UpdateIndexResponse,
        UpdateLogtailConfigResponse,
        UpdateMachineGroupResponse,
        UpdateShipperResponse,
    )
    from .models.metric_store import (
        CreateMetricsStoreResponse,
        CreateSubStoreResponse,
        DeleteSubStoreResponse,
        GetMetricStoreMeteringModeResponse,
        GetSubStoreResponse,
        GetSubStoreTTLResponse,
        ListSubStoreResponse,
        UpdateMetricStoreMeteringModeResponse,
        UpdateSubStoreResponse,
        UpdateSubStoreTTLResponse,
    )
    from .models.objects import (
        GetObjectResponse,
        PutObjectResponse,
    )
    from .models.pipeline_configs import (
        CreateLogtailPipelineConfigResponse,
        DeleteLogtailPipelineConfigResponse,
        GetLogtailPipelineConfigResponse,
        ListLogtailPipelineConfigResponse,
        LogtailPipelineConfigDetail,
        UpdateLogtailPipelineConfigResponse,
    )
    from .models.query import (
        GetHistogramsRequest,
        GetHistogramsResponse,
        GetLogsRequest,
        GetLogsResponse,
        GetProjectLogsRequest,
        GetProjectLogsResponse,
        Histogram,
        ListTopicsRequest,
        ListTopicsResponse,
        QueriedLog,
    )
    from .models.rebuild_index import (
        CreateRebuildIndexResponse,
        GetRebuildIndexResponse,
    )
    from .models.request import (
        ListLogstoresRequest,
        LogRequest,
        PutLogsRequest,
    )
    from .models.resources import (
        CreateRecordResponse,
        CreateResourceResponse,
        DeleteRecordResponse,
        DeleteResourcePolicyResponse,
        DeleteResourceResponse,
        GetRecordResponse,
        GetResourcePolicyResponse,
        GetResourceResponse,
        ListRecordResponse,
        ListResourcesResponse,
        PutResourcePolicyResponse,
        Resource,
        ResourcePolicyResourceType,
        ResourceRecord,
        ResourceSchemaItem,
        UpdateRecordResponse,
        UpdateResourceResponse,
        UpsertRecordResponse,
    )
    from .models.response import (
        CreateLogStoreResponse,
        CreateProjectResponse,
        DeleteLogStoreResponse,
        DeleteProjectResponse,
        DeleteShardResponse,
        GetCursorResponse,
        GetCursorTimeResponse,
        GetLogStoreResponse,
        GetProjectResponse,
        ListLogStoreResponse,
        ListLogstoresResponse,
        ListProjectResponse,
        ListShardResponse,
        LogResponse,
        PullLogResponse,
        PutLogsResponse,
        UpdateLogStoreResponse,
        UpdateProjectResponse,
    )
    from .models.scheduled_sql import (
        Log2MetricParameters,
        Metric2MetricParameters,
        ScheduledSQL,
        ScheduledSQLBaseParameters,
        ScheduledSQLConfiguration,
        ScheduledSQLParameters,
    )
    from .models.shipper import (
        OdpsShipperConfig,
        OssShipperConfig,
        ShipperTask,
        shipper_detail,
    )
    from .models.sql import (
        AsyncSqlResponse,
        CreateSqlInstanceResponse,
        DeleteAsyncSqlRequest,
        GetAsyncSqlRequest,
        ListSqlInstanceResponse,
        SubmitAsyncSqlRequest,
        UpdateSqlInstanceResponse,
    )
    from .models.store_view import (
        CreateStoreViewResponse,
        DeleteStoreViewResponse,
        GetStoreViewResponse,
        ListStoreViewsResponse,
        StoreView,
        StoreViewStore,
        UpdateStoreViewResponse,
    )
    from .models.tags import (
        GetProjectTagsResponse,
        GetResourceTagsResponse,
    )
    from .models.topostores import (
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
        Topostore,
        TopostoreNode,
        TopostoreRelation,
        UpdateTopostoreNodeResponse,
        UpdateTopostoreRelationResponse,
        UpdateTopostoreResponse,
        UpsertTopostoreNodeResponse,
        UpsertTopostoreRelationResponse,
    )
    from .timeparse import (
        parse_timestamp,
    )
    from .transport import (
        HttpRequest,
        HttpResponse,
        InProcessTransport,
        MockTransport,
        RequestsSender,
        RetryPolicy,
        Sender,
        SendError,
    )
