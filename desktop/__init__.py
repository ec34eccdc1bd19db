"""Bina Kader: supervisi suportif kader Posyandu for puskesmas offices."""

# The one place the version is written; pyproject.toml reads it (importlib.metadata costs ~30 ms at start).
__version__ = "0.1.0"

APP_NAME = "Bina Kader"
