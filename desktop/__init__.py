"""Bina Kader: supervisi suportif kader Posyandu for puskesmas offices."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bina-kader")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

APP_NAME = "Bina Kader"
