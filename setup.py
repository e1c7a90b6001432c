"""Packaging for aliyun-log-python-sdk (the ``aliyun.log`` namespace package)."""

import logging
import os
import platform
import re

from setuptools import Extension, find_namespace_packages, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))


def read_version() -> str:
    with open(os.path.join(HERE, "aliyun", "log", "version.py"), encoding="utf-8") as fh:
        match = re.search(r'__version__\s*=\s*"([^"]+)"', fh.read())
    if not match:
        raise RuntimeError("version not found")
    return match.group(1)


class OptionalBuildExt(build_ext):  # type: ignore[misc]  # setuptools ships no stubs here
    """Builds the compiled codec when a C compiler works; without one the install goes on (pure-Python codec)."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # no compiler, no Python headers...: distutils raises several unrelated types
            logging.getLogger("aliyun.log.setup").debug("compiled codec not built, pure-Python codec used: %s", exc)

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:
            logging.getLogger("aliyun.log.setup").debug("compiled codec %s not built: %s", ext.name, exc)


# The optional C codec (aliyun/log/_speedups): CPython only; PyPy and failed builds use the pure-Python codec.
EXT_MODULES = (
    [Extension("aliyun.log._speedups._codec", ["aliyun/log/_speedups/_codec.c"], optional=True)]
    if platform.python_implementation() == "CPython"
    else []
)

with open(os.path.join(HERE, "README.md"), encoding="utf-8") as fh:
    LONG_DESCRIPTION = fh.read()

INSTALL_REQUIRES = [
    # HTTP with connection pooling, proxies and TLS options: the one transport of the client.
    "requests>=2.25",
    # LogGroup / LogGroupList wire format; descriptors are built at run time so 4.21 .. 7.x all import.
    "protobuf>=4.21.0,<8",
    # Parsing of ISO 8601 and free-form dates in timeparse.
    "python-dateutil>=2.8",
    # Raw LZ4 blocks: the default body compression of the service.
    "lz4>=3.1",
]

EXTRAS = {
    # Optional zstd request/response compression.
    "zstd": ["zstandard>=0.18"],
    # Elasticsearch migration (MigrationManager); 9.x clients ask servers for API 9 and are excluded.
    "es": ["elasticsearch>=7.17,<9"],
    "pandas": ["pandas>=1.3"],
    # The aliyunlog command line's --jmes-filter (jmespath) and progress bars on a terminal (tqdm).
    "cli": ["jmespath>=0.10", "tqdm>=4.40"],
    # The tests also migrate from a real Elasticsearch, so they need its client.
    "test": ["pytest>=7", "zstandard>=0.18", "elasticsearch>=7.17,<9"],
    "docs": ["sphinx>=6", "myst-parser>=2"],
    "lint": ["ruff>=0.5", "mypy>=1.8", "types-requests", "types-protobuf"],
}
EXTRAS["all"] = sorted({req for name in ("zstd", "es", "pandas") for req in EXTRAS[name]})

setup(
    name="aliyun-log-python-sdk",
    version=read_version(),
    description="Python SDK and local emulator for Alibaba Cloud Log Service (SLS)",
    long_description=LONG_DESCRIPTION,
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    python_requires=">=3.9",
    packages=find_namespace_packages(include=["aliyun.*"]),
    package_data={"aliyun.log": ["py.typed"]},
    install_requires=INSTALL_REQUIRES,
    ext_modules=EXT_MODULES,
    cmdclass={"build_ext": OptionalBuildExt},
    extras_require=EXTRAS,
    entry_points={"console_scripts": ["aliyun-log-emulator = aliyun.log.emulator.__main__:main",
                                      "aliyunlog = aliyun.log.cli:main"]},
    classifiers=[
        "License :: OSI Approved :: Apache Software License",
        "Programming Language :: Python :: 3",
        "Programming Language :: Python :: 3 :: Only",
        "Topic :: System :: Logging",
        "Typing :: Typed",
    ],
)
