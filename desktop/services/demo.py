"""Deterministic demo databases: a realistic puskesmas (`small`) or a whole kabupaten (`kabupaten`)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from desktop.models.db import DB, bulk_insert
from desktop.models.errors import UserError
from desktop.models.kader_history import ClassificationAssessment, TrainingRecord
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.schema import open_database
from desktop.models.settings import CURRENT_PUSKESMAS, set_setting
from desktop.models.teams import SkDecree, SkMember, TechnicalAssignment
from desktop.models.wilayah import Desa, Kabupaten, Kecamatan, Puskesmas
from desktop.services import demo_names as names


@dataclass(frozen=True)
class Scale:
    """How big a demo database is."""

    puskesmas: int
    kecamatan_per_puskesmas: int
    desa_per_puskesmas: int
    posyandu_per_puskesmas: int
    kader_per_posyandu: tuple[int, int]
    kabupaten: int = 1  # each with `puskesmas` puskesmas


SCALES = {
    "small": Scale(1, 2, 8, 30, (4, 6)),
    "kabupaten": Scale(40, 1, 6, 38, (5, 8)),  # 40 x 38 = 1,520 posyandu, ~9,900 kader
    "kabupaten3": Scale(40, 1, 6, 38, (5, 8), kabupaten=3),  # the growth measurements between 1x and 10x
    "provinsi": Scale(40, 1, 6, 38, (5, 8), kabupaten=10),  # 400 puskesmas, 15,200 posyandu, ~99,000 kader
}
KABUPATEN = ("Bekasi", "Karawang", "Purwakarta", "Subang", "Bogor", "Cianjur", "Sukabumi", "Bandung", "Garut",
             "Tasikmalaya")


class _Builder:
    """Collects rows per table with explicit ids, then writes them in one transaction."""

    def __init__(self, seed: int, anchor: dt.date) -> None:
        self.rng = random.Random(seed)
        self.anchor = anchor
        self.rows: dict[type, list[dict]] = {}
        self.niks: set[str] = set()

    def add(self, model: type, **values: object) -> int:
        table = self.rows.setdefault(model, [])
        values["id"] = len(table) + 1
        table.append(values)
        return values["id"]  # type: ignore[return-value]

    def person_name(self, female: bool = True) -> str:
        rng = self.rng
        if female:
            return f"{rng.choice(names.FEMALE_FIRST)} {rng.choice(names.FEMALE_SECOND)}"
        return f"{rng.choice(names.MALE_FIRST)} {rng.choice(names.MALE_SECOND)}"

    def nip(self) -> str:
        rng = self.rng
        born = dt.date(rng.randint(1972, 1995), rng.randint(1, 12), rng.randint(1, 28))
        appointed = f"{rng.randint(2000, 2022)}{rng.randint(1, 12):02d}"
        return f"{born:%Y%m%d}{appointed}{rng.randint(1, 2)}{rng.randint(1, 20):03d}"

    def nik(self, kecamatan_code: int, birth: dt.date, female: bool) -> str:
        day = birth.day + (40 if female else 0)
        while True:
            value = f"3216{kecamatan_code:02d}{day:02d}{birth:%m%y}{self.rng.randint(1, 9999):04d}"
            if value not in self.niks:
                self.niks.add(value)
                return value

    def phone(self) -> str:
        prefix = self.rng.choice(("12", "13", "21", "52", "57", "77", "81", "95"))
        return f"08{prefix}{self.rng.randint(10**7, 10**8 - 1)}"

    def write(self) -> None:
        order = (Kabupaten, Puskesmas, Kecamatan, Desa, Posyandu, Kader, Staff, TrainingRecord,
                 ClassificationAssessment, TechnicalAssignment, SkDecree, SkMember)
        with DB.atomic():
            for model in order:
                rows = self.rows.get(model, [])
                if not rows:
                    continue
                columns = list(rows[0])
                fields = [model._meta.fields[c].column_name if c in model._meta.fields else c for c in columns]
                bulk_insert(model._meta.table_name, fields, [tuple(r[c] for c in columns) for r in rows])


def _fill(b: _Builder, scale: Scale) -> None:
    """Generate every row; puskesmas 1 is the office's own."""
    desa_stems = iter(_names_forever(names.DESA_STEMS))
    kec_names = iter(_names_forever(names.KECAMATAN))
    for k in range(scale.kabupaten):
        kab = b.add(Kabupaten, name=KABUPATEN[k % len(KABUPATEN)], is_kota=False)
        for p in range(scale.puskesmas):
            _puskesmas(b, scale, kab, p, kec_names, desa_stems)
    _teams(b, random.Random(b.rng.random()))


