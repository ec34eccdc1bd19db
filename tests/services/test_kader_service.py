import datetime as dt
import sqlite3

from desktop.models.people import Kader, Posyandu
from desktop.services.kader_service import NOT_ASSESSED, KaderFilter, posyandu_rows, query_kader


def _sql(location, where, args=()):
    """The same count straight from the engine, through its own driver (no peewee)."""
    sql = f"SELECT COUNT(*) FROM kader k JOIN posyandu p ON p.id = k.posyandu_id JOIN desa d ON d.id = p.desa_id " \
          f"WHERE {where}"
    if str(location).startswith("postgresql://"):
        import psycopg

        with psycopg.connect(str(location)) as con:
            return con.execute(sql.replace("?", "%s"), args).fetchone()[0]
    con = sqlite3.connect(location)
    try:
        return con.execute(sql, args).fetchone()[0]
    finally:
        con.close()


def test_filters_match_hand_written_sql(demo_db):
    active = "k.active AND p.active"
    assert query_kader(KaderFilter(puskesmas_id=1)).count() == _sql(demo_db, f"{active} AND d.puskesmas_id = 1")
    melati = Posyandu.get(Posyandu.name == "Melati 2")
    assert query_kader(KaderFilter(desa_id=melati.desa_id)).count() == _sql(demo_db, f"{active} AND d.id = ?",
                                                                            (melati.desa_id,))
    assert query_kader(KaderFilter(classification=NOT_ASSESSED)).count() == _sql(
        demo_db, f"{active} AND k.classification IS NULL")
    assert query_kader(KaderFilter(classification="madya", training="sudah")).count() == _sql(
        demo_db, f"{active} AND k.classification = 'madya' AND k.training_status = 'sudah'")
    assert query_kader(KaderFilter(new_only=True), today=dt.date(2026, 11, 1)).count() == _sql(
        demo_db, f"{active} AND k.start_year >= 2026")
    assert query_kader(KaderFilter(include_inactive=True)).count() == Kader.select().count()


def test_search_by_name_or_nik_prefix(demo_db):
    [rina] = list(query_kader(KaderFilter(text="rina marl")))
    assert rina.posyandu.name == "Melati 2"
    if rina.nik:
        assert rina in list(query_kader(KaderFilter(text=rina.nik[:10])))


def test_posyandu_counts(demo_db):
    row = next(r for r in posyandu_rows(None) if r.name == "Melati 2")
    kader = Kader.select().where(Kader.posyandu == row.id, Kader.active)
    assert row.kader_count == kader.count()
    assert row.trained == kader.where(Kader.training_status == "sudah").count()
    assert row.not_assessed == kader.where(Kader.classification.is_null()).count()


def test_save_kader_validates_every_field_and_names_duplicate_nik(demo_db):
    import pytest

    from desktop.models.errors import UserError
    from desktop.services.kader_service import KaderForm, save_kader, set_active

    rina = Kader.get(Kader.name == "Rina Marlina")
    melati = rina.posyandu
    before = Kader.select().count()
    with pytest.raises(UserError) as info:
        save_kader(KaderForm(name=" ", nik="1234", birth_date="2026-02-30", start_year=1950, phone="12"),
                   today=dt.date(2026, 11, 1))
    message = str(info.value)
    for part in ("Nama kader wajib diisi.", "Posyandu wajib dipilih.", "NIK harus 16 angka (tertulis 4).",
                 "Tanggal lahir '2026-02-30' tidak sah.",
                 "Tahun mulai menjadi kader: '1950' bukan tahun antara 1970 dan 2026.",
                 "No. HP/WA: '12' bukan nomor HP (9–14 angka)."):
        assert part in message
    if rina.nik:
        with pytest.raises(UserError, match=f"sudah dipakai oleh Rina Marlina \\(Posyandu {melati.name}\\)"):
            save_kader(KaderForm(posyandu_id=melati.id, name="Kader Baru", nik=rina.nik))
    assert Kader.select().count() == before
    new = save_kader(KaderForm(posyandu_id=melati.id, name="  Siti   Rahma ", nik="3216 0145 0790 9999",
                               phone="+62 812-3456-7890", birth_date="1990-07-05", start_year=2026))
    assert (new.name, new.nik, new.phone) == ("Siti Rahma", "3216014507909999", "081234567890")
    set_active(new, False)
    assert not Kader.get_by_id(new.id).active and Kader.select().count() == before + 1
