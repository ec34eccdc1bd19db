"""One PostgreSQL login per puskesmas, row-level security and TLS, on the real server scripts/test starts.

The separation is checked with plain SQL through psycopg as each login (not through the app), then the app is used
with each login as an office would."""

from __future__ import annotations

import os
import socket
import sqlite3
import threading
from urllib.parse import quote, urlsplit, urlunsplit

import peewee
import psycopg
import pytest

from desktop.models.db import close_db
from desktop.models.errors import ServerUnavailable, UserError, explain
from desktop.models.migrations import SCHEMA_VERSION
from desktop.models.schema import open_database
from desktop.models.security import PUSKESMAS_TABLES, REFERENCE
from desktop.models.users import User, hash_password
from desktop.services import auth
from tests.helpers.fixtures import _pg_database
from tests.models.test_shared import _second_office

DEMO = "Puskesmas Cibarusah"
DINKES = "rahasia-dinkes"  # the kabupaten admin's app password
LAST_STEP_UNDONE = f"UPDATE schema_version SET version = {SCHEMA_VERSION - 1} WHERE version = {SCHEMA_VERSION}"
LAST_STEP_DONE = f"UPDATE schema_version SET version = {SCHEMA_VERSION} WHERE version = {SCHEMA_VERSION - 1}"


