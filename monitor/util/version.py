"""The installed distribution's version, for what Solewatch writes (session.json, reports, --version)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("solewatch")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"
