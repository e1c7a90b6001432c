# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.shipper import OdpsShipperConfig as OdpsShipperConfig
from aliyun.log.models.shipper import OssShipperConfig as OssShipperConfig
from aliyun.log.models.shipper import ShipperTask as ShipperTask

__all__ = ['OdpsShipperConfig', 'OssShipperConfig', 'ShipperTask']
