"""Plausibility declared in the definitions: ranges, usual ranges, dates, required sections, relations."""

import datetime as dt

from desktop.instruments.answers import check
from desktop.instruments.loader import load_instrument

TODAY = dt.date(2026, 11, 20)


def _sheet(**extra):
    grid = {f"A{i}": {"dilaksanakan": "ya", "sesuai_standar": "ya"} for i in range(1, 6)}
    return {"posyandu": 1, "tanggal": "2026-11-14", "supervisor": 1, "B1": 6, "C2": "ya", "D6": "Baik", **grid,
            **extra}


def test_a_plausible_sheet_passes_without_warnings():
    inst = load_instrument("observasi_posyandu")
    result = check(inst, _sheet(D1=40, D2=38, D3=35, D4=20, C1b=35), today=TODAY)
    assert result.errors == [] and result.warnings == []


def test_skdn_order_is_declared_and_named_with_paper_numbers():
    inst = load_instrument("observasi_posyandu")
    result = check(inst, _sheet(D1=30, D2=28, D3=31, D4=35), today=TODAY)
    assert result.errors == [
        "D.3 SKDN — D: balita yang ditimbang: 31 lebih besar dari D.1 SKDN — S: jumlah seluruh balita (30); "
        "tidak mungkin.",
        "D.4 SKDN — N: balita yang naik berat badannya: 35 lebih besar dari D.1 SKDN — S: jumlah seluruh balita "
        "(30); tidak mungkin.",
    ]


def test_out_of_range_is_an_error_and_unusual_is_a_warning():
    inst = load_instrument("observasi_posyandu")
    result = check(inst, _sheet(C1a=99999, C1b=450), today=TODAY)
    assert result.errors == ["C.1a Jumlah sasaran hadir: ibu hamil dan menyusui: 99999 di luar rentang 0–999."]
    assert result.warnings == ["C.1b Jumlah sasaran hadir: bayi dan balita: 450 tidak biasa (biasanya 0–200); "
                               "periksa lagi lembarnya."]


def test_dates_ahead_are_refused_and_old_ones_warn_only_when_the_entry_day_is_known():
    inst = load_instrument("observasi_posyandu")
    ahead = _sheet(tanggal="2026-12-20")
    assert check(inst, ahead, today=TODAY).errors == [
        "Tanggal observasi: 20/12/2026 belum terjadi (setelah hari ini); periksa tanggal di lembar."]
    assert check(inst, ahead).errors == []  # no entry day (demo data, services): no calendar rule
    old = check(inst, _sheet(tanggal="2025-11-14"), today=TODAY)
    assert old.errors == [] and old.warnings == [
        "Tanggal observasi: 14/11/2025 lebih dari 180 hari yang lalu; periksa tahunnya."]


def test_empty_sections_required_refuse_and_expected_warn():
    inst = load_instrument("observasi_posyandu")
    sheet = {k: v for k, v in _sheet().items() if not k.startswith(("A", "B", "C"))}
    result = check(inst, sheet, today=TODAY)
    assert result.errors == ["Bagian A. Pelaksanaan alur layanan 5 langkah Posyandu: belum ada jawaban; salin "
                             "bagian ini dari lembar."]
    assert [w.split(":")[0] for w in result.warnings] == ["Bagian B. Keterlibatan petugas dan kader",
                                                          "Bagian C. Partisipasi masyarakat"]


def test_warning_relation_and_table_columns():
    posyandu = load_instrument("observasi_posyandu")
    result = check(posyandu, _sheet(jumlah_kader_bertugas=9, B1=6), today=TODAY)
    assert result.errors == [] and result.warnings == [
        "B.1 Jumlah kader aktif: 6 lebih kecil dari Jumlah kader bertugas (9); periksa lagi lembarnya."]
    mentoring = load_instrument("mentoring")
    sheet = {"posyandu": 1, "tanggal": "2026-11-10", "supervisor": 1,
             "bagian_a": [{"sumber": "laporan", "uraian_temuan": "x", "topik": "y"}],
             "bagian_b": [{"tanggal_pelaksanaan": "2026-11-30", "peserta": "5", "durasi": 20}]}
    result = check(mentoring, sheet, today=TODAY)
    assert result.errors == ["Dokumentasi sesi, baris 1, kolom (6) Tanggal Pelaksanaan: 30/11/2026 belum terjadi "
                             "(setelah hari ini); periksa tanggal di lembar."]
    assert result.warnings == ["Dokumentasi sesi, baris 1, kolom (10) Berapa Durasi Kegiatan: 20 tidak biasa "
                               "(biasanya 60–240); periksa lagi lembarnya."]
