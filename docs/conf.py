"""Sphinx configuration: ``sphinx-build docs docs/_build`` (needs the ``docs`` extra)."""

import os
import sys

sys.path.insert(0, os.path.abspath(".."))

from aliyun.log.version import __version__

project = "aliyun.log"
author = "The aliyun.log authors"
copyright = "2026, the aliyun.log authors"
release = version = __version__

extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.viewcode"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
html_theme = "alabaster"
