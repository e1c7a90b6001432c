# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.resources import ResourcePolicyResourceType as ResourcePolicyResourceType

__all__ = ['ResourcePolicyResourceType']
