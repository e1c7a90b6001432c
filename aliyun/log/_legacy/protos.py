"""``DESCRIPTOR`` of the original ``log_logs_pb2`` / ``log_logs_raw_pb2`` modules: the file descriptor of our
run-time built LogGroup messages (one file holds both the text and the ``Raw`` bytes variants)."""

from typing import Any

from ..codec.proto import message_classes

DESCRIPTOR: Any = message_classes()["LogGroup"].DESCRIPTOR.file
