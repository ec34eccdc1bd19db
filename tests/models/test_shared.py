"""Shared mode: optimistic locking with two real connections, db copy both ways, server URLs and passwords."""

import json
import shutil
import sqlite3

import peewee
import pytest

from desktop.models.audit import AuditLog
from desktop.models.db import close_db, display_location, is_server, postgres_database, resolve_db_path
from desktop.models.errors import EditConflict, UserError
from desktop.models.people import Kader
from desktop.models.schema import ALL_MODELS
from desktop.services import auth, kader_service
from tests.test_cli import cli


def _second_connection(location) -> peewee.Database:
    """Another PC on the same database: its own connection, not the app's bound one."""
    if is_server(location):
        return postgres_database(str(location))
    return peewee.SqliteDatabase(str(location), pragmas={"busy_timeout": 5000})


def _form(kader: Kader, **changes) -> kader_service.KaderForm:
    values = dict(posyandu_id=kader.posyandu_id, name=kader.name, nik=kader.nik or "", phone=kader.phone or "",
                  sex=kader.sex, birth_date=kader.birth_date.isoformat() if kader.birth_date else None,
                  start_year=kader.start_year, training_status=kader.training_status)
    return kader_service.KaderForm(**{**values, **changes})


def test_two_connections_editing_one_kader_get_a_conflict_naming_who_changed_what(demo_db):
    auth.create_user("Siti Promkes", "siti", "rahasia-123", "admin")
    auth.log_in("siti", "rahasia-123")
    mine = Kader.get(Kader.name == "Rina Marlina")  # this PC opens the kader dialog

    other = _second_connection(demo_db)  # meanwhile a colleague saves the same kader from another PC
    from desktop.models.session import SESSION
    from desktop.models.users import User

    with other.bind_ctx([Kader, AuditLog]):
        theirs = Kader.get_by_id(mine.id)
        signed_in = SESSION.user
        assert signed_in is not None
        # a colleague with the same rights, under another name in the audit trail
        SESSION.user = User(username="budi", role=signed_in.role, puskesmas=signed_in.puskesmas_id)
        kader_service.save_kader(_form(theirs, phone="081311112222"), theirs)
        SESSION.user = signed_in
    other.close()

    with pytest.raises(EditConflict) as caught:
        kader_service.save_kader(_form(mine, name="Rina Marlina S."), mine)
    conflict = caught.value
    assert "budi" in str(conflict) and "No. HP/WA" in str(conflict)
    assert conflict.current.phone == "081311112222"
    assert [c[0] for c in conflict.changes] == ["budi"]
    stored = Kader.get_by_id(mine.id)
    assert (stored.name, stored.phone) == ("Rina Marlina", "081311112222")  # nothing of mine landed silently

    # overwrite consciously: take the current version, keep my values
    mine.version = conflict.current.version
    kader_service.save_kader(_form(mine, name="Rina Marlina S."), mine)
    assert Kader.get_by_id(mine.id).name == "Rina Marlina S."


def test_a_row_deleted_elsewhere_is_a_conflict_too(demo_db):
    rina = Kader.get(Kader.name == "Rina Marlina")
    new = kader_service.save_kader(_form(rina, name="Kader Sementara", nik=""))
    mine = Kader.get_by_id(new.id)
    Kader.delete().where(Kader.id == mine.id).execute()  # removed from another PC meanwhile
    with pytest.raises(EditConflict, match="dihapus"):
        kader_service.save_kader(_form(mine, name="Baru"), mine)


def test_copy_to_server_and_back_to_a_file_keeps_every_row(demo_template, pg_url, tmp_path):
    """File -> server -> file (the offline round trip); each step verifies counts table by table."""
    from desktop.models.schema import open_database
    from desktop.services.db_copy import copy_database

    to_server = copy_database(demo_template, pg_url)
    back = tmp_path / "luring.db"
    counts = copy_database(pg_url, back)
    assert counts == {**to_server, "audit_log": to_server["audit_log"] + 1}  # each copy audits itself in the target
    assert counts["kader"] > 100 and counts["record_answer"] > 1000
    assert set(counts) == {m._meta.table_name for m in ALL_MODELS}
    con = sqlite3.connect(back)
    for table, rows in counts.items():
        assert con.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] == rows + (table == "audit_log"), table
    assert con.execute('SELECT action FROM audit_log ORDER BY id DESC LIMIT 1').fetchone()[0] == "salin"
    con.close()
    # both copies are working databases: they open, and a new kader gets a fresh id (sequences moved on)
    for location in (pg_url, back):
        open_database(location)
        first = Kader.get(Kader.name == "Rina Marlina")
        kader_service.save_kader(_form(first, name="Kader Baru", nik=""))
        assert Kader.select().count() == counts["kader"] + 1
        close_db()


