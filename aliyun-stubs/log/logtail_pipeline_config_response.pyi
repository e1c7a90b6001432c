# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.pipeline_configs import CreateLogtailPipelineConfigResponse as CreateLogtailPipelineConfigResponse
from aliyun.log.models.pipeline_configs import DeleteLogtailPipelineConfigResponse as DeleteLogtailPipelineConfigResponse
from aliyun.log.models.pipeline_configs import GetLogtailPipelineConfigResponse as GetLogtailPipelineConfigResponse
from aliyun.log.models.pipeline_configs import ListLogtailPipelineConfigResponse as ListLogtailPipelineConfigResponse
from aliyun.log.models.pipeline_configs import UpdateLogtailPipelineConfigResponse as UpdateLogtailPipelineConfigResponse

__all__ = ['CreateLogtailPipelineConfigResponse', 'DeleteLogtailPipelineConfigResponse', 'GetLogtailPipelineConfigResponse', 'ListLogtailPipelineConfigResponse', 'UpdateLogtailPipelineConfigResponse']
