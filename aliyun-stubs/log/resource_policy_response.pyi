# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.resources import DeleteResourcePolicyResponse as DeleteResourcePolicyResponse
from aliyun.log.models.resources import GetResourcePolicyResponse as GetResourcePolicyResponse
from aliyun.log.models.resources import PutResourcePolicyResponse as PutResourcePolicyResponse

__all__ = ['DeleteResourcePolicyResponse', 'GetResourcePolicyResponse', 'PutResourcePolicyResponse']
