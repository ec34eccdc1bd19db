"""Bina Kader: supervisi suportif kader Posyandu for puskesmas offices."""

import sys

# The one place the version is written; pyproject.toml reads it (importlib.metadata costs ~30 ms at start).
__version__ = "0.1.0"

APP_NAME = "Bina Kader"

# peewee imports the PostgreSQL driver when it is installed (≈80 ms, a sixth of start-up), yet an office working
# on its SQLite file never needs it. Hide it until desktop.models.db has imported peewee; db.postgres_database
# loads it when a server is opened.
if "peewee" not in sys.modules:
    # None: `import psycopg` fails for now
    sys.modules.setdefault("psycopg", None)  # type: ignore[arg-type]
