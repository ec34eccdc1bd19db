"""Two years of instrument records for the kabupaten-scale demo (≈600,000 indexed answers), written with raw
bulk inserts in one transaction: the benchmark dataset. Answers and their index rows come from the same
definitions as saved records; follow-ups are not derived here (the small demo shows the cycle)."""

from __future__ import annotations

import datetime as dt
import json
import random

from desktop.instruments.answers import answer_rows
from desktop.instruments.definition import INDIVIDUAL_OBSERVATION, SELF_ASSESSMENT, SERVICE_OBSERVATION
from desktop.instruments.loader import by_step
from desktop.models import skills as catalogue
from desktop.models.db import DB, bulk_insert, dict_rows, rows
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.wilayah import Desa
from desktop.services.demo_records import month_date, self_assessment_answers

OBSERVATION_MONTHS = range(23, -1, -2)  # every second month of the last two years
INDIVIDUAL_MONTHS = (21, 15, 9, 3)


def _observation(rng: random.Random, posyandu: int, staff: int | None, day: str, kader: int) -> dict:
    good = rng.random() < 0.7
    answers: dict[str, object] = {
        "posyandu": posyandu, "supervisor": staff, "tanggal": day, "jumlah_kader_bertugas": kader,
        "B1": kader, "B2": "ya" if rng.random() < 0.8 else "tidak", "B3": 1,
        "B4": "ya" if good else "tidak", "B5": "baik" if good else rng.choice(("cukup", "kurang")),
        "C2": "ya", "C4": rng.choice(("tinggi", "sedang", "rendah")), "D6": "-"}
    for n in range(1, 6):
        answers[f"A{n}"] = {"dilaksanakan": "ya", "sesuai_standar": "ya" if good or rng.random() < 0.6 else "sebagian"}
    return answers


def add_bulk_records(anchor: dt.date, seed: int = 11) -> int:
    """Records for every active posyandu of every puskesmas; returns the number of answers indexed."""
    rng = random.Random(seed)
    skills = [(s.code, s.area, s.label) for s in catalogue.skills()]
    snapshot = json.dumps({code: [area, label] for code, area, label in skills}, ensure_ascii=False, sort_keys=True)
    codes = [code for code, _, _ in skills]
    pm, op, oi = (by_step(s) for s in (SELF_ASSESSMENT, SERVICE_OBSERVATION, INDIVIDUAL_OBSERVATION))
    first_round = pm.roles.rounds[0] if pm.roles and pm.roles.rounds else None
    graded = [item.key for section in oi.sections if section.kind == "grid" for item in section.items][:13]
    bidan = {d: s for d, s in rows(Staff.select(Staff.desa, Staff.id).where(Staff.role == "bidan_desa").tuples())}
    kader_by_posyandu: dict[int, list[int]] = {}
    for k, p in rows(Kader.select(Kader.id, Kader.posyandu).where(Kader.active).tuples()):
        kader_by_posyandu.setdefault(p, []).append(k)
    next_id = (DB.execute_sql("SELECT COALESCE(MAX(id), 0) FROM instrument_record").fetchone()[0]) + 1
    now = dt.datetime.now().isoformat(sep=" ")
    records: list[tuple] = []
    indexed: list[tuple] = []

    def add(inst, answers: dict, puskesmas: int, posyandu: int, kader: int | None, staff: int | None,
            round_: str | None = None) -> None:
        nonlocal next_id
        records.append((next_id, inst.id, inst.version, puskesmas, posyandu, kader, staff, answers["tanggal"],
                        round_, json.dumps(answers, ensure_ascii=False, sort_keys=True), snapshot, "kertas", now,
                        now, 1))
        indexed.extend((next_id, r.item, r.skill, r.kader_id, r.value, r.priority)
                    for r in answer_rows(inst, answers, skills, kader))
        next_id += 1

    posyandu = dict_rows(Posyandu.select(Posyandu.id, Posyandu.service_day, Desa.id.alias("desa_id"),
                                         Desa.puskesmas.alias("puskesmas_id")).join(Desa).where(Posyandu.active).dicts())
    for p in posyandu:
        day, staff, kader = p["service_day"] or 10, bidan.get(p["desa_id"]), kader_by_posyandu.get(p["id"], [])
        for k in kader:
            answers = {"kader": k, "posyandu": p["id"], "putaran": first_round, "tanggal": month_date(anchor, 20, day),
                       **self_assessment_answers(rng, codes, 0.0)}
            add(pm, answers, p["puskesmas_id"], p["id"], k, None, first_round)
        for months_back in OBSERVATION_MONTHS:
            add(op, _observation(rng, p["id"], staff, month_date(anchor, months_back, day), len(kader)),
                p["puskesmas_id"], p["id"], None, staff)
        for months_back in INDIVIDUAL_MONTHS:
            if kader:
                k = rng.choice(kader)
                cells = {key: {"nilai": rng.choice(("sesuai", "sesuai", "belum", "tb"))} for key in graded}
                add(oi, {"kader": k, "posyandu": p["id"], "supervisor": staff, "setting": "kunjungan_rumah",
                         "tanggal": month_date(anchor, months_back, day + 7), **cells},
                    p["puskesmas_id"], p["id"], k, staff)
    # Into the throwaway build file (SQLite) with the indexes of the two big tables dropped, then built again once
    # over sorted data: millions of random index inserts cost more than the rows themselves (5.8 million answers
    # at 10 kabupaten).
    indexes = list(rows(DB.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('instrument_record', 'record_answer')")))
    with DB.atomic():
        for name, _ in indexes:
            DB.execute_sql(f'DROP INDEX "{name}"')
        bulk_insert("instrument_record", ["id", "instrument", "instrument_version", "puskesmas_id", "posyandu_id",
                                          "kader_id", "supervisor_id", "activity_date", "round", "answers", "skills",
                                          "origin", "created_at", "updated_at", "version"], records)
        bulk_insert("record_answer", ["record_id", "item", "skill", "kader_id", "value", "priority"], indexed)
        for _, sql in indexes:
            DB.execute_sql(sql)
    return len(indexed)
