"""One module per resource area, mirroring ``aliyun/log/api``; each has ``register(router)`` (see ``routes.py``)."""