def _puskesmas(b: _Builder, scale: Scale, kab: int, p: int, kec_names, desa_stems) -> None:
    """One puskesmas of kabupaten `kab`: kecamatan, desa, staff, posyandu and their kader."""
    rng = b.rng
    kab_name = b.rows[Kabupaten][kab - 1]["name"]
    kecamatans = [
        (b.add(Kecamatan, kabupaten_id=kab, name=next(kec_names)), k + 1)
        for k in range(scale.kecamatan_per_puskesmas)
    ]
    pkm_name = b.rows[Kecamatan][kecamatans[0][0] - 1]["name"]
    pkm = b.add(
        Puskesmas, kabupaten_id=kab, name=f"Puskesmas {pkm_name}" + (f" {p // 20 + 1}" if p >= 20 else ""),
        address=f"{rng.choice(names.STREETS)} {pkm_name} No. {rng.randint(1, 120)}, Kabupaten {kab_name}",
        phone=f"021-{rng.randint(8900000, 8999999)}", email=f"pkm.{pkm_name.lower().replace(' ', '')}@example.id",
        logo=None, kepala_name=f"dr. {b.person_name(rng.random() < 0.6)}", kepala_nip=b.nip(),
        pj_promkes_name=f"{b.person_name()}, S.KM.", pj_promkes_nip=b.nip(),
        postal_code=f"173{rng.randint(10, 99)}", sign_place="",
    )
    desa_ids = []
    for d in range(scale.desa_per_puskesmas):
        kec, kec_code = kecamatans[d * len(kecamatans) // scale.desa_per_puskesmas]
        desa_ids.append((b.add(Desa, kecamatan_id=kec, puskesmas_id=pkm, name=next(desa_stems),
                               is_kelurahan=(d == scale.desa_per_puskesmas - 1)), kec_code))
    _staff(b, pkm, desa_ids)
    for n in range(scale.posyandu_per_puskesmas):
        desa_id, kec_code = desa_ids[n % len(desa_ids)]
        _posyandu(b, scale, desa_id, kec_code, n)


def _teams(b: _Builder, rng: random.Random) -> None:
    """Technical assignments (bidan desa to their desa, PJ Gizi/perawat/PJ Promkes to a few, some posyandu left
    without anyone) and one SK per desa — a few expired, expiring soon or missing, as in real offices."""
    anchor = b.anchor
    posyandu_by_desa: dict[int, list[int]] = {}
    for p in b.rows[Posyandu]:
        posyandu_by_desa.setdefault(p["desa_id"], []).append(p["id"])
    staff = b.rows[Staff]
    for desa in b.rows[Desa]:
        own = posyandu_by_desa.get(desa["id"], [])
        bidan = next(s["id"] for s in staff if s["desa_id"] == desa["id"] and s["role"] == "bidan_desa")
        helpers = [s["id"] for s in staff if s["puskesmas_id"] == desa["puskesmas_id"]
                   and s["role"] in ("pj_promkes", "pj_gizi", "perawat")]
        for n, posyandu in enumerate(own):
            since = anchor - dt.timedelta(days=rng.randint(30, 700))
            if n < len(own) - 1 or rng.random() < 0.6:  # the desa's last posyandu sometimes has nobody
                b.add(TechnicalAssignment, staff_id=bidan, posyandu_id=posyandu, since=since, until=None)
            if rng.random() < 0.25:
                b.add(TechnicalAssignment, staff_id=rng.choice(helpers), posyandu_id=posyandu, since=since, until=None)
        fate = rng.random()
        if fate < 0.1:
            continue  # no SK yet
        signed = anchor - dt.timedelta(days=rng.randint(40, 700))
        until = (anchor - dt.timedelta(days=rng.randint(5, 60)) if fate < 0.2 else
                 anchor + dt.timedelta(days=rng.randint(3, 25)) if fate < 0.3 else
                 dt.date(signed.year + rng.choice((1, 2, 3)), 12, 31))
        title = "Lurah" if desa["is_kelurahan"] else "Kepala Desa"
        sk = b.add(SkDecree, desa_id=desa["id"], number=f"{rng.randint(100, 199)}/Kep.{rng.randint(1, 60):02d}/"
                   f"{'Kel' if desa['is_kelurahan'] else 'Ds'}/{signed.year}", signed_on=signed,
                   signer=b.person_name(rng.random() < 0.3), signer_title=title, valid_from=signed, valid_until=until,
                   file_name="", file_data=None, created_at=dt.datetime.combine(signed, dt.time(9)))
        members = [s for s in staff if s["desa_id"] == desa["id"] and s["role"] in ("aparat_desa", "tp_posyandu")]
        for position, person in enumerate(members):
            origin = "Pemerintah Desa" if person["role"] == "aparat_desa" else "TP Posyandu"
            b.add(SkMember, decree_id=sk, position=position, name=person["name"],
                  role=("Ketua", "Sekretaris")[position] if position < 2 else "Anggota", origin=origin,
                  phone=person["phone"])


def _names_forever(stems: tuple[str, ...]):
    """Yield the stems, then numbered variants, so large demos never repeat a name."""
    round_ = 0
    while True:
        for stem in stems:
            yield stem if round_ == 0 else f"{stem} {('Jaya', 'Makmur', 'Indah', 'Baru', 'Asri', 'Mulya')[round_ % 6]}"
        round_ += 1


def _staff(b: _Builder, pkm: int, desa_ids: list[tuple[int, int]]) -> None:
    rng = b.rng
    first_puskesmas = pkm == 1
    row = b.rows[Puskesmas][pkm - 1]
    b.add(Staff, puskesmas_id=pkm, desa_id=None, name=row["pj_promkes_name"], nip=row["pj_promkes_nip"],
          role="pj_promkes", phone=b.phone(), active=True)
    b.add(Staff, puskesmas_id=pkm, desa_id=None, name=f"{b.person_name()}, S.Gz.", nip=b.nip(), role="pj_gizi",
          phone=b.phone(), active=True)
    b.add(Staff, puskesmas_id=pkm, desa_id=None, name=f"{b.person_name(False)}, Amd.Kep.", nip=b.nip(),
          role="perawat", phone=b.phone(), active=True)
    for desa_id, _ in desa_ids:
        b.add(Staff, puskesmas_id=pkm, desa_id=desa_id, name=f"{b.person_name()}, {rng.choice(names.TITLES_NAKES[:2])}",
              nip=b.nip() if rng.random() < 0.7 else "", role="bidan_desa", phone=b.phone(), active=True)
        for role in ("aparat_desa", "tp_posyandu", "tp_posyandu")[: 3 if first_puskesmas else 2]:
            b.add(Staff, puskesmas_id=pkm, desa_id=desa_id, name=b.person_name(rng.random() < 0.6), nip="",
                  role=role, phone=b.phone(), active=True)


def _posyandu(b: _Builder, scale: Scale, desa_id: int, kec_code: int, n: int) -> None:
    rng, anchor = b.rng, b.anchor
    stem = names.POSYANDU_NAMES[n % len(names.POSYANDU_NAMES)]
    name = f"{stem} {n // len(names.POSYANDU_NAMES) + 1}"
    own = b.rows[Desa][desa_id - 1]["puskesmas_id"] == 1
    if own and n == 9:  # the guideline's examples: "Pelangi A" here, "Melati 2" comes out of the naming (n = 20)
        name = "Pelangi A"
    new_posyandu = rng.random() < 0.07
    established = (anchor - dt.timedelta(days=rng.randint(60, 330))) if new_posyandu else dt.date(
        rng.randint(1986, anchor.year - 2), rng.randint(1, 12), rng.randint(1, 28))
    pos = b.add(Posyandu, desa_id=desa_id, name=name, address=f"{rng.choice(names.STREETS)} No. {rng.randint(1, 80)}",
                rt_rw=f"{rng.randint(1, 12):03d}/{rng.randint(1, 9):03d}", established=established,
                service_day=rng.randint(1, 28), active=rng.random() > 0.02)
    for k in range(rng.randint(*scale.kader_per_posyandu)):
        female = rng.random() < 0.93
        kader_name = b.person_name(female)
        if own and name in ("Melati 2", "Pelangi A") and k == 0:
            kader_name = "Rina Marlina" if name == "Melati 2" else "Aminah Rahayu"
        birth = dt.date(rng.randint(1962, 2002), rng.randint(1, 12), rng.randint(1, 28))
        start_year = anchor.year if (new_posyandu or rng.random() < 0.12) else rng.randint(max(2008, birth.year + 18),
                                                                                          anchor.year - 1)
        training = rng.choices(("sudah", "sedang", "belum"), weights=(55, 10, 35))[0]
        assessed = training == "sudah" and rng.random() < 0.45
        level = rng.choices(("purwa", "madya", "utama"), weights=(50, 35, 15))[0] if assessed else None
        assessed_on = (anchor - dt.timedelta(days=rng.randint(7, 180))) if assessed else None
        kader = b.add(
            Kader, posyandu_id=pos, name=kader_name,
            nik=b.nik(kec_code, birth, female) if rng.random() < 0.85 else None,
            phone=b.phone() if rng.random() < 0.9 else "", sex="P" if female else "L", birth_date=birth,
            start_year=start_year, training_status=training,
            classification=level, classification_date=assessed_on, active=rng.random() > 0.03,
        )
        if training != "belum":
            batch = rng.randint(1, 4)
            b.add(TrainingRecord, kader_id=kader, batch=f"Batch {batch} - Angkatan {batch * 3 - rng.randint(0, 2)}",
                  online_progress=100 if training == "sudah" else rng.choice((45, 70, 97)),
                  practice_done_on=anchor - dt.timedelta(days=rng.randint(200, 900)) if training == "sudah" else None,
                  certificate_date=anchor - dt.timedelta(days=rng.randint(190, 890)) if training == "sudah" else None,
                  notes="")
        if assessed:
            b.add(ClassificationAssessment, kader_id=kader, level=level, assessed_on=assessed_on,
                  assessor="Tim Penguji Bapelkes", source="Uji kompetensi kader", created_at=dt.datetime.now())


def build_demo(path: Path, scale: str = "small", *, anchor: dt.date | None = None, seed: int = 2026) -> None:
    """Create a demo database at `path` (which must not hold data yet), left open.

    It is built in a temporary file beside `path` and renamed into place only when complete, so a killed build
    leaves nothing half-made under the final name (and the next `demo` simply starts again)."""
    import os

    from desktop.models.db import close_db, process_alive

    if scale not in SCALES:
        raise UserError(f"Skala demo '{scale}' tidak dikenal; pilih salah satu: {', '.join(SCALES)}.")
    if path.exists() and path.stat().st_size > 0:
        open_database(path)
        has_data = Kabupaten.select().exists()
        close_db()
        if has_data:
            raise UserError(f"Basis data {path} sudah berisi data; demo hanya dibuat pada basis data kosong.")
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{path.name}.*.membangun*"):  # left by a build that was killed
        pid = stale.name.split(".")[-2] if stale.name.endswith(".membangun") else ""
        if not (pid.isdigit() and process_alive(int(pid))):
            stale.unlink(missing_ok=True)
    building = path.with_name(f".{path.name}.{os.getpid()}.membangun")
    try:
        open_database(building, create=True)
        # A throwaway file until renamed: no journal, no fsync, a large page cache (a province is 5 million
        # indexed answers; a killed build is deleted, never opened)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -262144"):
            DB.execute_sql(f"PRAGMA {pragma}")
        _build(building, scale, anchor, seed)
        close_db()
        building.replace(path)
    finally:
        close_db()
        for leftover in (building, *(building.with_name(building.name + s) for s in ("-wal", "-shm", ".terbuka"))):
            leftover.unlink(missing_ok=True)
    open_database(path)


def _build(path: Path, scale: str, anchor: dt.date | None, seed: int) -> None:
    builder = _Builder(seed, anchor or dt.date.today())
    _fill(builder, SCALES[scale])
    builder.write()
    set_setting(CURRENT_PUSKESMAS, "1")
    if scale == "small":
        from desktop.services.demo_records import add_demo_records

        with DB.atomic():
            add_demo_records(builder.anchor)
    else:
        from desktop.services.demo_bulk import add_bulk_records

        add_bulk_records(builder.anchor)
    _demo_schedule(builder.anchor)


def _demo_schedule(anchor: dt.date) -> None:
    """This month planned as the rules propose; one visit postponed, so Jadwal and the due list have content."""
    from desktop.models.settings import current_puskesmas
    from desktop.services import schedule

    puskesmas = current_puskesmas()
    planned = schedule.accept_plan(puskesmas, schedule.propose_month(puskesmas, anchor.year, anchor.month, anchor))
    rng = random.Random(anchor.toordinal())
    for activity in planned:  # most of what was planned before today has been done
        if activity.date < anchor and rng.random() < 0.8:
            activity.status = "selesai"
            activity.save()
    from desktop.instruments.definition import MENTORING
    from desktop.instruments.loader import by_step

    mentoring = [a for a in planned if a.kind == by_step(MENTORING).id and a.status == "rencana"]
    if mentoring:
        schedule.set_status(mentoring[0], "ditunda", "Bertepatan dengan kegiatan desa; dijadwalkan ulang")
