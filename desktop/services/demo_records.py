"""Three months of realistic instrument records for the small demo, saved through the normal service."""

from __future__ import annotations

import datetime as dt
import random

from desktop.instruments.answers import skill_item_key
from desktop.instruments.loader import load_instrument
from desktop.models import skills as catalogue
from desktop.models.people import Kader, Posyandu, Staff
from desktop.services.records import save_answers

HARD_SKILLS = {"B2", "B3", "C2", "D1", "E2"}  # length/LiLA/waist: the guideline's example weak spots


def month_date(anchor: dt.date, months_back: int, day: int) -> str:
    year, month = anchor.year, anchor.month - months_back
    while month < 1:
        year, month = year - 1, month + 12
    return dt.date(year, month, min(day, 28)).isoformat()


def self_assessment_answers(rng: random.Random, codes: list[str], progress: float) -> dict:
    answers = {}
    for code in codes:
        low = 0.55 if code in HARD_SKILLS else 0.2
        roll = rng.random() + progress
        answers[skill_item_key(code)] = "1" if roll < low * 0.5 else "2" if roll < low + 0.15 else "3"
    return answers


def add_demo_records(anchor: dt.date, seed: int = 7) -> int:
    """Records for every posyandu of the first puskesmas; returns how many were saved."""
    rng = random.Random(seed)
    codes = [s.code for s in catalogue.skills()]
    pm, op, oi = (load_instrument(i) for i in ("penilaian_mandiri", "observasi_posyandu", "observasi_individu"))
    mentoring, coaching = load_instrument("mentoring"), load_instrument("coaching")
    saved = 0
    posyandu_list = list(Posyandu.select().where(Posyandu.active).order_by(Posyandu.id))
    for pos in posyandu_list:
        kader = list(pos.kader.where(Kader.active).order_by(Kader.id))
        bidan = Staff.get_or_none(Staff.desa == pos.desa, Staff.role == "bidan_desa") or Staff.get()
        for k in kader:
            base = {
                "kader": k.id,
                "posyandu": pos.id,
                "putaran": "awal",
                "tanggal": month_date(anchor, 3, pos.service_day or 10),
            }
            save_answers(pm, {**base, **self_assessment_answers(rng, codes, 0.0)})
            saved += 1
            if rng.random() < 0.6:
                akhir = {**base, "putaran": "akhir", "tanggal": month_date(anchor, 1, pos.service_day or 10)}
                save_answers(pm, {**akhir, **self_assessment_answers(rng, codes, 0.25)})
                saved += 1
        for months_back in (3, 2, 1):
            good = rng.random() < 0.7
            answers = {
                "posyandu": pos.id,
                "supervisor": bidan.id,
                "tanggal": month_date(anchor, months_back, pos.service_day or 10),
                "jumlah_kader_bertugas": len(kader),
                "B1": len(kader),
                "B2": "ya",
                "B3": 1,
                "B4": "ya" if good else "tidak",
                "B5": "baik" if good else "cukup",
                "C1b": rng.randint(18, 60),
                "C1a": rng.randint(2, 9),
                "C1e": rng.randint(5, 25),
                "C2": "ya",
                "C3": "Gizi seimbang balita",
                "C4": rng.choice(("tinggi", "sedang")),
                "D1": 60,
                "D2": 58,
                "D3": rng.randint(40, 58),
                "D4": rng.randint(25, 40),
                "D6": "Pengukuran panjang badan baduta belum sesuai standar: papan ukur tidak di permukaan datar."
                if not good
                else "Alur 5 langkah berjalan baik.",
                "D7": "Umpan balik langsung dan praktik bersama di meja 2.",
            }
            for n in range(1, 6):
                answers[f"A{n}"] = {"dilaksanakan": "ya", "sesuai_standar": "sebagian" if n == 2 and not good else "ya"}
            save_answers(op, answers)
            saved += 1
            for k in kader[: rng.randint(0, 3)]:
                cells = {
                    f"{s}{n}": {"nilai": rng.choice(("sesuai", "sesuai", "belum", "tb"))}
                    for s, count in (("A", 5), ("B", 4), ("C", 4))
                    for n in range(1, count + 1)
                }
                save_answers(
                    oi,
                    {
                        "kader": k.id,
                        "posyandu": pos.id,
                        "supervisor": bidan.id,
                        "setting": "kunjungan_rumah",
                        "tanggal": month_date(anchor, months_back, 15 + rng.randint(0, 10)),
                        **cells,
                        "D1": rng.choice(("ya", "sebagian")),
                        "D2": "Diskusi cara membaca grafik KMS.",
                    },
                )
                saved += 1
        if pos.name == "Melati 2" or rng.random() < 0.3:
            topic = "Peningkatan Ketepatan Pengukuran Tinggi/Panjang Badan Balita <5 Tahun"
            save_answers(
                mentoring,
                {
                    "posyandu": pos.id,
                    "supervisor": bidan.id,
                    "tanggal": month_date(anchor, 1, 3),
                    "bagian_a": [
                        {
                            "sumber": "observasi_posyandu",
                            "uraian_temuan": "Papan pengukur tidak di permukaan datar; posisi anak tidak lurus.",
                            "topik": topic,
                            "disepakati": "ya",
                            "tujuan": "Kader mengukur panjang/tinggi badan sesuai standar WHO.",
                            "metode": "Refleksi bersama dan praktik langsung",
                            "alat": "Papan pengukur, boneka latihan",
                            "tanggal_rencana": month_date(anchor, 1, 20),
                        }
                    ],
                    "bagian_b": [
                        {
                            "tanggal_pelaksanaan": month_date(anchor, 1, 20),
                            "peserta": f"{min(4, len(kader))} kader: " + ", ".join(k.name for k in kader[:4]),
                            "lokasi": f"Posyandu {pos.name}",
                            "durasi": 150,
                            "ringkasan": "Refleksi 30 menit, praktik 90 menit bergantian, RTL 30 menit.",
                            "rtl": "Teknik baru diterapkan pada hari buka berikutnya; observasi ulang bulan depan.",
                        }
                    ],
                    "daftar_hadir": [{"nama": k.name, "posyandu": pos.name} for k in kader[:4]],
                },
            )
            saved += 1
        if pos.name == "Pelangi A" and kader:
            save_answers(
                coaching,
                {
                    "posyandu": pos.id,
                    "supervisor": bidan.id,
                    "tanggal": month_date(anchor, 0, 5),
                    "kader": [kader[0].id],
                    "alasan": "Tidak hadir dalam kegiatan Posyandu selama dua bulan terakhir tanpa keterangan.",
                    "area": ["motivasi"],
                    "durasi": 45,
                    "praktik_baik": "Sebelumnya sangat aktif menggerakkan sasaran.",
                    "rtl": [
                        {
                            "siapa": kader[0].name,
                            "apa": "Kembali bertugas di meja pendaftaran",
                            "kapan": month_date(anchor, 0, 20),
                        }
                    ],
                },
                origin="langsung",
            )
            saved += 1
    return saved
