# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.pipeline_configs import LogtailPipelineConfigDetail as LogtailPipelineConfigDetail

__all__ = ['LogtailPipelineConfigDetail']
