# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.management import CreateShipperResponse as CreateShipperResponse
from aliyun.log.models.management import DeleteShipperResponse as DeleteShipperResponse
from aliyun.log.models.management import GetShipperConfigResponse as GetShipperConfigResponse
from aliyun.log.models.management import GetShipperTasksResponse as GetShipperTasksResponse
from aliyun.log.models.management import ListShipperResponse as ListShipperResponse
from aliyun.log.models.management import RetryShipperTasksResponse as RetryShipperTasksResponse
from aliyun.log.models.management import UpdateShipperResponse as UpdateShipperResponse

__all__ = ['CreateShipperResponse', 'DeleteShipperResponse', 'GetShipperConfigResponse', 'GetShipperTasksResponse', 'ListShipperResponse', 'RetryShipperTasksResponse', 'UpdateShipperResponse']
