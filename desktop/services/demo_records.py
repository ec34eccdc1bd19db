"""Three months of realistic instrument records for the small demo, saved through the normal service.

Two posyandu tell the guideline's worked cases under the cycle's rules:
- Melati 2: Ibu Rina Marlina measures the length of under-twos wrongly (finding on B2) → a second kader the month
  after (mentoring on B2 proposed) → mentoring whose Part A links both findings → an observation of a third kader on
  another skill leaves the RTL open → Rina's re-observation meets the standard and closes her finding and her RTL
  item; the second kader still waits for her re-observation.
- Pelangi A: Ibu Aminah Rahayu is absent at two consecutive monthly service observations → proposed for coaching.
"""

from __future__ import annotations

import datetime as dt
import random

from desktop.instruments.answers import skill_item_key
from desktop.instruments.definition import (
    COACHING,
    INDIVIDUAL_OBSERVATION,
    MENTORING,
    SELF_ASSESSMENT,
    SERVICE_OBSERVATION,
)
from desktop.instruments.loader import by_step
from desktop.models import skills as catalogue
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.schedule import FollowUp
from desktop.services.records import save_answers

HARD_SKILLS = {"B2", "B3", "C2", "D1", "E2"}  # length/LiLA/waist: the guideline's example weak spots
RANDOM_RATINGS = ("sesuai",) * 14 + ("belum",) + ("tb",) * 5  # about one finding per observation
LENGTH = "B2"  # the guideline's worked case: length of under-twos
LENGTH_TOPIC = "Peningkatan Ketepatan Pengukuran Tinggi/Panjang Badan Balita <5 Tahun"


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


def _grid_keys(inst, skill: str | None = None) -> list[str]:
    return [i.key for s in inst.sections if s.kind == "grid" for i in s.items if skill is None or i.skill == skill]


def add_demo_records(anchor: dt.date, seed: int = 7) -> int:
    """Records for every posyandu of the first puskesmas (none after `anchor`); returns how many were saved."""
    rng = random.Random(seed)
    codes = [s.code for s in catalogue.skills()]
    pm, op, oi = (by_step(s) for s in (SELF_ASSESSMENT, SERVICE_OBSERVATION, INDIVIDUAL_OBSERVATION))
    mentoring, coaching = by_step(MENTORING), by_step(COACHING)
    rounds = pm.roles.rounds if pm.roles else ()
    graded = _grid_keys(oi)
    length_item = _grid_keys(oi, LENGTH)[0]
    service_length = _grid_keys(op, LENGTH)[0]
    saved = 0

    def save(inst, answers: dict, **kwargs) -> int:
        nonlocal saved
        saved += 1
        return save_answers(inst, answers, today=anchor, **kwargs).id

    posyandu_list = list(Posyandu.select().where(Posyandu.active).order_by(Posyandu.id))
    for pos in posyandu_list:
        kader = list(pos.kader.where(Kader.active).order_by(Kader.id))
        bidan = Staff.get_or_none(Staff.desa == pos.desa, Staff.role == "bidan_desa") or Staff.get()
        day_of = pos.service_day or 10
        melati, pelangi = pos.name == "Melati 2", pos.name == "Pelangi A"
        for k in kader:
            base = {"kader": k.id, "posyandu": pos.id, "putaran": rounds[0], "tanggal": month_date(anchor, 3, day_of)}
            save(pm, {**base, **self_assessment_answers(rng, codes, 0.0)})
            if rng.random() < 0.6:
                akhir = {**base, "putaran": rounds[-1], "tanggal": month_date(anchor, 1, day_of)}
                save(pm, {**akhir, **self_assessment_answers(rng, codes, 0.25)})
        for months_back in (3, 2, 1):
            good = rng.random() < 0.7 and not melati
            absent = [k.id for k in kader[:1]] if pelangi and months_back in (2, 1) else []
            present = [k.id for k in kader if k.id not in absent]
            answers: dict[str, object] = {
                "posyandu": pos.id, "supervisor": bidan.id, "tanggal": month_date(anchor, months_back, day_of),
                "jumlah_kader_bertugas": len(present), "B1": len(kader), "B2": "ya", "B3": 1,
                "B4": "ya" if good else "tidak", "B5": "baik" if good else "cukup",
                "C1b": rng.randint(18, 60), "C1a": rng.randint(2, 9), "C1e": rng.randint(5, 25), "C2": "ya",
                "C3": "Gizi seimbang balita", "C4": rng.choice(("tinggi", "sedang")),
                "D1": 60, "D2": 58, "D3": rng.randint(40, 58), "D4": rng.randint(25, 40),
                "D6": "Pengukuran panjang badan baduta belum sesuai standar: papan ukur tidak di permukaan datar."
                if not good else "Alur 5 langkah berjalan baik.",
                "D7": "Umpan balik langsung dan praktik bersama di meja 2.",
                "kader_hadir": present, **({"kader_tidak_hadir": absent} if absent else {}),
            }
            for key in _grid_keys(op):
                answers[key] = {"dilaksanakan": "ya", "sesuai_standar": "ya"}
            if not good:
                answers[service_length] = {"dilaksanakan": "ya", "sesuai_standar": "sebagian"}
            save(op, answers)
            if melati:
                continue  # Melati 2's individual observations tell the worked case below
            for k in kader[: rng.randint(0, 3)]:
                cells = {key: {"nilai": rng.choice(RANDOM_RATINGS)} for key in graded}
                save(oi, {"kader": k.id, "posyandu": pos.id, "supervisor": bidan.id, "setting": "kunjungan_rumah",
                          "tanggal": month_date(anchor, months_back, 15 + rng.randint(0, 10)), **cells,
                          "D1": rng.choice(("ya",) * 5 + ("sebagian",)), "D2": "Diskusi cara membaca grafik KMS."})
        if melati and len(kader) >= 3:
            _melati_story(anchor, pos, kader, bidan, oi, mentoring, length_item, save)
        elif rng.random() < 0.3:
            save(mentoring, _mentoring(anchor, pos, kader, bidan, []))
        if pelangi and len(kader) >= 2:
            # another kader asked for coaching on her own; Aminah's two absences wait for theirs (the plan proposes it)
            save(coaching, {
                "posyandu": pos.id, "supervisor": bidan.id, "tanggal": month_date(anchor, 1, 22),
                "kader": [kader[1].id], "alasan": "Kader meminta pendampingan setelah kesulitan di meja pencatatan.",
                "area": ["kemandirian"], "durasi": 45, "praktik_baik": "Sangat aktif menggerakkan sasaran.",
                "rtl": [{"siapa": kader[1].name, "apa": "Mencatat hasil layanan di SIP bersama kader senior",
                         "kapan": month_date(anchor, 0, 1)}],
            }, origin="langsung")
    return saved


