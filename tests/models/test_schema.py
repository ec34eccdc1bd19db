import sqlite3

import pytest

from desktop.models.db import DB, close_db
from desktop.models.errors import DatabaseCorrupt, SchemaTooNew
from desktop.models.migrations import SCHEMA_VERSION
from desktop.models.people import Kader, Posyandu
from desktop.models.schema import ALL_MODELS, check_file, current_version, open_database


def _schema(path):
    """Columns and indexed column lists of every table, read straight from SQLite."""
    con = sqlite3.connect(path)
    query = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    tables = [r[0] for r in con.execute(query)]
    result = {}
    for t in tables:
        cols = sorted(r[1] for r in con.execute(f'PRAGMA table_info("{t}")'))
        idx = sorted(
            tuple(c[2] for c in con.execute(f'PRAGMA index_info("{i[1]}")'))
            for i in con.execute(f'PRAGMA index_list("{t}")')
        )
        result[t] = (cols, idx)
    con.close()
    return result


def test_fresh_database_has_all_tables_latest_version_and_pragmas(db, db_path):
    assert {t for t in db.get_tables() if not t.startswith("sqlite_")} == {m._meta.table_name for m in ALL_MODELS}
    assert current_version() == SCHEMA_VERSION
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_foreign_keys_are_enforced(db):
    import peewee

    with pytest.raises(peewee.IntegrityError):
        Kader.create(posyandu=999, name="Tanpa Posyandu")


def test_v1_file_is_upgraded_after_a_backup_and_keeps_its_data(v1_copy, tmp_path):
    assert check_file(v1_copy)[2] == 1
    open_database(v1_copy)
    try:
        assert current_version() == SCHEMA_VERSION
        rina = Kader.get(Kader.name == "Rina Marlina")
        assert rina.nik == "3216014507850001"
        assert rina.posyandu.name == "Melati 2"
        pos = Posyandu.get()
        pos.service_day = 12
        pos.save()
        assert Posyandu.get().service_day == 12
    finally:
        close_db()
    backups = list((v1_copy.parent / "backups").glob("sebelum-upgrade-v1-*.db"))
    assert len(backups) == 1 and check_file(backups[0])[2] == 1
    # the upgraded file matches a freshly created one, column for column and index for index
    fresh = tmp_path / "fresh.db"
    open_database(fresh)
    close_db()
    assert _schema(v1_copy) == _schema(fresh)


def test_newer_schema_is_refused_and_left_untouched(db_path):
    open_database(db_path)
    DB.execute_sql("INSERT INTO schema_version(version, applied_at) VALUES (?, '2030-01-01')", (SCHEMA_VERSION + 1,))
    close_db()
    before = db_path.read_bytes()
    with pytest.raises(SchemaTooNew, match="lebih baru"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_corrupt_file_is_reported_with_newest_good_backup(db_path):
    from desktop.models import backup

    open_database(db_path)
    good = backup.daily_backup(db_path)
    close_db()
    db_path.write_bytes(b"ini bukan basis data" * 100)
    with pytest.raises(DatabaseCorrupt) as info:
        open_database(db_path)
    assert info.value.good_backup == good
    assert "rusak" in str(info.value)


def test_foreign_sqlite_file_is_not_taken_for_ours(tmp_path):
    other = tmp_path / "lain.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE x (a)")
    con.commit()
    con.close()
    ok, detail, _ = check_file(other)
    assert not ok and "bukan basis data Bina Kader" in detail


def test_full_check_runs_after_an_unclean_shutdown(db_path):
    from desktop.models.db import open_marker
    from desktop.models.people import Staff
    from desktop.models.wilayah import Kabupaten, Puskesmas

    open_database(db_path)
    assert open_marker(db_path).exists()
    kab = Kabupaten.create(name="Kampar")
    pkm = Puskesmas.create(kabupaten=kab, name="Puskesmas Uji")
    Staff.insert_many([{"puskesmas": pkm, "name": f"Petugas {n} " + "x" * 200, "role": "perawat"}
                       for n in range(400)]).execute()
    close_db()
    assert not open_marker(db_path).exists()  # a clean shutdown
    data = bytearray(db_path.read_bytes())
    page = 4096
    data[len(data) - 3 * page: len(data) - 2 * page] = b"\xff" * page  # damage a data page, not the header
    db_path.write_bytes(bytes(data))
    open_marker(db_path).write_text("12345")  # as if the last session had been killed by a power cut
    with pytest.raises(DatabaseCorrupt, match="rusak"):
        open_database(db_path)


