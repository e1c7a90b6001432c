"""Module paths of the original ``aliyun-log-python-sdk`` (0.9.52), served from one table.

The original SDK kept one class per top-level module (``aliyun.log.logitem``, ``aliyun.log.getlogsrequest``...).
:mod:`.table` lists every such path and the names it holds; :mod:`.finder` makes them importable without a file per
path, each name being the very object this package exports. The few helpers only the old paths had (``Util``,
``AuthV1``, ``Compressor``...) live beside the table. Type checkers see the paths through the generated stubs of the
``aliyun-stubs`` directory (:mod:`.stubs`).
"""