def test_copy_refuses_a_target_that_holds_data_and_leaves_it_alone(demo_db, tmp_path):
    from desktop.models.errors import UserError
    from desktop.services.db_copy import copy_database

    close_db()
    with pytest.raises(UserError):
        copy_database(demo_db, demo_db)
    existing = tmp_path / "ada.db"
    existing.write_bytes(b"data kantor")
    with pytest.raises(UserError, match="sudah ada"):
        copy_database(demo_db, existing)
    assert existing.read_bytes() == b"data kantor"


def test_cli_db_copy_to_server_and_opening_it_with_a_url(demo_template, pg_url, tmp_path):
    office = tmp_path / "kantor.db"
    shutil.copy(demo_template, office)
    done = cli("--db", str(office), "db", "copy", "--to", pg_url)
    assert done.returncode == 0, done.stderr
    assert "sudah diperiksa di tujuan" in done.stdout
    check = cli("--db", pg_url, "db", "check")
    assert check.returncode == 0, check.stderr
    assert "bersama" in check.stdout
    report = cli("--db", pg_url, "report", "monthly", "--month", "2026-10", "-o", str(tmp_path / "r.pdf"))
    assert report.returncode == 0, report.stderr
    assert (tmp_path / "r.pdf").stat().st_size > 5000
    again = cli("--db", str(office), "db", "copy", "--to", pg_url)
    assert again.returncode == 1 and "sudah berisi" in again.stderr


