# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.machine_group import MachineGroupDetail as MachineGroupDetail

__all__ = ['MachineGroupDetail']
