"""Analysis screens' data: the kader × skill grid and the classification/training overview (SQL aggregates)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from desktop.models import skills as catalogue
from desktop.models.people import Kader, Posyandu
from desktop.models.records import InstrumentRecord, RecordAnswer
from desktop.models.wilayah import Desa, Puskesmas

# Latest result per kader and skill on one scale: 1 not yet, 2 learning, 3 done right.
LEVEL = {("penilaian_mandiri", "1"): 1, ("penilaian_mandiri", "2"): 2, ("penilaian_mandiri", "3"): 3,
         ("observasi_individu", "belum"): 1, ("observasi_individu", "tidak"): 1,
         ("observasi_individu", "sesuai"): 3}
LEVEL_LABELS = {1: "Belum bisa / belum sesuai", 2: "Sedang belajar", 3: "Sudah bisa / sesuai standar"}


@dataclass
class Grid:
    """Rows: kader (weakest first); columns: skills (weakest first); cells: latest level or None."""

    kader: list[tuple[int, str, str]]  # (id, name, posyandu)
    skills: list[tuple[str, str]]  # (code, label)
    cells: dict[tuple[int, str], int]

    def weak_count(self, kader_id: int) -> int:
        return sum(1 for (k, _), level in self.cells.items() if k == kader_id and level < 3)


def skill_grid(puskesmas: Puskesmas, posyandu_id: int | None = None, desa_id: int | None = None) -> Grid:
    """Each active kader's latest result per skill from self-assessments and individual observations."""
    kader_query = (Kader.select(Kader.id, Kader.name, Posyandu.name.alias("posyandu_name")).join(Posyandu).join(Desa)
                   .where(Desa.puskesmas == puskesmas, Kader.active, Posyandu.active))
    if posyandu_id:
        kader_query = kader_query.where(Posyandu.id == posyandu_id)
    if desa_id:
        kader_query = kader_query.where(Desa.id == desa_id)
    kader = [(k.id, k.name, k.posyandu_name) for k in kader_query.objects()]
    latest: dict[tuple[int, str], tuple[dt.date, int]] = {}
    answers = (RecordAnswer.select(RecordAnswer.kader, RecordAnswer.skill, RecordAnswer.value,
                                   InstrumentRecord.instrument, InstrumentRecord.activity_date)
               .join(InstrumentRecord)
               .where(InstrumentRecord.puskesmas == puskesmas, InstrumentRecord.deleted_at.is_null(),
                      InstrumentRecord.instrument.in_(("penilaian_mandiri", "observasi_individu")),
                      RecordAnswer.skill.is_null(False), RecordAnswer.kader.in_(kader_query.select(Kader.id)))
               .tuples())
    for kader_id, skill, value, instrument, day in answers:
        level = LEVEL.get((instrument, value))
        if level is None:
            continue
        key = (kader_id, skill)
        if key not in latest or day >= latest[key][0]:
            latest[key] = (day, level)
    cells = {key: level for key, (_, level) in latest.items()}
    skills = [(s.code, s.label) for s in catalogue.skills()]
    weak = {code: sum(1 for (_, s), level in cells.items() if s == code and level < 3) for code, _ in skills}
    skills.sort(key=lambda s: -weak[s[0]])
    grid = Grid(kader, skills, cells)
    grid.kader.sort(key=lambda k: (-grid.weak_count(k[0]), k[1]))
    return grid


@dataclass(frozen=True)
class ClassificationRow:
    posyandu: str
    desa: str
    kader: int
    purwa: int
    madya: int
    utama: int
    not_assessed: int
    trained: int


def classification_overview(puskesmas: Puskesmas) -> list[ClassificationRow]:
    """Purwa/Madya/Utama counts, not yet assessed, and trained kader per active posyandu (one query)."""
    active = Kader.active == True  # noqa: E712 (peewee expression)

    def count(condition):
        return peewee.fn.COUNT(Kader.id).filter(active & condition)

    query = (Posyandu.select(Posyandu.name, Desa.name.alias("desa"), peewee.fn.COUNT(Kader.id).filter(active)
                             .alias("kader"),
                             count(Kader.classification == "purwa").alias("purwa"),
                             count(Kader.classification == "madya").alias("madya"),
                             count(Kader.classification == "utama").alias("utama"),
                             count(Kader.classification.is_null()).alias("not_assessed"),
                             count(Kader.training_status == "sudah").alias("trained"))
             .join(Desa).switch(Posyandu).join(Kader, peewee.JOIN.LEFT_OUTER)
             .where(Desa.puskesmas == puskesmas, Posyandu.active).group_by(Posyandu.id)
             .order_by(Desa.name, Posyandu.name).dicts())
    return [ClassificationRow(r["name"], r["desa"], r["kader"], r["purwa"], r["madya"], r["utama"],
                              r["not_assessed"], r["trained"]) for r in query]
