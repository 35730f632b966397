"""Solewatch's version, for what it writes (session.json, reports, --version).

The one place it is written: pyproject.toml reads it from here at build time
(``[tool.setuptools.dynamic]``), so the installed distribution's metadata says the same
(tests/test_cli.py::test_the_version_is_the_installed_distributions).
"""

__version__ = "0.1.0"
