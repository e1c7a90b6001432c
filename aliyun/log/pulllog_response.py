"""Where the original SDK's consumer examples import ``PullLogResponse`` from (``aliyun.log.pulllog_response``)."""

from .models.response import PullLogResponse

__all__ = ["PullLogResponse"]
