"""The SDK's version, kept in one place."""

__version__ = "1.0.0.dev0"
API_VERSION = "0.6.0"
