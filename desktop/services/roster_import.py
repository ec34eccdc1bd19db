"""Kader roster import from real office files (.xlsx, .xls, .ods, .csv): finds the header under title rows,
maps Indonesian column names, reads Excel dates, day-first text dates (month-first only when a column proves it)
and phone numbers typed as numbers, detects duplicates (same NIK, or same name + posyandu + birth date) and updates
instead of duplicating. Classification (Purwa/Madya/Utama) and training columns come in as recorded facts; columns
it does not use are named; a kader moved to another posyandu is a decision the user confirms.

All or nothing: `check()` lists every problem by Excel row and column in one pass; `apply()` writes in one
transaction. The field rules are those of models/kader_rules.py, shared with the kader dialog.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import functools
import gc
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import peewee

from desktop.models import db
from desktop.models import kader_rules as rules
from desktop.models.db import DB, bulk_insert
from desktop.models.errors import UserError
from desktop.models.nik import mask_nik
from desktop.models.people import Kader, Posyandu
from desktop.models.wilayah import Desa, Kecamatan, Puskesmas
from desktop.services import auth
from desktop.services.roster_values import (
    CLASSIFICATION,
    SEX,
    TRAINING,
    DateReader,
    date_orders,
    text_of,
)

# Target fields, with the column title the export writes first and the other names offices use.
FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("Nama Kader", "nama", "nama lengkap", "nama kader posyandu", "nama anggota"),
    "nik": ("NIK", "no nik", "nomor nik", "no ktp", "nik ktp", "nomor induk kependudukan"),
    "phone": ("No. HP/WA", "no hp", "no hp wa", "nomor hp", "hp", "hp wa", "no telp", "telepon", "no wa", "wa",
              "whatsapp", "no telepon", "kontak"),
    "sex": ("Jenis Kelamin", "jk", "l p", "lp", "sex", "kelamin"),
    "birth_date": ("Tanggal Lahir", "tgl lahir", "tgl lhr", "tanggal lhr", "lahir"),
    "posyandu": ("Nama Posyandu", "posyandu", "pos", "posyandu asal"),
    "desa": ("Desa/Kel", "desa", "desa kelurahan", "kelurahan", "kel desa", "desa kel"),
    "start_year": ("Tahun Mulai", "tahun mulai jadi kader", "tahun menjadi kader", "mulai jadi kader",
                   "tahun bergabung", "tahun mulai kader", "mulai tahun"),
    "training": ("Status Pelatihan", "pelatihan", "sudah dilatih", "status latih", "terlatih"),
    "classification": ("Klasifikasi", "klasifikasi kader", "tingkat kader", "strata", "strata kader", "tingkatan",
                       "tingkat klasifikasi", "kategori kader"),
    "classification_date": ("Tanggal Klasifikasi", "tgl klasifikasi", "tanggal penilaian", "tgl penilaian",
                            "tanggal uji kompetensi", "tgl uji kompetensi"),
    "training_batch": ("Angkatan Pelatihan", "angkatan", "batch pelatihan", "angkatan latih", "batch"),
    "certificate_date": ("Tanggal Sertifikat", "tgl sertifikat", "tanggal sertifikat pelatihan", "sertifikat"),
}
LABELS = {"name": "Nama kader", "nik": "NIK", "phone": "No. HP/WA", "sex": "Jenis kelamin",
          "birth_date": "Tanggal lahir", "posyandu": "Nama posyandu", "desa": "Desa/kelurahan",
          "start_year": "Tahun mulai", "training": "Status pelatihan", "classification": "Klasifikasi",
          "classification_date": "Tanggal klasifikasi", "training_batch": "Angkatan pelatihan",
          "certificate_date": "Tanggal sertifikat"}
REQUIRED = ("name", "posyandu")
DATE_FIELDS = ("birth_date", "classification_date", "certificate_date")
CHUNK = 500  # NIKs per IN (...) query
HEADER_SCAN = 20  # header row searched among the first rows (title rows above it are common)
FUZZY_ORDER = ("classification_date", "certificate_date", "training_batch", "classification", "posyandu", "nik",
               "phone", "birth_date", "desa", "start_year", "training", "sex", "name")
KADER_COLUMNS = ["posyandu_id", "name", "nik", "phone", "sex", "birth_date", "start_year", "training_status",
                 "classification", "classification_date", "active"]  # of the bulk insert of new kader
IMPORT_SOURCE = "impor daftar"
UNDATED_SOURCE = "impor daftar (tanggal penilaian tidak tercatat)"
# How a user allows what the check refused, in the app and on the command line.
HINTS = {"gui": {"create_missing": "Centang “Buat posyandu/desa yang belum tercatat”",
                 "moves": "Centang “Izinkan kader pindah posyandu”"},
         "cli": {"create_missing": "Tambahkan opsi --buat-baru", "moves": "Tambahkan opsi --pindah"}}

NON_ALNUM = re.compile(r"[^a-z0-9]+")
POSYANDU_PREFIX = re.compile(r"^posyandu\s+", re.IGNORECASE)  # "Posyandu Mawar" -> "Mawar"


@functools.lru_cache(maxsize=512)  # a roster repeats a handful of L/P and training words on every row
def _norm(text: object) -> str:
    return NON_ALNUM.sub(" ", str(text).lower()).strip()


ALIASES = {_norm(alias): key for key, names in FIELDS.items() for alias in names}
NORMALIZED = {key: tuple(_norm(a) for a in names) for key, names in FIELDS.items()}


class RosterError(UserError):
    """The file cannot be imported; `problems` names every row and column at fault."""

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:30]
        more = f"\n… dan {len(problems) - len(shown)} masalah lain." if len(problems) > len(shown) else ""
        super().__init__("Daftar kader belum dapat diimpor; tidak ada yang disimpan:\n"
                         + "\n".join(f"• {p}" for p in shown) + more)
        self.problems = problems


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """A 10,000-row roster makes some 100,000 small objects at once (cells, rows, values); the cycle collector
    would walk them over and over (≈10% of an import) though none of them form cycles. It runs again after, with
    what is still alive moved to its oldest generation (freeze, unfreeze), not walked at once as young objects."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


