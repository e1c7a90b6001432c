"""``%load_ext aliyun.log.ext.jupyter_magic``: the magics ``%manage_log``, ``%log`` / ``%%log`` and ``%fetch``.

The official module path of the extension; the implementation lives in :mod:`aliyun.log.ext.jupyter`.
"""

from __future__ import annotations

from .jupyter import DEFAULT_DF_NAME, DEFAULT_TMP_DF_NAME, LogMagics, load_ipython_extension
from .jupyter.magics import MyMagics
from .jupyter.settings import SECTION as MAGIC_SECTION

__all__ = ["DEFAULT_DF_NAME", "DEFAULT_TMP_DF_NAME", "MAGIC_SECTION", "LogMagics", "MyMagics",
           "load_ipython_extension"]
