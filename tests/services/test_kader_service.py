import datetime as dt
import sqlite3

from desktop.models.people import Kader, Posyandu
from desktop.services.kader_service import NOT_ASSESSED, KaderFilter, posyandu_rows, query_kader


def _sql(path, where, args=()):
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT COUNT(*) FROM kader k JOIN posyandu p ON p.id = k.posyandu_id "
                           f"JOIN desa d ON d.id = p.desa_id WHERE {where}", args).fetchone()[0]
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
