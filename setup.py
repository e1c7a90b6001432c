"""Packaging for aliyun-log-typed (the ``aliyun.log`` namespace package, a drop-in for aliyun-log-python-sdk)."""

import logging
import os
import platform
import re

from setuptools import Extension, find_namespace_packages, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))


def read_version_module(name: str) -> str:
    """A string constant of aliyun/log/version.py (``__version__``, ``DISTRIBUTION``)."""
    with open(os.path.join(HERE, "aliyun", "log", "version.py"), encoding="utf-8") as fh:
        match = re.search(name + r'\s*=\s*"([^"]+)"', fh.read())
    if not match:
        raise RuntimeError(f"{name} not found in aliyun/log/version.py")
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
    [
        Extension(
            "aliyun.log._speedups._codec",
            [f"aliyun/log/_speedups/{name}.c" for name in ("_codec", "encode", "flatten", "lz4_block")],
            depends=["aliyun/log/_speedups/codec.h", "aliyun/log/_speedups/lz4_block.h"],
            optional=True,
        )
    ]
    if platform.python_implementation() == "CPython"
    else []
)

with open(os.path.join(HERE, "README.md"), encoding="utf-8") as fh:
    LONG_DESCRIPTION = fh.read()

# PEP 561 partial stubs of the original SDK's module paths (aliyun.log.logitem...), made by aliyun.log._legacy.stubs
STUB_PACKAGES = sorted(
    os.path.relpath(directory, HERE).replace(os.sep, ".")
    for directory, _, _ in os.walk(os.path.join(HERE, "aliyun-stubs"))
)

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

# zstandard 0.24+ builds without its cffi backend on PyPy 3.9 (import fails), so PyPy keeps 0.23.
ZSTANDARD = [
    "zstandard>=0.18; platform_python_implementation != 'PyPy'",
    "zstandard>=0.18,<0.24; platform_python_implementation == 'PyPy'",
]

EXTRAS = {
    # Optional zstd request/response compression.
    "zstd": ZSTANDARD,
    # Elasticsearch migration (MigrationManager); 9.x clients ask servers for API 9 and are excluded.
    "es": ["elasticsearch>=7.17,<9"],
    "pandas": ["pandas>=1.3"],
    # The aliyunlog command line's --jmes-filter (jmespath) and progress bars on a terminal (tqdm).
    "cli": ["jmespath>=0.10", "tqdm>=4.40"],
    # transform_data: the JSON/SPLIT components' jmes= paths (jmespath) and the progress bar on a terminal (tqdm).
    "etl": ["jmespath>=0.10", "tqdm>=4.40"],
    # The IPython/Jupyter magics (%log, %fetch...): frames (pandas), the magics (IPython), Excel export (openpyxl),
    # progress bars of long fetches (tqdm). matplotlib (for --plot) and ipywidgets (the settings form) are optional.
    "jupyter": ["pandas>=1.3", "IPython>=7.23", "openpyxl>=3.0", "tqdm>=4.60"],
    "docs": ["sphinx>=6", "myst-parser>=2"],
    "lint": ["ruff>=0.5", "mypy>=1.8", "types-requests", "types-protobuf"],
}
# The tests also migrate from a real Elasticsearch, so they need its client; they fuzz the parsers (hypothesis), run
# the CLI's output options (the cli extra), and for the Jupyter extension they run notebooks in a real kernel
# (nbclient, nbformat, ipykernel), draw --plot (matplotlib) and click the settings form (ipywidgets).
EXTRAS["test-core"] = ["pytest>=7", "hypothesis>=6.50", *ZSTANDARD, "elasticsearch>=7.17,<9", *EXTRAS["cli"]]
# test-core is what runs where the notebook stack has no wheels (PyPy): the Jupyter tests then skip, saying why.
EXTRAS["test"] = [*EXTRAS["test-core"], *EXTRAS["jupyter"], "matplotlib>=3.5", "nbclient>=0.5", "nbformat>=5",
                  "ipykernel>=6", "ipywidgets>=7"]
EXTRAS["all"] = sorted({req for name in ("zstd", "es", "pandas", "cli", "etl", "jupyter") for req in EXTRAS[name]})

setup(
    # Our own distribution name (version.DISTRIBUTION); it installs the same import path as aliyun-log-python-sdk,
    # which it replaces (uninstall that one first).
    name=read_version_module("DISTRIBUTION"),
    version=read_version_module("__version__"),
    description="Python SDK and local emulator for Alibaba Cloud Log Service (SLS)",
    long_description=LONG_DESCRIPTION,
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    python_requires=">=3.9",
    packages=find_namespace_packages(include=["aliyun.*"]) + STUB_PACKAGES,
    package_data={"aliyun.log": ["py.typed"], **{package: ["*.pyi", "py.typed"] for package in STUB_PACKAGES}},
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