def _before_step(path, step, *statements):
    """Put the closed file back to the version before migration `step` (the statements undo what the step does),
    then open it: the step runs."""
    from desktop.models.migrations import MIGRATIONS

    con = sqlite3.connect(path)
    for statement in statements:
        con.execute(statement)
    con.execute("DELETE FROM schema_version")
    con.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                (max(v for v in MIGRATIONS if v < step), "2026-01-01 00:00:00"))
    con.commit()
    con.close()
    open_database(path)


def test_inactive_posyandu_take_their_closing_day_from_the_audit_trail_on_upgrade(tmp_path):
    """The step that added posyandu.inactive_since, run on a file as the version before it left it."""
    import datetime as dt

    from desktop.models.migrations import MIGRATIONS
    from desktop.models.wilayah import Desa, Kabupaten, Kecamatan, Puskesmas
    from desktop.services import kader_service

    step = next(v for v, name in MIGRATIONS.items() if name.endswith("_posyandu_closed"))
    path = tmp_path / "office" / "bina-kader.db"
    open_database(path)
    kab = Kabupaten.create(name="Kampar")
    desa = Desa.create(kecamatan=Kecamatan.create(kabupaten=kab, name="K"),
                       puskesmas=Puskesmas.create(kabupaten=kab, name="Puskesmas Uji"), name="Hangtuah")
    closed, reopened, unknown, open_ = (Posyandu.create(desa=desa, name=n) for n in ("A", "B", "C", "D"))
    for posyandu in (closed, reopened):
        kader_service.set_posyandu_active(posyandu, False)  # audited: "active" true -> false
    kader_service.set_posyandu_active(Posyandu.get_by_id(reopened.id), True)
    close_db()
    _before_step(path, step,  # no column, no dates in the audit trail yet; one closed with no audit entry
                 "ALTER TABLE posyandu DROP COLUMN inactive_since",
                 f"UPDATE posyandu SET active = 0 WHERE id = {unknown.id}",
                 "UPDATE audit_log SET at = '2026-03-10 09:15:00.000000' WHERE entity = 'posyandu'")
    try:
        assert current_version() == SCHEMA_VERSION
        days = {p.name: (p.active, p.inactive_since) for p in Posyandu.select()}
        assert days == {"A": (False, dt.date(2026, 3, 10)), "B": (True, None), "C": (False, None),
                        "D": (True, None)}
    finally:
        close_db()
    fresh = tmp_path / "fresh.db"
    open_database(fresh)
    close_db()
    assert _schema(path) == _schema(fresh)


