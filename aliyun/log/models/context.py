"""The response of GetContextLogs: the logs around one log of a shard, in write order."""

from __future__ import annotations

from typing import Any, List, Optional

from ..errors import BAD_RESPONSE, LogException
from .query import QueriedLog
from .response import Headers, LogResponse

__all__ = ["GetContextLogsResponse"]


class GetContextLogsResponse(LogResponse):
    """``back_lines`` logs before the chosen one, the log itself and ``forward_lines`` logs after it."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        try:
            self.progress = resp["progress"]
            self.total_lines = int(resp["total_lines"])
            self.back_lines = int(resp["back_lines"])
            self.forward_lines = int(resp["forward_lines"])
            self.logs: List[QueriedLog] = [QueriedLog.from_dict(log) for log in resp["logs"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise LogException(BAD_RESPONSE, f"cannot read the GetContextLogs answer: {exc!r}",
                               resp_header=dict(header or {}), resp_body=resp) from None

    def get_total_lines(self) -> int:
        return self.total_lines

    def get_back_lines(self) -> int:
        return self.back_lines

    def get_forward_lines(self) -> int:
        return self.forward_lines

    def is_completed(self) -> bool:
        return bool(self.progress == "Complete")

    def get_logs(self) -> List[QueriedLog]:
        return self.logs
