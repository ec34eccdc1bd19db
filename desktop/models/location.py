"""Where the databases are: the data folder, the default and demo files, a --db / BINA_KADER_DB / chosen-server
location and how it is shown. No peewee here: the GUI start reads it before its first paint."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

ENV_VAR = "BINA_KADER_DB"
OFFICE_NAME = "bina-kader.db"  # the office database's file name in the data folder


def data_dir() -> Path:
    """The per-user folder where Bina Kader keeps its databases."""
    return Path(user_data_dir("BinaKader", appauthor=False))


def default_db_path() -> Path:
    """The office database used when neither --db nor BINA_KADER_DB is given."""
    return data_dir() / OFFICE_NAME


def demo_db_path() -> Path:
    """The demo database opened by `--demo`."""
    return data_dir() / "demo.db"


SERVER_SCHEMES = ("postgresql://", "postgres://")

Location = Path | str  # a SQLite file, or a PostgreSQL URL (shared mode)


def is_server(location: Location) -> bool:
    """Whether `location` names a PostgreSQL server (shared mode) rather than a SQLite file."""
    return isinstance(location, str) and location.startswith(SERVER_SCHEMES)


def resolve_db_path(cli_value: str | None) -> Location:
    """Pick the database: --db, then BINA_KADER_DB, then the server chosen in Pengaturan, then the default file.
    A postgresql:// URL stays a string."""
    value = cli_value or os.environ.get(ENV_VAR)
    if value and value.startswith(SERVER_SCHEMES):
        return value
    if value:
        return Path(value).expanduser()
    return chosen_server() or default_db_path()


CONNECTION_FILE = "koneksi.json"  # this PC's choice of database (Pengaturan › Basis Data Bersama), never a password


def chosen_server() -> str | None:
    """The server URL this PC was set to use, or None (the office file)."""
    import json

    try:
        data = json.loads((data_dir() / CONNECTION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = data.get("server") if isinstance(data, dict) else None
    return url if isinstance(url, str) and is_server(url) else None


def choose_server(url: str | None) -> None:
    """Use this server from the next start on (None: back to the office file). The URL must carry no password."""
    import json
    from urllib.parse import urlsplit

    if url is not None and urlsplit(url).password:
        raise ValueError("the password belongs in the keyring, not in the settings file")
    path = data_dir() / CONNECTION_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"server": url}), encoding="utf-8")


def display_location(location: Location) -> str:
    """The location as shown to people: a server URL without its password."""
    if not is_server(location):
        return str(location)
    from urllib.parse import urlsplit

    parts = urlsplit(str(location))
    user = f"{parts.username}@" if parts.username else ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{user}{parts.hostname or ''}{port}{parts.path}"
