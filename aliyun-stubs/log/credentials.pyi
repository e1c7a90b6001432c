# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.auth import Credentials as Credentials
from aliyun.log.auth import CredentialsProvider as CredentialsProvider
from aliyun.log.auth import StaticCredentialsProvider as StaticCredentialsProvider

__all__ = ['Credentials', 'CredentialsProvider', 'StaticCredentialsProvider']
