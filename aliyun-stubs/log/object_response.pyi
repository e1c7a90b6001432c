# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.objects import GetObjectResponse as GetObjectResponse
from aliyun.log.models.objects import PutObjectResponse as PutObjectResponse

__all__ = ['GetObjectResponse', 'PutObjectResponse']