# --- reading ---------------------------------------------------------------------------------------------------


def read_cells(path: Path) -> list[list[object]]:
    """Every row of the first sheet (or the CSV) as cell values; '' for an empty cell. The file is checked by the
    bounded reader first (size, extent, zip bombs, encryption, CSV encoding)."""
    from desktop.services.spreadsheet import read_rows

    return read_rows(path)


def detect_mapping(header: list[object]) -> dict[str, int]:
    """Field -> column index, from the header's titles (exact alias first, then a title containing one)."""
    mapping: dict[str, int] = {}
    titles = [_norm(h) for h in header]
    for index, title in enumerate(titles):
        key = ALIASES.get(title)
        if key and key not in mapping:
            mapping[key] = index
    for index, title in enumerate(titles):
        if not title or index in mapping.values():
            continue
        for key in FUZZY_ORDER:
            if key not in mapping and any(alias in title.split() or (len(alias) > 3 and alias in title)
                                          for alias in NORMALIZED[key]):
                mapping[key] = index
                break
    return mapping


@dataclass
class RosterFile:
    """A read file: its header row (1-based, as Excel shows it), titles, data rows and the detected mapping."""

    path: Path
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[object]]]  # (Excel row number, cells)
    mapping: dict[str, int]


@_without_cycle_collection()
def read_roster(path: Path) -> RosterFile:
    """Read a file and find its header: the row among the first ones naming the most known columns."""
    cells = read_cells(Path(path))
    best, best_score = -1, 0
    for index, row in enumerate(cells[:HEADER_SCAN]):
        mapping = detect_mapping(row)
        score = len(mapping) + (2 if "name" in mapping else 0)
        if score > best_score and len(mapping) >= 2:
            best, best_score = index, score
    if best < 0:
        raise UserError(f"Berkas {Path(path).name}: baris judul kolom tidak ditemukan di {HEADER_SCAN} baris "
                        "pertama. Pastikan ada kolom seperti “Nama Kader” dan “Nama Posyandu”.")
    header = cells[best]
    width = max(map(len, cells))
    header_key = [_norm(c) for c in header]
    probe = detect_mapping(header).get("name", 0)
    # The probe cell (the name column's) of a repeated header: the same words, whatever the case and punctuation
    # around them (_norm's equality, as one pattern on the lowered text).
    words = header_key[probe].split() if probe < len(header_key) else []
    titled = re.compile("[^a-z0-9]*" + "[^a-z0-9]+".join(map(re.escape, words)) + "[^a-z0-9]*").fullmatch
    body = cells[best + 1:]
    probes = [row[probe] for row in body] if set(map(len, body)) <= {width} else []
    texts = cast("list[str]", probes) if set(map(type, probes)) <= {str} and len(probes) == len(body) else [""]
    if all(map(str.strip, texts)) and not any(map(titled, map(str.lower, texts))):
        # the usual file: one width, no blank row (its name cell says so), no repeated header
        numbered = list(zip(range(best + 2, len(cells) + 1), body, strict=True))
        return RosterFile(Path(path), best + 1, _headers(header, width), numbered, detect_mapping(header))
    rows = []
    for index in range(best + 1, len(cells)):
        row = cells[index] if len(cells[index]) == width else list(cells[index]) + [""] * (width - len(cells[index]))
        first = row[probe]
        if not (isinstance(first, str) and first and not first.isspace()):  # else the row is not blank
            if not "".join(map(str, row)).strip():  # blank: every cell empty or spaces
                continue
        if titled(str(first).lower()) and [_norm(c) for c in cells[index]] == header_key:
            continue  # the header repeated (printed rosters repeat it on every page)
        rows.append((index + 1, row))
    return RosterFile(Path(path), best + 1, _headers(header, width), rows, detect_mapping(header))


def _headers(header: list[object], width: int) -> list[str]:
    return [rules.clean_text(h, required=False, limit=10_000)[:60] for h in header] + [""] * (width - len(header))


