# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.response import CreateProjectResponse as CreateProjectResponse
from aliyun.log.models.response import DeleteProjectResponse as DeleteProjectResponse
from aliyun.log.models.response import GetProjectResponse as GetProjectResponse
from aliyun.log.models.response import ListProjectResponse as ListProjectResponse
from aliyun.log.models.response import UpdateProjectResponse as UpdateProjectResponse

__all__ = ['CreateProjectResponse', 'DeleteProjectResponse', 'GetProjectResponse', 'ListProjectResponse', 'UpdateProjectResponse']
