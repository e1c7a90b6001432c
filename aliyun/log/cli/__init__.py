"""The ``aliyunlog`` command line: every public ``LogClient`` method as ``aliyunlog log <method> --param=value``.

See ``docs/cli.md``. ``main(argv)`` runs one command line in-process and returns its exit code.
"""

from .main import main

__all__ = ["main"]