def unused_columns(roster: RosterFile, mapping: dict[str, int]) -> list[str]:
    """Titles of the columns the import leaves aside (with any content), so nothing is dropped silently."""
    used = set(mapping.values())
    names = []
    for index, title in enumerate(roster.headers):
        if index in used:
            continue
        if title or any(index < len(cells) and str(cells[index]).strip() for _, cells in roster.rows):
            names.append(title or f"(kolom {index + 1})")
    return names


# --- checking ----------------------------------------------------------------------------------------------------


@dataclass
class KaderRow:
    row: int
    name: str
    nik: str | None
    phone: str
    sex: str
    birth_date: dt.date | None
    posyandu: str
    desa: str
    start_year: int | None
    training: str | None  # None: keep what the database has
    classification: str | None = None  # purwa/madya/utama; None: keep
    classification_date: dt.date | None = None
    training_batch: str = ""
    certificate_date: dt.date | None = None
    posyandu_id: int | None = None  # None: a posyandu the import creates
    action: str = "baru"  # baru / diperbarui / tidak berubah / pindah


@dataclass
class Move:
    """An existing kader whom a row puts at another posyandu."""

    row: int
    kader_id: int
    name: str
    nik: str
    old: str
    new: str
    open_follow_ups: int

    def describe(self) -> str:
        follow = (f"; {self.open_follow_ups} tindak lanjut terbuka tentang dia ikut pindah ke Posyandu {self.new}"
                  if self.open_follow_ups else "")
        return f"Baris {self.row}: {self.name} pindah dari Posyandu {self.old} ke Posyandu {self.new}{follow}"


@dataclass
class Plan:
    """What an import would do; `problems` empty means it can be applied."""

    rows: list[KaderRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    creates: int = 0
    updates: int = 0
    unchanged: int = 0
    new_posyandu: list[tuple[str, str]] = field(default_factory=list)  # (desa, posyandu)
    new_desa: list[str] = field(default_factory=list)
    matches: dict[int, int] = field(default_factory=dict)  # excel row -> existing kader id
    moves: list[Move] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)  # column titles the import leaves aside
    notes: list[str] = field(default_factory=list)  # how ambiguous columns were read
    puskesmas: Puskesmas | None = None
    create_missing: bool = False
    allow_moves: bool = False

    def summary(self) -> str:
        parts = [f"{self.creates} kader baru", f"{self.updates} kader diperbarui"]
        if self.unchanged:
            parts.append(f"{self.unchanged} tidak berubah")
        if self.moves:
            parts.append(f"{len(self.moves)} kader pindah posyandu")
        if self.new_posyandu:
            parts.append(f"{len(self.new_posyandu)} posyandu baru")
        if self.new_desa:
            parts.append(f"{len(self.new_desa)} desa/kelurahan baru")
        return ", ".join(parts)

    def details(self) -> list[str]:
        """Lines a user reads before importing: moves, how dates were read, unused columns."""
        moves = [move.describe() + "." for move in self.moves] if self.allow_moves else []  # else: problems
        lines = moves + self.notes
        if self.unused:
            lines.append(f"Kolom tidak dipakai (tidak diimpor): {', '.join(self.unused)}.")
        return lines


def _short(text: str, limit: int = 30) -> str:
    """A cell quoted in a message, cut when absurdly long."""
    return text if len(text) <= limit else text[:limit] + "…"


