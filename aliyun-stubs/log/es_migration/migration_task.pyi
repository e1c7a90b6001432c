# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.es_migration.planning import MigrationTask as MigrationTask

__all__ = ['MigrationTask']
