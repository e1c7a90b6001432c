# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.es_migration.manager import MigrationManager as MigrationManager
from aliyun.log.es_migration.config import MigrationConfig as MigrationConfig

__all__ = ['MigrationManager', 'MigrationConfig']