@_without_cycle_collection()
def check(roster: RosterFile, puskesmas: Puskesmas, mapping: dict[str, int] | None = None,
          create_missing: bool = False, today: dt.date | None = None, allow_moves: bool = False,
          hints: str = "gui") -> Plan:
    """Read every row against the mapping and the database; nothing is written. Every problem is found in one pass:
    row errors, duplicates, unknown posyandu and moves together."""
    today = today or dt.date.today()
    mapping = roster.mapping if mapping is None else mapping
    hint = HINTS[hints]
    plan = Plan(puskesmas=puskesmas, create_missing=create_missing, allow_moves=allow_moves)
    for key in REQUIRED:
        if key not in mapping:
            plan.problems.append(f"Kolom “{LABELS[key]}” tidak ditemukan; pilih kolomnya pada pemetaan.")
    if plan.problems:
        return plan
    plan.unused = unused_columns(roster, mapping)

    def column(key: str) -> str:
        return roster.headers[mapping[key]] or LABELS[key]

    def cell(row: list[object], key: str) -> object:
        return _finite(row[mapping[key]]) if key in mapping and mapping[key] < len(row) else ""

    numbers = [n for n, _ in roster.rows]
    found: list[tuple[int, int, str]] = []  # (row index, order within the row, message): sorted back to row order

    narrowest = min((len(r) for _, r in roster.rows), default=0)
    table = list(zip(*(row for _, row in roster.rows), strict=False))  # by column, as wide as the narrowest row
    columns: dict[str, list[object]] = {}

    def column_values(key: str) -> list[object]:
        if key in columns:
            return columns[key]
        index = mapping[key]
        if index >= narrowest:
            values = [cell(row, key) for _, row in roster.rows]
        else:
            values = list(table[index])
            if any(issubclass(kind, float) for kind in set(map(type, values))):  # as cell(), without a call each
                for i in [i for i, v in enumerate(values) if isinstance(v, float) and not math.isfinite(v)]:
                    values[i] = _finite(values[i])
        columns[key] = values
        return values

    def read_column(key: str, order: int, reader: Callable[[object], Any], default: Any = None,
                    repeats: bool = False, whole: Callable[[list[object]], list[Any] | None] | None = None
                    ) -> list[Any]:
        """Every row's value of one column through its rule; a refused cell becomes a problem naming row and
        column. `repeats`: a column of few distinct values (posyandu, L/P, training) is judged once per value.
        A text cell the rule would return unchanged (kader_rules.unchanged: one compiled pattern per column) is
        taken as it is; `whole` reads a column of plain values at once (None: value by value)."""
        if key not in mapping:
            return [default] * len(numbers)
        title = column(key)
        values = column_values(key)
        if whole is not None and (done := whole(values)) is not None:
            return done
        if repeats:  # judged once per distinct value; by type too (1, 1.0 and True differ) unless all are text
            text = set(map(type, values)) == {str}
            keys: list[Any] = values if text else list(zip(map(type, values), values, strict=True))
            judged: dict[Any, tuple[Any, str | None]] = {}
            for seen in dict.fromkeys(keys):
                try:
                    judged[seen] = (reader(seen if text else seen[1]), None)
                except ValueError as exc:
                    judged[seen] = (default, str(exc))
            refused = {seen: error for seen, (_, error) in judged.items() if error is not None}
            if refused:
                found.extend((i, order, f"Baris {numbers[i]}, kolom {title}: {refused[seen]}.")
                             for i, seen in enumerate(keys) if seen in refused)
            results = {seen: result for seen, (result, _) in judged.items()}
            return list(map(results.__getitem__, keys))
        out: list[Any] = list(values)
        for i, plain in enumerate(rules.unchanged(reader, values)):
            if plain:
                continue
            try:
                out[i] = reader(values[i])
            except ValueError as exc:
                out[i] = default
                found.append((i, order, f"Baris {numbers[i]}, kolom {title}: {exc}."))
        return out

    def bad(i: int, order: int, key: str, message: str) -> None:
        found.append((i, order, f"Baris {numbers[i]}, kolom {column(key)}: {message}."))

    readers: dict[str, DateReader] = {}
    for key in DATE_FIELDS:
        if key in mapping:
            order, problem, note = date_orders(list(zip(numbers, column_values(key), strict=True)), column(key))
            if problem:
                plan.problems.append(problem)
            if note:
                plan.notes.append(note)
            readers[key] = DateReader(order if not problem else None)

    # Column by column (the order within a row is kept for the messages): one rule per cell, judged once per
    # distinct value where a column repeats a few words.
    names = read_column("name", 0, rules.clean_name, "")
    posyandus = read_column("posyandu", 1, lambda v: POSYANDU_PREFIX.sub("", rules.clean_text(v, "nama posyandu")),
                            "", repeats=True)
    desas = read_column("desa", 2, lambda v: rules.clean_text(v, "nama desa/kelurahan", required=False), "",
                        repeats=True)
    niks = read_column("nik", 3, rules.clean_nik)
    phones = read_column("phone", 4, rules.clean_phone, "")
    dates = {key: read_column(key, 5 + n, readers[key].read, repeats=True, whole=readers[key].read_column)
             if key in readers else [None] * len(numbers) for n, key in enumerate(DATE_FIELDS)}
    births = dates["birth_date"]
    too_old_or_young: dict[dt.date, str] = {}  # each distinct birth date judged once
    distinct = set(births) - {None}
    # Age only grows as the birth date goes back: when the earliest and the latest pass the rule, all between do.
    if distinct and (_age_problem(min(distinct), today) or _age_problem(max(distinct), today)):
        too_old_or_young = {birth: problem for birth in distinct if (problem := _age_problem(birth, today))}
    if too_old_or_young:
        for i, birth in enumerate(births):
            if birth in too_old_or_young:
                bad(i, 8, "birth_date", too_old_or_young[birth])
    start_years = read_column("start_year", 9, lambda v: rules.clean_start_year(v, today), repeats=True)
    sexes = read_column("sex", 10, lambda v: _choice(v, SEX, "bukan L atau P", empty="P"), "P", repeats=True)
    trainings = read_column("training", 11, lambda v: _choice(v, TRAINING, "bukan Belum/Sedang/Sudah"), repeats=True)
    levels = read_column("classification", 12, lambda v: _choice(v, CLASSIFICATION, "bukan Purwa/Madya/Utama"),
                         repeats=True)
    batches = read_column("training_batch", 14,
                          lambda v: rules.clean_text(v, "angkatan pelatihan", required=False), "", repeats=True)
    oldest = dt.date(2000, 1, 1)
    for i, assessed in enumerate(dates["classification_date"] if any(dates["classification_date"]) else []):
        if assessed is not None:
            if levels[i] is None and "classification" in mapping:
                bad(i, 13, "classification_date", "tanggal klasifikasi diisi tetapi kolom Klasifikasi kosong")
            elif not oldest <= assessed <= today:
                bad(i, 13, "classification_date", f"{assessed:%d/%m/%Y} di luar rentang 01/01/2000 – hari ini")
    for i, certificate in enumerate(dates["certificate_date"] if any(dates["certificate_date"]) else []):
        if certificate is not None:
            if not batches[i]:
                bad(i, 15, "certificate_date", "tanggal sertifikat diisi tetapi Angkatan pelatihan kosong")
            elif not oldest <= certificate <= today:
                bad(i, 15, "certificate_date", f"{certificate:%d/%m/%Y} di luar rentang 01/01/2000 – hari ini")
    found.sort(key=lambda f: (f[0], f[1]))
    wrong = {i for i, _, _ in found}
    plan.problems.extend(message for _, _, message in found)
    made = map(KaderRow, numbers, names, niks, phones, sexes, births, posyandus, desas, start_years, trainings, levels,
               dates["classification_date"], batches, dates["certificate_date"])
    for i, result in enumerate(made) if wrong else ():
        if i not in wrong:
            plan.rows.append(result)
        elif result.name and result.posyandu:  # still checked against the others, so duplicates show in one pass
            result.action = "salah"
            plan.rows.append(result)
    if not wrong:
        plan.rows = list(made)
    people = _people(plan.rows)  # who each row is, for the duplicates and the matching alike
    _check_duplicates(plan, people)
    _resolve_posyandu(plan, puskesmas, create_missing, hint["create_missing"])
    _match_existing(plan, puskesmas, hint["moves"], people)
    plan.rows = [r for r in plan.rows if r.action != "salah"] if not plan.problems else plan.rows
    return plan