def test_server_urls_are_shown_without_password_and_chosen_per_pc(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.delenv("BINA_KADER_DB", raising=False)
    url = "postgresql://promkes:rahasia@10.0.0.5:5432/bina"
    assert display_location(url) == "postgresql://promkes@10.0.0.5:5432/bina"
    assert resolve_db_path(url) == url
    from desktop.models.db import choose_server, default_db_path

    assert resolve_db_path(None) == default_db_path()
    with pytest.raises(ValueError):
        choose_server(url)  # a password never goes into the settings file
    choose_server(display_location(url))
    assert resolve_db_path(None) == "postgresql://promkes@10.0.0.5:5432/bina"
    assert "rahasia" not in (tmp_path / "BinaKader" / "koneksi.json").read_text()
    choose_server(None)
    assert resolve_db_path(None) == default_db_path()


def test_password_comes_from_the_url_else_the_os_keyring():
    import keyring
    from keyring.backend import KeyringBackend

    from desktop.services import server

    class Memory(KeyringBackend):
        priority = 1
        store: dict = {}

        def get_password(self, service, username):
            return self.store.get((service, username))

        def set_password(self, service, username, password):
            self.store[(service, username)] = password

        def delete_password(self, service, username):
            self.store.pop((service, username), None)

    previous = keyring.get_keyring()
    keyring.set_keyring(Memory())
    try:
        url = "postgresql://promkes@10.0.0.5:5432/bina"
        assert server.session_password(url) is None
        assert server.remember_password(url, "s3cret")
        assert server.session_password(url) == "s3cret"
        assert server.session_password("postgresql://promkes:lain@10.0.0.5:5432/bina") == "lain"
        server.forget_password(url)
        assert server.session_password(url) is None
    finally:
        keyring.set_keyring(previous)


def test_version_column_increments_and_records_the_step(db):
    from desktop.models.wilayah import Kabupaten, Puskesmas

    kab = Kabupaten.create(name="Bekasi")
    pkm = Puskesmas.create(name="Cibarusah", kabupaten=kab)
    assert pkm.version == 1
    pkm.address = "Jl. Raya 1"
    pkm.save()
    pkm.phone = "021"
    pkm.save()
    assert Puskesmas.get_by_id(pkm.id).version == 3
    entries = AuditLog.select().where(AuditLog.entity == "puskesmas").order_by(AuditLog.id)
    assert [json.loads(e.changes).get("version") for e in entries][1:] == [[1, 2], [2, 3]]


def _without_password(url: str) -> tuple[str, str]:
    from urllib.parse import urlsplit

    password = urlsplit(url).password
    return url.replace(f":{password}@", "@"), password


def test_a_server_that_wants_a_password_asks_until_it_gets_the_right_one(pg_url):
    from desktop.models.errors import ServerUnavailable
    from desktop.services import server

    bare, password = _without_password(pg_url)
    server.SESSION_PASSWORDS.clear()
    asked = []

    def ask(url, reason):
        asked.append(reason)
        return ("salah", False) if len(asked) == 1 else (password, True)

    server.open_server(bare, ask)
    assert len(asked) == 2 and all("kata sandi salah atau belum diisi" in r for r in asked)
    assert server.session_password(bare) == password  # kept for this session (memory only)
    close_db()
    server.SESSION_PASSWORDS.clear()
    with pytest.raises(ServerUnavailable):
        server.open_server(bare, lambda url, reason: None)  # the user cancels: a clear error, nothing opened


def test_cli_on_a_server_without_a_password_says_how_to_give_one(pg_url):
    bare, _ = _without_password(pg_url)
    done = cli("--db", bare, "db", "check")
    assert done.returncode == 1
    assert "meminta kata sandi" in done.stderr and "Traceback" not in done.stderr


def test_an_unreachable_server_is_one_clear_line():
    done = cli("--db", "postgresql://promkes@127.0.0.1:1/binakader", "db", "check")
    assert done.returncode == 1
    assert "server tidak menjawab" in done.stderr and "Traceback" not in done.stderr


def test_identity_saved_over_a_newer_change_is_a_conflict_not_a_lost_update(demo_db):
    from desktop.models.settings import current_puskesmas
    from desktop.services.identity import load_identity, save_identity

    form = load_identity()  # the Identitas tab, filled
    colleague = current_puskesmas()
    colleague.phone = "021-8990011"
    colleague.save()
    form.address = "Jl. Raya Cibarusah No. 2"
    with pytest.raises(EditConflict, match="No. HP/WA|phone"):
        save_identity(form)
    assert current_puskesmas().phone == "021-8990011"
    form.version = current_puskesmas().version  # overwrite on purpose
    assert save_identity(form).address == "Jl. Raya Cibarusah No. 2"


def _second_office(path) -> dict:
    """Another puskesmas' own file: same kabupaten, its own kecamatan, desa, posyandu, kader, account, record."""
    from desktop.instruments.loader import load_instrument
    from desktop.models.people import Posyandu, Staff
    from desktop.models.schema import open_database
    from desktop.models.wilayah import Desa, Kabupaten, Kecamatan, Puskesmas
    from desktop.services import records

    open_database(path)
    kab = Kabupaten.create(name="Bekasi")
    pkm = Puskesmas.create(kabupaten=kab, name="Puskesmas Serang Baru")
    from desktop.models.settings import CURRENT_PUSKESMAS, set_setting

    set_setting(CURRENT_PUSKESMAS, str(pkm.id))
    desa = Desa.create(kecamatan=Kecamatan.create(kabupaten=kab, name="Serang Baru"), puskesmas=pkm, name="Sukaragam")
    posyandu = Posyandu.create(desa=desa, name="Anggrek 1")
    kader = [Kader.create(posyandu=posyandu, name=n, nik=nik) for n, nik in
             (("Dewi Lestari", "3216014507880001"), ("Nur Aini", "3216015203900002"))]
    bidan = Staff.create(puskesmas=pkm, desa=desa, name="Bd. Sari Wulandari", role="bidan_desa")
    auth.create_user("Rudi Hartono", "rudi", "rahasia-123", "admin")
    inst = load_instrument("observasi_individu")
    answers = {"kader": kader[1].id, "posyandu": posyandu.id, "supervisor": bidan.id, "setting": "kunjungan_rumah",
               "tanggal": "2026-10-20", **{f"A{n}": {"nilai": "sesuai"} for n in range(1, 6)}}
    record = records.save_answers(inst, answers)
    auth.log_out()
    close_db()
    return {"record_kader": "Nur Aini", "record_id": record.id}


def test_merging_a_second_office_into_a_shared_server_keeps_every_reference(demo_template, pg_url, tmp_path):
    from desktop.models.records import InstrumentRecord
    from desktop.models.schema import open_database
    from desktop.models.users import User
    from desktop.models.wilayah import Kabupaten, Puskesmas
    from desktop.services.db_copy import copy_database, merge_database

    copy_database(demo_template, pg_url)  # the first office moved to the server
    office = tmp_path / "serang-baru.db"
    second = _second_office(office)
    with pytest.raises(UserError, match="tidak berhak"):  # the office has accounts: its PJ Promkes signs in first
        merge_database(office, pg_url)
    open_database(office)
    auth.log_in("rudi", "rahasia-123")
    close_db()
    with pytest.raises(UserError, match="gabung"):
        copy_database(office, pg_url)  # a plain copy refuses a server with data
    added = merge_database(office, pg_url)
    assert added["puskesmas"] == 1 and added["kader"] == 2 and added["kabupaten"] == 0  # Bekasi matched by name

    open_database(pg_url)
    assert Kabupaten.select().count() == 1 and Puskesmas.select().count() == 2
    serang = Puskesmas.get(Puskesmas.name == "Puskesmas Serang Baru")
    rudi = User.get(User.username == "rudi")
    assert rudi.puskesmas_id == serang.id
    record = (InstrumentRecord.select().where(InstrumentRecord.puskesmas == serang).get())
    assert record.kader.name == second["record_kader"] and record.posyandu.name == "Anggrek 1"
    assert Kader.get_by_id(record.answers["kader"]).name == second["record_kader"]  # ids inside the answers too
    assert record.supervisor.name == "Bd. Sari Wulandari"
    assert Kader.get(Kader.name == "Rina Marlina").posyandu.name == "Melati 2"  # the first office untouched
    entries = AuditLog.select().where(AuditLog.entity == "instrument_record", AuditLog.entity_id == str(record.id))
    assert entries.count() >= 1  # its audit trail follows the new id
    before = {m._meta.table_name: m.select().count() for m in ALL_MODELS}
    close_db()

    with pytest.raises(UserError, match="Serang Baru sudah ada"):
        merge_database(office, pg_url)  # twice: refused, nothing written
    auth.log_out()
    open_database(pg_url)
    assert {m._meta.table_name: m.select().count() for m in ALL_MODELS} == before


def test_a_dropped_server_connection_is_made_again_between_transactions(demo_server):
    import psycopg

    from desktop.models.db import DB
    from desktop.models.errors import explain

    kader = Kader.select().count()
    pid = DB.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    with psycopg.connect(demo_server, autocommit=True) as admin:  # the server restarts / the network drops it
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    assert Kader.select().count() == kader  # connected again, transparently
    assert DB.execute_sql("SELECT pg_backend_pid()").fetchone()[0] != pid
    with pytest.raises(peewee.OperationalError) as caught, DB.atomic():  # inside a transaction: never retried
        pid = DB.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
        with psycopg.connect(demo_server, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        Kader.select().count()
    assert "Sambungan ke server basis data bersama terputus" in explain(caught.value)


def test_cli_asks_a_servers_password_at_the_terminal_once_and_copies(demo_template, pg_url, tmp_path):
    """A password typed at the terminal serves the whole command (here: opening the server, then copying)."""
    import os
    import subprocess
    import sys

    from tests.test_cli import ROOT

    bare, password = _without_password(pg_url)
    office = tmp_path / "kantor.db"
    shutil.copy(demo_template, office)
    main, secondary = os.openpty()  # a terminal to type into; no controlling tty, so getpass reads it
    env = {k: v for k, v in os.environ.items() if k != "BINA_KADER_DB"}
    done = subprocess.Popen([sys.executable, "-m", "desktop.cli", "--db", str(office), "db", "copy", "--to", bare],
                            stdin=secondary, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env=env, start_new_session=True)
    prompt = ""
    while "Kata sandi basis data" not in prompt:  # getpass flushes what was typed before it asks
        char = done.stderr.read(1)
        assert char, f"no password prompt: {prompt}"
        prompt += char
    os.write(main, f"{password}\n".encode())
    out, err = done.communicate(timeout=120)
    os.close(main)
    os.close(secondary)
    assert done.returncode == 0, err
    assert "sudah diperiksa di tujuan" in out


def test_a_copy_carries_the_kop_logo_and_a_scanned_sk_byte_for_byte_both_ways(demo_template, pg_url, tmp_path):
    """BLOB columns (the puskesmas logo on every kop, a scanned SK) arrive unchanged on the server and back."""
    from desktop.models.teams import SkDecree
    from desktop.models.wilayah import Puskesmas
    from desktop.services.db_copy import copy_database

    office = tmp_path / "kantor.db"
    shutil.copy(demo_template, office)
    logo, scan = bytes(range(256)) * 3, b"%PDF-1.4\n\x00\xff\xfe pindaian SK"
    pkm, sk = Puskesmas._meta.table_name, SkDecree._meta.table_name
    con = sqlite3.connect(office)
    with con:
        con.execute(f'UPDATE "{pkm}" SET logo = ?', (logo,))
        con.execute(f'UPDATE "{sk}" SET file_data = ? WHERE id = (SELECT MIN(id) FROM "{sk}")', (scan,))
    con.close()
    copy_database(office, pg_url)
    server = postgres_database(pg_url)
    on_server = [bytes(v) for (v,) in server.execute_sql(f'SELECT logo FROM "{pkm}"').fetchall()]
    assert on_server and set(on_server) == {logo}
    assert [bytes(v) for (v,) in server.execute_sql(f'SELECT file_data FROM "{sk}" WHERE file_data IS NOT NULL')
            .fetchall()] == [scan]
    server.close()
    back = tmp_path / "kembali.db"
    copy_database(pg_url, back)
    con = sqlite3.connect(back)
    assert {v for (v,) in con.execute(f'SELECT logo FROM "{pkm}"')} == {logo}
    assert [v for (v,) in con.execute(f'SELECT file_data FROM "{sk}" WHERE file_data IS NOT NULL')] == [scan]
    con.close()
