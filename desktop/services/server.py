"""Shared mode: the password of a PostgreSQL server account in the OS keyring (never in a plain file); the choice
of server itself is desktop.models.db.chosen_server."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote, urlsplit

from desktop.models.db import display_location

KEYRING_SERVICE = "Bina Kader"


def keyring_key(url: str) -> str:
    """The keyring entry name of a server account: the URL without its password."""
    return display_location(url)


def saved_password(url: str) -> str | None:
    """The password kept in the OS keyring for this server account, if any (None when no keyring works)."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, keyring_key(url))
    except Exception:  # no keyring backend on this PC (or it is locked): the password is asked instead
        return None


def remember_password(url: str, password: str) -> bool:
    """Keep the password in the OS keyring; False when this PC has no usable keyring."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, keyring_key(url), password)
        return True
    except Exception:
        return False


def forget_password(url: str) -> None:
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, keyring_key(url))
    except Exception:
        pass


def build_url(host: str, port: int, database: str, user: str) -> str:
    """A server URL from the Pengaturan fields (no password: that goes to the keyring)."""
    return f"postgresql://{quote(user.strip(), safe='')}@{host.strip()}:{int(port)}/{quote(database.strip(), safe='')}"


SESSION_PASSWORDS: dict[str, str] = {}  # typed this session (kept in memory only), by keyring_key


def session_password(url: str) -> str | None:
    """The password to use now: the URL's, one typed this session, or the keyring's."""
    return urlsplit(url).password or SESSION_PASSWORDS.get(keyring_key(url)) or saved_password(url)


Ask = Callable[[str, str], tuple[str, bool] | None]  # (url, why) -> (password, remember in keyring) or None


def log_in(url: str, ask: Ask) -> str | None:
    """The password this server accepts: the saved one, else asked through `ask` while the server refuses it;
    kept for this session (and in the keyring when the user chose so). Raises ServerUnavailable when the server
    cannot be reached or the user gives up."""
    from desktop.models.db import connect_server
    from desktop.models.errors import ServerUnavailable

    password, remember = session_password(url), False
    while True:
        try:
            connect_server(url, password).close()
        except ServerUnavailable as exc:
            answer = ask(url, str(exc)) if exc.needs_password else None
            if answer is None:
                raise
            password, remember = answer
            continue
        if password:
            SESSION_PASSWORDS[keyring_key(url)] = password
            if remember:
                remember_password(url, password)
        return password


def open_server(url: str, ask: Ask) -> None:
    """Open (create or upgrade) a shared database, asking for its password as log_in does."""
    from desktop.models.schema import open_database

    open_database(url, log_in(url, ask))


def check_connection(url: str, password: str | None) -> str:
    """Try a server without touching the open database: what a person needs to know, in Indonesian."""
    from desktop.models.db import connect_server

    database = connect_server(url, password)
    try:
        tables = database.get_tables()
        if "schema_version" not in tables:
            return ("Sambungan berhasil. Basis data ini masih kosong: salin data kantor ke sini, atau pakai "
                    "langsung untuk mulai dari awal." if not tables else
                    "Sambungan berhasil, tetapi basis data ini berisi tabel lain (bukan Bina Kader).")
        version = database.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()[0]
        count = database.execute_sql('SELECT COUNT(*) FROM "puskesmas"').fetchone()[0]
        return f"Sambungan berhasil: basis data Bina Kader (skema v{version}) dengan {count} puskesmas."
    finally:
        database.close()