def _as(url: str, login: str, password: str) -> str:
    """The same database, as another login."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{quote(login)}:{quote(password)}@{parts.hostname}:{parts.port}"))


@pytest.fixture(scope="module")
def shared(demo_pg_template, tmp_path_factory):
    """A shared server database holding the demo puskesmas (B) and a merged second office (A), set up with one
    login per puskesmas and the kabupaten login: (owner url, {name: (login, password)}, kabupaten credentials)."""
    from desktop.services import server
    from desktop.services.db_copy import merge_database

    url, drop = _pg_database(template=demo_pg_template)  # the demo, copied to the server once per session
    kabupaten = server.prepare_server(url, None)
    logins = dict(server.LOGINS_MADE)
    office = tmp_path_factory.mktemp("office") / "serang-baru.db"
    _second_office(office)
    open_database(office)
    auth.log_in("rudi", "rahasia-123")  # the office has accounts: its PJ Promkes merges it
    close_db()
    added = merge_database(office, url)
    auth.log_out()
    logins.update(added.logins)
    open_database(url)  # the kabupaten admin's account (the owner adds it: the kabupaten login writes no account)
    User.create(username="dinkes", name="Admin Dinkes", role="kabupaten", password_hash=hash_password(DINKES))
    close_db()
    yield url, logins, kabupaten
    close_db()
    drop()


def _ids(owner: psycopg.Connection, table: str, puskesmas: str) -> list[int]:
    column = PUSKESMAS_TABLES[table]
    return [r[0] for r in owner.execute(f'SELECT t.id FROM "{table}" t JOIN puskesmas p ON p.id = t.{column} '
                                        "WHERE p.name = %s", (puskesmas,))]


def _no_rows_or_denied(con: psycopg.Connection, statement: str, params: tuple) -> bool:
    try:
        return con.execute(statement, params).rowcount == 0
    except psycopg.errors.InsufficientPrivilege:
        con.rollback()
        return True


def test_every_puskesmas_gets_its_own_login_and_the_merged_one_too(shared):
    url, logins, (kabupaten, kabupaten_password) = shared
    assert set(logins) == {DEMO, "Puskesmas Serang Baru"}
    assert logins["Puskesmas Serang Baru"][0].endswith("_serang_baru") and kabupaten.endswith("_kabupaten")
    for login, password in [*logins.values(), (kabupaten, kabupaten_password)]:
        with psycopg.connect(_as(url, login, password)) as con:
            assert con.execute("SELECT session_user").fetchone()[0] == login


@pytest.mark.parametrize("me, other", [("Puskesmas Serang Baru", DEMO), (DEMO, "Puskesmas Serang Baru")])
def test_a_puskesmas_login_cannot_see_or_change_another_puskesmas_rows(shared, me, other):
    url, logins, _ = shared
    with psycopg.connect(url, autocommit=True) as owner, psycopg.connect(_as(url, *logins[me])) as mine:
        for table in ("kader", "instrument_record", "follow_up", "audit_log", "record_answer", "posyandu", "user"):
            theirs, own = _ids(owner, table, other), _ids(owner, table, me)
            if table in ("kader", "instrument_record", "audit_log") or other == DEMO:  # the demo has no accounts,
                assert theirs or table == "user", f"{other} has {table} rows to try"  # the office no finding
            assert mine.execute(f'SELECT COUNT(*) FROM "{table}" WHERE id = ANY(%s)', (theirs,)).fetchone()[0] == 0
            assert sorted(r[0] for r in mine.execute(f'SELECT id FROM "{table}"')) == sorted(own), table
            for change in (f'UPDATE "{table}" SET id = id WHERE id = ANY(%s)',
                           f'DELETE FROM "{table}" WHERE id = ANY(%s)'):
                assert _no_rows_or_denied(mine, change, (theirs,)), change
        mine.rollback()
        # writing into the other puskesmas: refused by the policy, whatever puskesmas_id the client sends
        posyandu = _ids(owner, "posyandu", other)[0]
        mine_id = owner.execute("SELECT id FROM puskesmas WHERE name = %s", (me,)).fetchone()[0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            mine.execute("INSERT INTO kader (posyandu_id, name, phone, sex, training_status, active, version, "
                         "puskesmas_id) VALUES (%s, 'Siluman', '', 'P', 'belum', true, 1, %s)", (posyandu, mine_id))
        mine.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            mine.execute("UPDATE instrument_record SET puskesmas_id = (SELECT id FROM puskesmas WHERE name = %s) "
                         "WHERE id = %s", (other, _ids(owner, "instrument_record", me)[0]))
        mine.rollback()
        # its own audit trail: appended to, never rewritten or removed
        for statement in ("UPDATE audit_log SET detail = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                mine.execute(statement)
            mine.rollback()
        # reference data is read by all and written by the owner only
        assert mine.execute("SELECT COUNT(*) FROM skill").fetchone()[0] > 0
        owners_only = [f'DELETE FROM "{table}"' for table in REFERENCE if table != "setting"]
        for statement in ("UPDATE skill SET label = 'x'", "UPDATE kabupaten SET name = 'x'",
                          "INSERT INTO server_login (login) VALUES ('penyusup')", *owners_only):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                mine.execute(statement)
            mine.rollback()


def test_the_kabupaten_login_reads_every_puskesmas_and_writes_nothing(shared):
    url, _, kabupaten = shared
    with psycopg.connect(url, autocommit=True) as owner, psycopg.connect(_as(url, *kabupaten)) as kab:
        for table in PUSKESMAS_TABLES:
            counted = f'SELECT COUNT(*) FROM "{table}"'
            assert kab.execute(counted).fetchone()[0] == owner.execute(counted).fetchone()[0], table
        for statement in ("UPDATE kader SET name = 'x'", "DELETE FROM follow_up", "UPDATE instrument_record SET "
                          "round = 'x'", "DELETE FROM audit_log", "UPDATE audit_log SET detail = 'x'",
                          "INSERT INTO kader (posyandu_id, name) SELECT MIN(id), 'x' FROM posyandu",
                          "UPDATE puskesmas SET name = 'x'", "UPDATE skill SET label = 'x'"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                kab.execute(statement)
            kab.rollback()
        # its own sign-in entries only (none in a puskesmas's name), and only its own accounts' lock counters
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            kab.execute("INSERT INTO audit_log (at, username, action, entity, entity_id, changes, detail, "
                        "puskesmas_id) VALUES (now(), 'x', 'ubah', '', '', '', '', (SELECT MIN(id) FROM puskesmas))")
        kab.rollback()
        assert kab.execute("UPDATE \"user\" SET failed_attempts = 0 WHERE puskesmas_id IS NOT NULL").rowcount == 0


def test_the_app_works_unchanged_for_each_puskesmas_and_the_kabupaten_admin(shared, tmp_path):
    from desktop.models.audit import AuditLog
    from desktop.models.people import Kader
    from desktop.models.schema import open_database
    from desktop.models.settings import current_puskesmas
    from desktop.models.wilayah import Puskesmas
    from desktop.services import auth, kader_service
    from desktop.services.db_copy import copy_database
    from desktop.services.identity import add_puskesmas
    from desktop.services.report_data import parse_period
    from desktop.services.rollup import gather_rollup

    url, logins, kabupaten = shared
    with psycopg.connect(url, autocommit=True) as owner:
        expected = {name: len(_ids(owner, "kader", name)) for name in logins}
        niks = {name: owner.execute("SELECT k.nik FROM kader k JOIN puskesmas p ON p.id = k.puskesmas_id WHERE "
                                    "p.name = %s AND k.nik IS NOT NULL LIMIT 1", (name,)).fetchone()[0]
                for name in logins}
    for name, (login, password) in logins.items():
        open_database(_as(url, login, password))
        if auth.users_exist():  # only this puskesmas's accounts are there to see (the second office has one)
            auth.log_in("rudi", "rahasia-123")
        assert current_puskesmas().name == name and Puskesmas.select().count() == 1
        assert Kader.select().count() == expected[name]
        kader = Kader.select().order_by(Kader.id).first()
        form = kader_service.KaderForm(posyandu_id=kader.posyandu_id, name=kader.name + " Baru", nik=kader.nik or "",
                                       phone=kader.phone or "", sex=kader.sex, start_year=kader.start_year,
                                       training_status=kader.training_status)
        kader_service.save_kader(form, kader)
        added = kader_service.save_kader(kader_service.KaderForm(posyandu_id=kader.posyandu_id, name="Kader Anyar"))
        assert Kader.get_by_id(added.id).puskesmas_id == current_puskesmas().id  # filled by the server
        other_nik = next(nik for other, nik in niks.items() if other != name)  # unseen, yet unique server-wide
        with pytest.raises(peewee.IntegrityError) as taken:
            kader_service.save_kader(kader_service.KaderForm(posyandu_id=kader.posyandu_id, name="Kader Kembar",
                                                             nik=other_nik))
        assert "puskesmas lain" in explain(taken.value)
        assert AuditLog.select().where(AuditLog.entity == "kader", AuditLog.entity_id == str(added.id)).exists()
        close_db()
        offline = tmp_path / f"{login}.db"  # an office's own copy for working offline holds its own rows only
        copy_database(_as(url, login, password), offline)  # (by its PJ Promkes where it has accounts)
        auth.log_out()
        with sqlite3.connect(offline) as copied:
            assert copied.execute("SELECT name FROM puskesmas").fetchall() == [(name,)]
            assert copied.execute("SELECT COUNT(*) FROM kader").fetchone()[0] == expected[name] + 1
    # the kabupaten admin: signs in, reads every puskesmas, adds one (with its login), changes no data
    open_database(_as(url, *kabupaten))
    try:
        auth.log_in("dinkes", DINKES)
        assert Puskesmas.select().count() == 2 and Kader.select().count() == sum(expected.values()) + 2
        rollup = gather_rollup(current_puskesmas().kabupaten, parse_period(month="2026-10"))
        assert len(rollup.lines) == 2 and all(line.posyandu > 0 for line in rollup.lines)  # the roll-up reads all
        with pytest.raises(UserError, match="tidak berhak"):  # the app's role says no ...
            kader_service.save_kader(kader_service.KaderForm(posyandu_id=kader.posyandu_id, name="Dari Dinkes"))
        with pytest.raises(peewee.ProgrammingError, match="permission denied") as denied:  # ... and the server
            Kader.create(posyandu=kader.posyandu_id, name="Dari Dinkes")
        assert "login kabupaten hanya membaca" in explain(denied.value)  # what the app's error dialog says
        close_db()
        open_database(_as(url, *kabupaten))
        auth.log_in("dinkes", DINKES)
        new = add_puskesmas("Setu")
        login, password = new.server_login
        assert new.name == "Puskesmas Setu" and login.endswith("_setu")
    finally:
        auth.log_out()
        close_db()
    open_database(_as(url, login, password))
    assert [p.name for p in Puskesmas.select()] == ["Puskesmas Setu"] and Kader.select().count() == 0
    close_db()


def test_a_puskesmas_login_meeting_an_older_schema_is_told_who_may_upgrade(shared):
    from desktop.models.schema import open_database

    url, logins, _ = shared
    with psycopg.connect(url, autocommit=True) as owner:
        owner.execute(LAST_STEP_UNDONE)  # as if the last step had not run yet
        try:
            with pytest.raises(UserError, match="hanya login pemilik"):
                open_database(_as(url, *logins[DEMO]))
        finally:
            close_db()
            owner.execute(LAST_STEP_DONE)


# --- TLS ---------------------------------------------------------------------------------------------------------

def test_the_app_connects_encrypted_and_verifies_the_certificate_it_was_given(pg_url, monkeypatch, tmp_path):
    from desktop.models import db

    database = db.connect_server(pg_url)
    assert database.execute_sql("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()[0]
    database.close()
    monkeypatch.setattr(db, "data_dir", lambda: tmp_path)
    (tmp_path / db.SERVER_CERTIFICATE).write_bytes(open(os.environ["BINA_KADER_TEST_PG_CA"], "rb").read())
    assert db.tls_options(pg_url)["sslmode"] == "verify-full"
    db.connect_server(pg_url).close()  # the test server's certificate names 127.0.0.1
    (tmp_path / db.SERVER_CERTIFICATE).write_text("-----BEGIN CERTIFICATE-----\nbukan\n-----END CERTIFICATE-----\n")
    with pytest.raises(ServerUnavailable, match="sertifikat"):
        db.connect_server(pg_url)


def test_a_connection_without_tls_is_refused_with_an_indonesian_message(pg_url):
    from desktop.models.db import connect_server

    with pytest.raises(ServerUnavailable, match="hanya menerima sambungan terenkripsi") as caught:
        connect_server(pg_url + "?sslmode=disable")
    assert "no encryption" in caught.value.detail


def test_a_server_that_offers_no_tls_is_named_as_such():
    """A server speaking the PostgreSQL protocol without TLS answers an SSLRequest with 'N'."""
    from desktop.models.db import connect_server

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def answer() -> None:
        client, _ = listener.accept()
        client.recv(8)  # SSLRequest
        client.sendall(b"N")
        client.close()

    threading.Thread(target=answer, daemon=True).start()
    try:
        with pytest.raises(ServerUnavailable, match="tidak menawarkan sambungan terenkripsi"):
            connect_server(f"postgresql://bina@127.0.0.1:{listener.getsockname()[1]}/bina")
    finally:
        listener.close()


def test_pengaturan_shows_the_new_puskesmas_login_once_to_the_kabupaten_admin(shared, qtbot, tmp_path):
    from desktop.views.pages.server_editor import ServerEditor

    url, _, kabupaten = shared
    open_database(_as(url, *kabupaten))
    try:
        auth.log_in("dinkes", DINKES)
        editor = ServerEditor()
        qtbot.addWidget(editor)
        editor.resize(900, 560)
        editor.show()
        assert not editor.add_button.isHidden()
        assert editor.add_puskesmas("Cibitung")
        text = editor.message.text()
        login = next(word for word in text.replace("<", " ").replace(">", " ").split() if word.endswith("_cibitung"))
        password = text.split("kata sandi <code>")[1].split("</code>")[0]
        qtbot.wait(50)  # the label's new height reaches the layout
        editor.grab().save(str(tmp_path / "tambah-puskesmas-login.png"))
    finally:
        auth.log_out()
        close_db()
    with psycopg.connect(_as(url, login, password)) as con:  # the office can connect with what it was shown
        assert con.execute("SELECT name FROM puskesmas").fetchall() == [("Puskesmas Cibitung",)]


def test_cli_prepares_logins_adds_a_puskesmas_and_merges_an_office_each_with_its_own_login(demo_template, pg_url,
                                                                                           tmp_path):
    import re

    from desktop.services.db_copy import copy_database
    from tests.helpers.terminal import cli_in_terminal
    from tests.test_cli import cli

    copy_database(demo_template, pg_url)
    prepared = cli("--db", pg_url, "db", "server", "siapkan")
    assert prepared.returncode == 0, prepared.stderr
    printed = dict(re.findall(r"(?:login|Login kabupaten \(baca saja\):) (\S+)\s+kata sandi: (\S+)", prepared.stdout))
    added = cli("--db", pg_url, "db", "server", "tambah-puskesmas", "Cikarang")
    assert added.returncode == 0, added.stderr
    printed.update(re.findall(r"datanya: (\S+)\s+kata sandi: (\S+)", added.stdout))
    office = tmp_path / "serang-baru.db"
    _second_office(office)
    close_db()
    code, merged = cli_in_terminal("--db", str(office), "--user", "rudi", "db", "copy", "--gabung", "--to", pg_url,
                                   passwords=("rahasia-123",))
    assert code == 0, merged
    printed.update(re.findall(r"sendiri: (\S+)\s+kata sandi: (\S+)", merged))
    seen = {}
    for login, password in printed.items():
        with psycopg.connect(_as(pg_url, login, password)) as con:
            seen[login.split("_", 2)[-1]] = sorted(  # "<database>_<puskesmas>", the database being t_<hex>
                r[0] for r in con.execute("SELECT name FROM puskesmas"))
    assert seen == {"kabupaten": ["Puskesmas Cibarusah", "Puskesmas Cikarang", "Puskesmas Serang Baru"],
                    "cibarusah": ["Puskesmas Cibarusah"], "cikarang": ["Puskesmas Cikarang"],
                    "serang_baru": ["Puskesmas Serang Baru"]}
    again = cli("--db", str(office), "db", "server", "siapkan")
    assert again.returncode == 1 and "basis data bersama" in again.stderr


def test_an_existing_shared_database_is_upgraded_with_filled_puskesmas_columns_and_policies(demo_pg_template):
    """A server from before logins: the owner's first open adds puskesmas_id where it was missing, fills it from
    the parents and the accounts, and switches the policies on; its columns then match a fresh server's."""
    from desktop.models.security import ADDED_COLUMNS, PUSKESMAS_TABLES, ServerLogin

    url, drop = _pg_database(template=demo_pg_template)
    try:
        with psycopg.connect(url, autocommit=True) as owner:
            fresh = {t: {r[0] for r in owner.execute("SELECT column_name FROM information_schema.columns WHERE "
                                                     "table_name = %s", (t,))} for t in PUSKESMAS_TABLES}
            for table in ADDED_COLUMNS:  # back to before logins
                owner.execute(f'DROP TRIGGER bina_isi_puskesmas ON "{table}"')
                owner.execute(f'ALTER TABLE "{table}" DROP COLUMN puskesmas_id CASCADE')
            for table in PUSKESMAS_TABLES:
                owner.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
            owner.execute(f'DROP TABLE "{ServerLogin._meta.table_name}" CASCADE')
            owner.execute('DROP TABLE "record_kader"')  # made by v11, after logins
            owner.execute("UPDATE schema_version SET version = 9 WHERE version >= 10")  # back to v9
        open_database(url)
        close_db()
        with psycopg.connect(url, autocommit=True) as owner:
            for table in PUSKESMAS_TABLES:
                columns = {r[0] for r in owner.execute("SELECT column_name FROM information_schema.columns WHERE "
                                                       "table_name = %s", (table,))}
                assert columns == fresh[table], table
                secured = owner.execute("SELECT relrowsecurity FROM pg_class WHERE relname = %s", (table,)).fetchone()
                assert secured == (True,), table
            for table in ("kader", "record_answer", "activity_kader", "audit_log"):
                empty = owner.execute(f'SELECT COUNT(*) FROM "{table}" WHERE puskesmas_id IS NULL').fetchone()[0]
                assert empty == 0 and owner.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] > 0, table
    finally:
        close_db()
        drop()