def _age_problem(birth: dt.date, today: dt.date) -> str | None:
    try:
        rules.check_birth_date(birth, today)
    except ValueError as exc:
        return str(exc)
    return None


def _finite(value: object) -> object:
    """An overflowing or broken number cell (inf, nan) is judged as the text it is."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def _choice(value: object, words: dict[str, str], reason: str, empty: str | None = None) -> str | None:
    key = _norm(text_of(value))
    if not key:
        return empty
    if key not in words:
        raise ValueError(f"'{_short(text_of(value))}' {reason}")
    return words[key]


def _check_duplicates(plan: Plan, people: list[tuple[str, str, dt.date | None]]) -> None:
    niks = [r.nik for r in plan.rows if r.nik]
    if len(set(niks)) == len(niks) and len(set(people)) == len(people):
        return  # nothing repeats: no row to name
    seen_nik: dict[str, int] = {}
    seen_person: dict[tuple[str, str, dt.date | None], int] = {}
    for r, person in zip(plan.rows, people, strict=True):
        if r.nik:
            if r.nik in seen_nik:
                plan.problems.append(f"Baris {r.row}: NIK {mask_nik(r.nik)} sama dengan baris {seen_nik[r.nik]}.")
            seen_nik.setdefault(r.nik, r.row)
        if person in seen_person:
            plan.problems.append(f"Baris {r.row}: {r.name} di Posyandu {r.posyandu} dengan tanggal lahir yang sama "
                                 f"sudah ada di baris {seen_person[person]}.")
        seen_person.setdefault(person, r.row)


def _people(rows: list[KaderRow]) -> list[tuple[str, str, dt.date | None]]:
    """(name key, posyandu key, birth date) of each row: what makes two rows, or a row and a kader, one person."""
    return list(zip(rules.name_keys([r.name for r in rows]), rules.name_keys([r.posyandu for r in rows]),
                    [r.birth_date for r in rows], strict=True))


def _resolve_posyandu(plan: Plan, puskesmas: Puskesmas, create_missing: bool, hint: str) -> None:
    known = list(db.dict_rows(Posyandu.select(Posyandu.id, Posyandu.name, Desa.name.alias("desa")).join(Desa)
                              .where(Desa.puskesmas == puskesmas).dicts()))
    desa_names = {rules.name_key(d.name) for d in Desa.select(Desa.name).where(Desa.puskesmas == puskesmas)}
    by_name: dict[str, list[dict]] = {}
    for p in known:
        by_name.setdefault(rules.name_key(p["name"]), []).append(p)
    missing: dict[tuple[str, str], list[int]] = {}
    places: dict[tuple[str, str], list[dict]] = {}  # (posyandu, desa) as written -> the posyandu it names
    for posyandu, desa in dict.fromkeys((r.posyandu, r.desa) for r in plan.rows):
        places[(posyandu, desa)] = [p for p in by_name.get(rules.name_key(posyandu), [])
                                    if not desa or rules.name_key(p["desa"]) == rules.name_key(desa)]
    for r in plan.rows:
        found = places[(r.posyandu, r.desa)]
        if len(found) > 1:
            plan.problems.append(f"Baris {r.row}: ada {len(found)} Posyandu {r.posyandu} di desa berbeda; isi kolom "
                                 "Desa/Kel.")
        elif found:
            r.posyandu_id = found[0]["id"]
        else:
            missing.setdefault((r.desa, r.posyandu), []).append(r.row)
    for (desa, posyandu), rows in missing.items():
        where = ", ".join(map(str, rows[:5])) + ("…" if len(rows) > 5 else "")
        if not create_missing:
            plan.problems.append(f"Baris {where}: Posyandu {posyandu}{f' (Desa {desa})' if desa else ''} belum "
                                 f"tercatat. {hint} atau perbaiki namanya.")
        elif not desa:
            plan.problems.append(f"Baris {where}: Posyandu {posyandu} belum tercatat dan kolom Desa/Kel kosong, "
                                 "sehingga tidak dapat dibuat.")
        else:
            plan.new_posyandu.append((desa, posyandu))
            if rules.name_key(desa) not in desa_names and desa not in plan.new_desa:
                plan.new_desa.append(desa)
    if plan.new_desa and not Kecamatan.select().where(Kecamatan.kabupaten == puskesmas.kabupaten).exists():
        plan.problems.append("Desa baru tidak dapat dibuat karena belum ada kecamatan; tambahkan di Pengaturan › "
                             "Wilayah Kerja.")


def _match_existing(plan: Plan, puskesmas: Puskesmas, hint: str, people: list[tuple[str, str, dt.date | None]]
                    ) -> None:
    """Same NIK, or same name + posyandu + birth date (or the only kader of that name there, when the file has no
    birth date): update that kader instead of adding a duplicate. A NIK found at another posyandu is a move."""
    from desktop.models.kader_history import TrainingRecord
    from desktop.models.schedule import FollowUp

    known = list(db.rows(Kader.select(Kader.id, Kader.nik, Kader.name, Posyandu.name, Kader.birth_date)
                      .join(Posyandu).join(Desa).where(Desa.puskesmas == puskesmas).tuples()))
    by_nik = {nik: kader_id for kader_id, nik, _, _, _ in known if nik}
    stored_at = {kader_id: pos for kader_id, _, _, pos, _ in known}  # kader id -> her posyandu's name
    by_person = {(rules.name_key(name), rules.name_key(pos), birth): kader_id
                 for kader_id, _, name, pos, birth in known}
    by_name: dict[tuple[str, str], list[int]] = {}
    for kader_id, _, name, pos, _ in known:
        by_name.setdefault((rules.name_key(name), rules.name_key(pos)), []).append(kader_id)
    wanted = sorted({r.nik for r in plan.rows if r.nik})
    elsewhere: dict[str, tuple[int, str]] = {}  # the file's NIKs held by any kader, through the NIK index
    for start in range(0, len(wanted), CHUNK):  # plain SQL: peewee takes ≈10 ms to build an IN of 500
        chunk = wanted[start:start + CHUNK]
        found = DB.execute_sql(f"SELECT nik, id, name FROM kader WHERE nik IN ({', '.join([DB.param] * len(chunk))})",
                               chunk)
        elsewhere.update((nik, (kader_id, name)) for nik, kader_id, name in found.fetchall())
    matched: list[tuple[KaderRow, int]] = []
    # Only a row whose NIK is held by a kader, or whose name is known at its posyandu, can match: the others (all of a
    # first import) are passed over without a look-up each.
    for r, (name, posyandu, birth) in zip(plan.rows, people, strict=True):
        if (name, posyandu) not in by_name and r.nik not in elsewhere:
            continue
        match = by_nik.get(r.nik) if r.nik else None
        person = (name, posyandu)
        match = match or by_person.get((*person, birth))
        same_name = by_name.get(person, [])
        if not match and r.birth_date is None and len(same_name) == 1:  # no birth date in the file: name decides
            match = same_name[0]
        if r.nik and r.nik in elsewhere and elsewhere[r.nik][0] != match:
            plan.problems.append(f"Baris {r.row}: NIK {mask_nik(r.nik)} sudah dipakai {elsewhere[r.nik][1]} di "
                                 "puskesmas lain atau kader lain.")
            continue
        if match and r.action != "salah":
            matched.append((r, match))
    # The kader are read whole, with their training batches, only when rows match (a first import matches none).
    kader: dict[int, Kader] = {}
    batches: dict[int, dict[str, dt.date | None]] = {}
    if matched:
        kader = {k.id: k for k in Kader.select(Kader).join(Posyandu).join(Desa).where(Desa.puskesmas == puskesmas)}
        for kader_id, batch, certified in db.rows(
                TrainingRecord.select(TrainingRecord.kader, TrainingRecord.batch, TrainingRecord.certificate_date)
                .join(Kader).join(Posyandu).join(Desa).where(Desa.puskesmas == puskesmas).tuples()):
            batches.setdefault(kader_id, {})[rules.name_key(batch)] = certified
    moved: list[tuple[KaderRow, Kader]] = []
    for r, match in matched:
        plan.matches[r.row] = match
        existing = kader[match]
        if rules.name_key(r.name) == rules.name_key(existing.name):
            r.name = existing.name  # SITI AMINAH in the file is not a rename of the stored Siti Aminah, nor the reverse
        if r.posyandu_id != existing.posyandu_id:
            r.action = "pindah"
            moved.append((r, existing))
        elif _changes(r, existing, batches.get(match, {})):
            r.action = "diperbarui"
        else:
            r.action = "tidak berubah"
    if moved:
        open_counts: dict[int, int] = dict(db.rows(
            FollowUp.select(FollowUp.kader, peewee.fn.COUNT(FollowUp.id))
            .where(FollowUp.kader.in_([k.id for _, k in moved]), FollowUp.status == "terbuka")
            .group_by(FollowUp.kader).tuples()))
        for r, k in moved:
            move = Move(r.row, k.id, k.name, k.nik or "", stored_at[k.id], r.posyandu, open_counts.get(k.id, 0))
            plan.moves.append(move)
            if not plan.allow_moves:
                plan.problems.append(f"Baris {r.row}: {k.name} (NIK {mask_nik(k.nik)}) tercatat di Posyandu "
                                     f"{move.old}; baris ini memindahkannya ke Posyandu {r.posyandu}. {hint} bila "
                                     "benar pindah"
                                     + (f" ({move.open_follow_ups} tindak lanjut terbuka tentang dia ikut pindah)."
                                        if move.open_follow_ups else "."))
    actions = collections.Counter(r.action for r in plan.rows)
    plan.updates, plan.unchanged = actions["diperbarui"], actions["tidak berubah"]
    plan.creates = len(plan.rows) - actions["salah"] - plan.updates - plan.unchanged - actions["pindah"]


def _changes(r: KaderRow, k: Kader, batches: dict[str, dt.date | None]) -> bool:
    """Would applying this row change the stored kader?"""
    return any((
        r.name != k.name, r.sex != k.sex, bool(r.nik) and r.nik != k.nik, bool(r.phone) and r.phone != k.phone,
        r.birth_date is not None and r.birth_date != k.birth_date,
        r.start_year is not None and r.start_year != k.start_year,
        r.training is not None and r.training != k.training_status, not k.active,
        r.classification is not None and (r.classification, r.classification_date) != (k.classification,
                                                                                         k.classification_date),
        bool(r.training_batch) and rules.name_key(r.training_batch) not in batches,
        r.certificate_date is not None and batches.get(rules.name_key(r.training_batch)) != r.certificate_date,
    ))


# --- writing -----------------------------------------------------------------------------------------------------


@_without_cycle_collection()
def apply(plan: Plan) -> Plan:
    """Write the plan in one transaction (refuses a plan with problems). A moved kader's open follow-ups move to
    her new posyandu with her; closed ones stay where they were made."""
    from desktop.models.schedule import FollowUp

    auth.require("edit_master")
    if plan.problems:
        raise RosterError(plan.problems)
    puskesmas = plan.puskesmas
    if puskesmas is None:
        raise ValueError("a plan made by check() names its puskesmas")
    today = dt.date.today()
    with DB.atomic():
        kecamatan = Kecamatan.select().where(Kecamatan.kabupaten == puskesmas.kabupaten).order_by(Kecamatan.id).first()
        desa_ids = {rules.name_key(d.name): d.id for d in Desa.select().where(Desa.puskesmas == puskesmas)}
        for name in plan.new_desa:
            desa_ids[rules.name_key(name)] = Desa.create(kecamatan=kecamatan, puskesmas=puskesmas, name=name).id
        created: dict[tuple[str, str], int] = {}
        for desa, name in plan.new_posyandu:
            created[(rules.name_key(desa), rules.name_key(name))] = Posyandu.create(
                desa=desa_ids[rules.name_key(desa)], name=name).id
        new_rows, facts = [], []
        first = not plan.matches and all(r.posyandu_id for r in plan.rows)  # a first import: every row is new
        if first:
            new_rows, facts = [_kader_values(r, r.posyandu_id) for r in plan.rows], list(plan.rows)
        for r in () if first else plan.rows:
            posyandu_id = r.posyandu_id or created[(rules.name_key(r.desa), rules.name_key(r.posyandu))]
            if r.row not in plan.matches:
                new_rows.append(_kader_values(r, posyandu_id))
                facts.append(r)
                continue
            if r.action == "tidak berubah":
                continue
            kader = Kader.get_by_id(plan.matches[r.row])
            if kader.posyandu_id != posyandu_id:
                FollowUp.update(posyandu=posyandu_id).where(FollowUp.kader == kader.id,
                                                            FollowUp.status == "terbuka").execute()
            kader.posyandu_id, kader.name, kader.sex = posyandu_id, r.name, r.sex
            kader.nik = r.nik or kader.nik
            kader.phone = r.phone or kader.phone
            kader.birth_date = r.birth_date or kader.birth_date
            kader.start_year = r.start_year or kader.start_year
            if r.training is not None:
                kader.training_status = r.training
            kader.active = True
            kader.save()
            _record_facts(kader.id, r, today, kader)
        if new_rows:  # new kader in one raw bulk insert: a 10,000-row roster in a fraction of a second
            bulk_insert("kader", KADER_COLUMNS, new_rows)
            with_facts = [r for r in facts if r.classification or r.training_batch]
            if with_facts:
                ids = _new_ids(with_facts)
                for r in with_facts:
                    _record_facts(ids[r.row], r, today)
        from desktop.models import audit

        audit.record("impor", "kader", "", detail=plan.summary())  # in the import's transaction
    return plan


def _kader_values(r: KaderRow, posyandu_id: int | None) -> tuple:
    """A new kader's row for the bulk insert (KADER_COLUMNS)."""
    return (posyandu_id, r.name, r.nik, r.phone, r.sex, r.birth_date.isoformat() if r.birth_date else None,
            r.start_year, r.training or "belum", r.classification,
            r.classification_date.isoformat() if r.classification_date else None, True)


