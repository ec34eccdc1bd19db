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


# --- one PostgreSQL login per puskesmas (desktop.models.security) ------------------------------------------------

def scram_verifier(password: str, salt: bytes | None = None, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677), made here so the password
    itself never travels in an SQL statement (nor lands in a server log)."""
    import base64
    import hashlib
    import hmac
    import os

    salt = salt or os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    b64 = lambda raw: base64.b64encode(raw).decode()  # noqa: E731 - four uses on one line
    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def new_password() -> str:
    """A login password to hand to an office once (it keeps it in its keyring)."""
    import secrets

    return secrets.token_urlsafe(12)


def login_name(database, puskesmas_name: str) -> str:
    """`<database>_<puskesmas>` in lower case letters, digits and _ (logins are server-wide, so the database name
    keeps two databases on one server apart)."""
    import re

    from desktop.models.security import _database_name

    base = re.sub(r"^puskesmas\s+", "", puskesmas_name.strip().lower())
    slug = re.sub(r"[^a-z0-9]+", "_", base).strip("_") or "puskesmas"
    return f"{_database_name(database)}_{slug}"[:63]


def prepare_server(url: str, password: str | None, kabupaten_password: str | None = None) -> tuple[str, str | None]:
    """The owner sets a shared database up for one login per puskesmas: the puskesmas group, the read-only
    kabupaten login (a new password when it is made, or the given one) and a login for every puskesmas already in
    it. Returns (kabupaten login, its password when set now); the puskesmas logins made are in LOGINS_MADE."""
    from desktop.models import security
    from desktop.models.db import connect_server
    from desktop.models.wilayah import Puskesmas

    database = connect_server(url, password)
    try:
        with database.atomic():
            made = not security.role_exists(database, security.kabupaten_role(database))
            kabupaten_password = kabupaten_password or (new_password() if made else None)
            security.prepare_logins(database, kabupaten_password and scram_verifier(kabupaten_password))
            having = {row[0] for row in database.execute_sql(
                "SELECT puskesmas_id FROM server_login WHERE puskesmas_id IS NOT NULL")}
            LOGINS_MADE.clear()
            for pkm_id, name in database.execute_sql(f'SELECT id, name FROM "{Puskesmas._meta.table_name}" '
                                                     "ORDER BY id").fetchall():
                if pkm_id not in having:
                    LOGINS_MADE[name] = _give_login(database, pkm_id, name)
        return security.kabupaten_role(database), kabupaten_password
    finally:
        database.close()


LOGINS_MADE: dict[str, tuple[str, str]] = {}  # puskesmas name -> (login, password), from the last prepare_server


def _give_login(database, puskesmas_id: int, name: str) -> tuple[str, str]:
    from desktop.models import security

    login, password = login_name(database, name), new_password()
    security.add_login(database, puskesmas_id, login, scram_verifier(password))
    return login, password


def give_logins(database, puskesmas_ids: list[int]) -> dict[str, tuple[str, str]]:
    """Logins for these puskesmas (just merged in) when the server has logins per puskesmas; {name: (login,
    password)}. Runs in the caller's transaction."""
    from desktop.models import security

    if not security.logins_prepared(database) or not puskesmas_ids:
        return {}
    marks = ", ".join("%s" for _ in puskesmas_ids)
    rows = database.execute_sql(f'SELECT id, name FROM "puskesmas" WHERE id IN ({marks}) ORDER BY id',
                                tuple(puskesmas_ids)).fetchall()
    return {name: _give_login(database, pkm_id, name) for pkm_id, name in rows}


def add_puskesmas_with_login(database, kabupaten_id: int, name: str) -> tuple[int, tuple[str, str]]:
    """Add a puskesmas with its own login to a shared database that has logins per puskesmas, through the server
    function the kabupaten login may call. Returns (id, (login, password))."""
    login, password = login_name(database, name), new_password()
    added = database.execute_sql("SELECT bina_tambah_puskesmas(%s, %s, %s, %s)",
                                 (kabupaten_id, name, login, scram_verifier(password))).fetchone()[0]
    return added, (login, password)
