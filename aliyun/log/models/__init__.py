"""Request, response and configuration classes (re-exported from :mod:`aliyun.log`)."""