def test_statistics_follow_the_data_so_one_puskesmas_reads_its_own_records(tmp_path):
    """A new file is analysed while empty; once its records have grown, the next opening analyses again, and the
    planner reads "records of these puskesmas" through the puskesmas index, not the whole table through
    `deleted_at` (NULL on nearly every record: the Rekap Kabupaten grew with the file without this)."""
    from desktop.models.db import bulk_insert
    from desktop.models.wilayah import Kabupaten, Puskesmas

    path = tmp_path / "tumbuh.db"
    open_database(path)
    kab = Kabupaten.create(name="Bekasi", is_kota=False)
    for n in range(40):
        Puskesmas.create(kabupaten=kab, name=f"Puskesmas {n}")
    now = "2026-11-01 08:00:00"
    bulk_insert("instrument_record", ["instrument", "instrument_version", "puskesmas_id", "activity_date", "answers",
                                      "skills", "origin", "created_at", "updated_at", "version"],
                [("observasi_posyandu", 1, 1 + n % 40, f"2026-{1 + n % 12:02d}-10", "{}", "{}", "kertas", now, now, 1)
                 for n in range(4000)])
    close_db()

    open_database(path)
    counted = DB.execute_sql("SELECT stat FROM sqlite_stat1 WHERE tbl = 'instrument_record'").fetchall()
    assert counted and all(int(stat.split()[0]) > 4000 / 2 for (stat,) in counted)  # a sampled estimate
    plan = " ".join(str(row[-1]) for row in DB.execute_sql(
        "EXPLAIN QUERY PLAN SELECT id FROM instrument_record WHERE puskesmas_id IN (1, 2, 3) "
        "AND deleted_at IS NULL AND activity_date BETWEEN '2026-10-01' AND '2026-10-31'"))
    assert plan.startswith("SEARCH") and "deleted_at" not in plan, plan
    analysed = DB.execute_sql("SELECT COUNT(*) FROM sqlite_stat1").fetchone()[0]
    close_db()
    open_database(path)  # nothing grew: nothing analysed again (the statistics stay as they were)
    assert DB.execute_sql("SELECT COUNT(*) FROM sqlite_stat1").fetchone()[0] == analysed
    close_db()


def test_findings_made_again_before_v13_become_one_open_finding_on_upgrade(tmp_path):
    """A posyandu's weighing found wanting at three monthly service observations made three open findings before
    v13; the upgrade leaves the newest open and marks each earlier one as found again by the next record (as saving
    them one after the other does today)."""
    import datetime as dt

    from desktop.instruments.loader import load_instrument
    from desktop.models.migrations import MIGRATIONS
    from desktop.models.people import Staff
    from desktop.models.schedule import FollowUp
    from desktop.models.settings import CURRENT_PUSKESMAS, set_setting
    from desktop.models.wilayah import Desa, Kabupaten, Kecamatan, Puskesmas
    from desktop.services import follow_up, records

    step = next(v for v, name in MIGRATIONS.items() if name.endswith("_found_again"))
    path = tmp_path / "office" / "bina-kader.db"
    open_database(path)
    kab = Kabupaten.create(name="Kampar")
    pkm = Puskesmas.create(kabupaten=kab, name="Puskesmas Uji")
    set_setting(CURRENT_PUSKESMAS, str(pkm.id))
    desa = Desa.create(kecamatan=Kecamatan.create(kabupaten=kab, name="K"), puskesmas=pkm, name="Hangtuah")
    melati = Posyandu.create(desa=desa, name="Melati 2")
    staff = Staff.create(puskesmas=pkm, name="Bidan Sari", role="bidan_desa")
    sheets = []
    for day in ("2026-08-10", "2026-09-10", "2026-10-10"):
        sheets.append(records.save_answers(load_instrument("observasi_posyandu"), {
            "posyandu": melati.id, "tanggal": day, "supervisor": staff.id, "D6": "-",
            "A1": {"dilaksanakan": "ya", "sesuai_standar": "ya"},
            "A2": {"dilaksanakan": "ya", "sesuai_standar": "tidak"}}, today=dt.date(2026, 11, 1)))
    findings = {s.id: FollowUp.get(FollowUp.source == s, FollowUp.kind == "temuan").id for s in sheets}
    assert [f.id for f in follow_up.open_findings(pkm)] == [findings[sheets[-1].id]]  # saved today: one open
    close_db()
    _before_step(path, step, "UPDATE follow_up SET status = 'terbuka', closed_on = NULL, closed_by_id = NULL")
    try:
        assert current_version() == SCHEMA_VERSION
        state = {f.id: (f.status, f.closed_by_id, f.closed_on) for f in FollowUp.select()}
        first, second, third = sheets
        assert state == {findings[first.id]: ("diganti", second.id, second.activity_date),
                         findings[second.id]: ("diganti", third.id, third.activity_date),
                         findings[third.id]: ("terbuka", None, None)}
    finally:
        close_db()