def _new_ids(rows: list[KaderRow]) -> dict[int, int]:
    """Ids of just-inserted kader: by NIK where there is one, else by name + posyandu + birth date (unique in the
    file, checked), newest first."""
    ids: dict[int, int] = {}
    for r in rows:
        query = Kader.select(Kader.id).where(Kader.nik == r.nik) if r.nik else Kader.select(Kader.id).where(
            Kader.name == r.name, Kader.posyandu == r.posyandu_id if r.posyandu_id else True,
            Kader.birth_date == r.birth_date if r.birth_date else Kader.birth_date.is_null())
        ids[r.row] = query.order_by(Kader.id.desc()).scalar()
    return ids


def _record_facts(kader_id: int, r: KaderRow, today: dt.date, kader: Kader | None = None) -> None:
    """Classification and training from the file as recorded facts (source "impor daftar"), only when new."""
    from desktop.models.kader_history import ClassificationAssessment, TrainingRecord

    if r.classification and (kader is None or (r.classification, r.classification_date)
                             != (kader.classification, kader.classification_date)):
        ClassificationAssessment.create(kader=kader_id, level=r.classification,
                                        assessed_on=r.classification_date or today,
                                        source=IMPORT_SOURCE if r.classification_date else UNDATED_SOURCE)
        Kader.update(classification=r.classification, classification_date=r.classification_date).where(
            Kader.id == kader_id).execute()
    if r.training_batch:
        record = next((t for t in TrainingRecord.select().where(TrainingRecord.kader == kader_id)
                       if rules.name_key(t.batch) == rules.name_key(r.training_batch)), None)
        if record is None:
            TrainingRecord.create(kader=kader_id, batch=r.training_batch, certificate_date=r.certificate_date,
                                  online_progress=100 if r.certificate_date else 0,
                                  notes=IMPORT_SOURCE)
        elif r.certificate_date and record.certificate_date != r.certificate_date:
            record.certificate_date, record.online_progress = r.certificate_date, 100
            record.save()


