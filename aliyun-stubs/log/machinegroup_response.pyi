# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.management import ApplyConfigToMachineGroupResponse as ApplyConfigToMachineGroupResponse
from aliyun.log.models.management import CreateMachineGroupResponse as CreateMachineGroupResponse
from aliyun.log.models.management import DeleteMachineGroupResponse as DeleteMachineGroupResponse
from aliyun.log.models.management import GetConfigAppliedMachineGroupsResponse as GetConfigAppliedMachineGroupsResponse
from aliyun.log.models.management import GetMachineGroupAppliedConfigResponse as GetMachineGroupAppliedConfigResponse
from aliyun.log.models.management import GetMachineGroupResponse as GetMachineGroupResponse
from aliyun.log.models.management import ListMachineGroupResponse as ListMachineGroupResponse
from aliyun.log.models.management import ListMachinesResponse as ListMachinesResponse
from aliyun.log.models.management import RemoveConfigToMachineGroupResponse as RemoveConfigToMachineGroupResponse
from aliyun.log.models.management import UpdateMachineGroupResponse as UpdateMachineGroupResponse

__all__ = ['ApplyConfigToMachineGroupResponse', 'CreateMachineGroupResponse', 'DeleteMachineGroupResponse', 'GetConfigAppliedMachineGroupsResponse', 'GetMachineGroupAppliedConfigResponse', 'GetMachineGroupResponse', 'ListMachineGroupResponse', 'ListMachinesResponse', 'RemoveConfigToMachineGroupResponse', 'UpdateMachineGroupResponse']