def _mentoring(anchor: dt.date, pos: Posyandu, kader: list[Kader], bidan: Staff, findings: list[int]) -> dict:
    held = month_date(anchor, 2, 27) if findings else month_date(anchor, 1, 20)
    return {
        "posyandu": pos.id, "supervisor": bidan.id, "tanggal": held,
        **({"temuan_dijawab": findings} if findings else {}),
        "bagian_a": [{
            "sumber": by_step(INDIVIDUAL_OBSERVATION if findings else SERVICE_OBSERVATION).id,
            "uraian_temuan": "Papan pengukur tidak di permukaan datar; posisi anak tidak lurus.",
            "topik": LENGTH_TOPIC, "disepakati": "ya",
            "tujuan": "Kader mengukur panjang/tinggi badan sesuai standar WHO.",
            "metode": "Refleksi bersama dan praktik langsung", "alat": "Papan pengukur, boneka latihan",
            "tanggal_rencana": held}],
        "bagian_b": [{
            "tanggal_pelaksanaan": held,
            "peserta": f"{min(4, len(kader))} kader: " + ", ".join(k.name for k in kader[:4]),
            "lokasi": f"Posyandu {pos.name}", "durasi": 150,
            "ringkasan": "Refleksi 30 menit, praktik 90 menit bergantian, RTL 30 menit.",
            "rtl": "Teknik baru diterapkan pada hari buka berikutnya; observasi ulang bulan depan."}],
        "kader_hadir": [k.id for k in kader[:4]],
        "daftar_hadir": [{"nama": k.name, "posyandu": pos.name} for k in kader[:4]],
    }


def _melati_story(anchor, pos, kader, bidan, oi, mentoring, length_item, save) -> None:
    rina, second, third = kader[0], kader[1], kader[2]
    wrong = {length_item: {"nilai": "belum", "catatan": "Papan ukur tidak di permukaan datar."}}
    right = {length_item: {"nilai": "sesuai"}}
    save(oi, {"kader": rina.id, "posyandu": pos.id, "supervisor": bidan.id, "setting": "hari_buka",
              "tanggal": month_date(anchor, 3, 20), **wrong, "D1": "ya"})
    save(oi, {"kader": second.id, "posyandu": pos.id, "supervisor": bidan.id, "setting": "hari_buka",
              "tanggal": month_date(anchor, 2, 18), **wrong, "D1": "ya"})
    findings = [f.id for f in FollowUp.select().where(FollowUp.posyandu == pos.id, FollowUp.kind == "temuan",
                                                       FollowUp.kader.in_([rina.id, second.id]))]
    save(mentoring, _mentoring(anchor, pos, kader, bidan, findings))
    immunisation = [i.key for s in oi.sections if s.kind == "grid" for i in s.items if i.skill == "B6"][0]
    save(oi, {"kader": third.id, "posyandu": pos.id, "supervisor": bidan.id, "setting": "kunjungan_rumah",
              "tanggal": month_date(anchor, 1, 8), immunisation: {"nilai": "sesuai"}, "D1": "ya"})
    save(oi, {"kader": rina.id, "posyandu": pos.id, "supervisor": bidan.id, "setting": "hari_buka",
              "tanggal": month_date(anchor, 1, 21), **right, "D1": "ya"})