@_without_cycle_collection()
def import_file(path: Path, puskesmas: Puskesmas, create_missing: bool = False,
                mapping: dict[str, int] | None = None, allow_moves: bool = False, hints: str = "gui") -> Plan:
    """Read, check and apply in one go (the CLI); RosterError lists every problem and nothing is written."""
    plan = check(read_roster(path), puskesmas, mapping, create_missing, allow_moves=allow_moves, hints=hints)
    return apply(plan)


def posyandu_names(puskesmas: Puskesmas) -> list[str]:
    return [p.name for p in Posyandu.select(Posyandu.name).join(Desa)
            .where(Desa.puskesmas == puskesmas, Posyandu.active).order_by(peewee.fn.LOWER(Posyandu.name))]


def export_roster(out: Path, puskesmas: Puskesmas) -> int:
    """Write every active kader of the puskesmas (full NIK: the roster is the office's own data; audited), with
    classification and latest training, so the file re-imports without a change."""
    from desktop.models import audit
    from desktop.models.kader_history import TrainingRecord
    from desktop.reports.roster_xlsx import roster_row, write_roster

    auth.require("export_personal")

    if out.suffix.lower() != ".xlsx":
        raise UserError("Nama berkas ekspor harus berakhiran .xlsx.")
    kader = list(Kader.select(Kader, Posyandu, Desa).join(Posyandu).join(Desa)
                 .where(Desa.puskesmas == puskesmas, Kader.active, Posyandu.active)
                 .order_by(Desa.name, Posyandu.name, Kader.name))
    latest: dict[int, TrainingRecord] = {}
    for t in (TrainingRecord.select().where(TrainingRecord.kader.in_([k.id for k in kader]))
              .order_by(TrainingRecord.id)):
        latest[t.kader_id] = t
    rows = [roster_row(k.name, k.nik, k.phone, k.sex, k.birth_date, k.posyandu.name, k.posyandu.desa.name,
                       k.start_year, k.training_status, k.classification, k.classification_date,
                       latest[k.id].batch if k.id in latest else "",
                       latest[k.id].certificate_date if k.id in latest else None) for k in kader]
    write_roster(out, rows)
    audit.record("ekspor", "kader", "", detail=f"{len(rows)} kader dengan NIK/HP ke {out.name}")
    return len(rows)


def template(out: Path, puskesmas: Puskesmas) -> Path:
    """A blank roster with dropdowns (sex, training, classification, this puskesmas' posyandu)."""
    from desktop.reports.roster_xlsx import write_template

    return write_template(out, posyandu_names(puskesmas))
