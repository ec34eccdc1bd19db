"""Kader roster import from real office files (.xlsx, .xls, .ods, .csv): finds the header under title rows,
maps Indonesian column names, reads Excel dates, dd/mm/yyyy text and phone numbers typed as numbers, detects
duplicates (same NIK, or same name + posyandu + birth date) and updates instead of duplicating.

All or nothing: `check()` lists every problem by Excel row and column; `apply()` writes in one transaction.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import peewee

from desktop.models.db import DB, bulk_insert
from desktop.models.errors import UserError
from desktop.models.nik import mask_nik, validate_nik
from desktop.models.people import Kader, Posyandu
from desktop.models.wilayah import Desa, Kecamatan, Puskesmas
from desktop.services import auth

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
}
LABELS = {"name": "Nama kader", "nik": "NIK", "phone": "No. HP/WA", "sex": "Jenis kelamin",
          "birth_date": "Tanggal lahir", "posyandu": "Nama posyandu", "desa": "Desa/kelurahan",
          "start_year": "Tahun mulai", "training": "Status pelatihan"}
REQUIRED = ("name", "posyandu")
DATE_PARTS = re.compile(r"[/.\-]")
HEADER_SCAN = 20  # header row searched among the first rows (title rows above it are common)
SEX = {"l": "L", "lk": "L", "laki": "L", "laki laki": "L", "pria": "L", "p": "P", "pr": "P", "perempuan": "P",
       "wanita": "P", "w": "P"}
TRAINING = {"sudah": "sudah", "sudah dilatih": "sudah", "ya": "sudah", "terlatih": "sudah", "lulus": "sudah",
            "sedang": "sedang", "proses": "sedang", "sedang dilatih": "sedang", "belum": "belum",
            "belum dilatih": "belum", "tidak": "belum", "": "belum"}


NON_ALNUM = re.compile(r"[^a-z0-9]+")
NON_DIGIT = re.compile(r"\D")
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


# --- reading ---------------------------------------------------------------------------------------------------


def read_cells(path: Path) -> list[list[object]]:
    """Every row of the first sheet (or the CSV) as cell values; '' for an empty cell. The file is checked by the
    bounded reader first (size, extent, zip bombs, encryption, CSV encoding)."""
    from desktop.services.spreadsheet import read_rows

    return read_rows(path)


def _blank(row: list[object]) -> bool:
    return all(str(c).strip() == "" for c in row)


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
        for key in ("posyandu", "nik", "phone", "birth_date", "desa", "start_year", "training", "sex", "name"):
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
    width = max(len(r) for r in cells)
    header_key = [_norm(c) for c in header]
    probe = detect_mapping(header).get("name", 0)
    rows = []
    for index in range(best + 1, len(cells)):
        row = list(cells[index]) + [""] * (width - len(cells[index]))
        if _blank(row):
            continue
        if _norm(row[probe]) == header_key[probe] and [_norm(c) for c in cells[index]] == header_key:
            continue  # the header repeated (printed rosters repeat it on every page)
        rows.append((index + 1, row))
    return RosterFile(Path(path), best + 1, [str(h).strip() for h in header] + [""] * (width - len(header)),
                      rows, detect_mapping(header))


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


@dataclass
class Plan:
    """What an import would do; `problems` empty means it can be applied."""

    rows: list[KaderRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    creates: int = 0
    updates: int = 0
    new_posyandu: list[tuple[str, str]] = field(default_factory=list)  # (desa, posyandu)
    new_desa: list[str] = field(default_factory=list)
    matches: dict[int, int] = field(default_factory=dict)  # excel row -> existing kader id
    puskesmas: Puskesmas | None = None
    create_missing: bool = False

    def summary(self) -> str:
        parts = [f"{self.creates} kader baru", f"{self.updates} kader diperbarui"]
        if self.new_posyandu:
            parts.append(f"{len(self.new_posyandu)} posyandu baru")
        if self.new_desa:
            parts.append(f"{len(self.new_desa)} desa/kelurahan baru")
        return ", ".join(parts)


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _short(text: str, limit: int = 30) -> str:
    """A cell quoted in a message, cut when absurdly long."""
    return text if len(text) <= limit else text[:limit] + "…"


def _name(value: object) -> str:
    text = _text(value)
    return text.title() if text.isupper() else text  # SITI AMINAH -> Siti Aminah


def _date(value: object) -> dt.date | None:
    if value in ("", None):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and 1000 < value < 80000:  # an Excel serial day number
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    text = _text(value)
    parts = DATE_PARTS.split(text)
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        day, month, year = (int(p) for p in (reversed(parts) if len(parts[0]) == 4 else parts))
        if year < 100:  # 85 -> 1985, 05 -> 2005
            year += 1900 if year > dt.date.today().year % 100 else 2000
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass
    raise ValueError(f"'{_short(text)}' bukan tanggal (tulis hh/bb/tttt, mis. 12/03/1985)")


def _phone(value: object) -> str:
    digits = NON_DIGIT.sub("", _text(value))
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    elif digits.startswith("8"):  # typed as a number, Excel dropped the leading 0
        digits = "0" + digits
    if digits and not 9 <= len(digits) <= 14:
        raise ValueError(f"'{_text(value)}' bukan nomor HP (9–14 angka)")
    return digits


def _nik(value: object) -> str | None:
    if value in ("", None):
        return None
    if isinstance(value, (int, float)):
        digits = str(int(value))
        if len(digits) >= 16 and digits.endswith("0"):
            raise ValueError(f"{_short(digits)} tersimpan sebagai angka; Excel hanya menyimpan 15 angka pertama "
                             "sehingga angka terakhir hilang. Format kolom NIK sebagai Teks lalu ketik ulang")
        value = digits
    return validate_nik(str(value).replace("'", "").replace(" ", ""))


def check(roster: RosterFile, puskesmas: Puskesmas, mapping: dict[str, int] | None = None,
          create_missing: bool = False, today: dt.date | None = None) -> Plan:
    """Read every row against the mapping and the database; nothing is written."""
    today = today or dt.date.today()
    mapping = roster.mapping if mapping is None else mapping
    plan = Plan(puskesmas=puskesmas, create_missing=create_missing)
    for key in REQUIRED:
        if key not in mapping:
            plan.problems.append(f"Kolom “{LABELS[key]}” tidak ditemukan; pilih kolomnya pada pemetaan.")
    if plan.problems:
        return plan

    def cell(row: list[object], key: str) -> object:
        value = row[mapping[key]] if key in mapping and mapping[key] < len(row) else ""
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)  # an overflowing or broken number cell: judged as the text it is
        return value

    for number, row in roster.rows:
        errors_before = len(plan.problems)

        def bad(key: str, message: str, number: int = number) -> None:
            column = roster.headers[mapping[key]] or LABELS[key]
            plan.problems.append(f"Baris {number}, kolom {column}: {message}.")

        values: dict[str, object] = {}
        for key, reader in (("nik", _nik), ("phone", _phone), ("birth_date", _date)):
            try:
                values[key] = reader(cell(row, key))
            except ValueError as exc:
                bad(key, str(exc))
        name = _name(cell(row, "name"))
        posyandu = POSYANDU_PREFIX.sub("", _text(cell(row, "posyandu")))
        if not name:
            bad("name", "nama kader kosong")
        if not posyandu:
            bad("posyandu", "nama posyandu kosong")
        sex_text = _norm(cell(row, "sex"))
        sex = SEX.get(sex_text, "P" if not sex_text else None)
        if sex is None:
            bad("sex", f"'{_text(cell(row, 'sex'))}' bukan L atau P")
        training = None
        if "training" in mapping:
            training = TRAINING.get(_norm(cell(row, "training")))
            if training is None:
                bad("training", f"'{_text(cell(row, 'training'))}' bukan Belum/Sedang/Sudah")
        start_year = None
        year_text = _text(cell(row, "start_year"))
        if year_text:
            if not year_text.isdigit() or not 1970 <= int(year_text) <= today.year:
                bad("start_year", f"'{_short(year_text)}' bukan tahun antara 1970 dan {today.year}")
            else:
                start_year = int(year_text)
        birth = values.get("birth_date")
        if isinstance(birth, dt.date) and not 15 <= (today - birth).days // 365 <= 90:
            bad("birth_date", f"{birth:%d/%m/%Y} membuat umur kader di luar 15–90 tahun")
        if len(plan.problems) == errors_before:
            plan.rows.append(KaderRow(number, name, values["nik"], values["phone"], sex, birth, posyandu,  # type: ignore[arg-type]
                                      _text(cell(row, "desa")), start_year, training))
    _check_duplicates(plan)
    _resolve_posyandu(plan, puskesmas, create_missing)
    _match_existing(plan, puskesmas)
    return plan


def _check_duplicates(plan: Plan) -> None:
    seen_nik: dict[str, int] = {}
    seen_person: dict[tuple[str, str, dt.date | None], int] = {}
    for r in plan.rows:
        if r.nik:
            if r.nik in seen_nik:
                plan.problems.append(f"Baris {r.row}: NIK {mask_nik(r.nik)} sama dengan baris {seen_nik[r.nik]}.")
            seen_nik.setdefault(r.nik, r.row)
        person = (r.name.lower(), r.posyandu.lower(), r.birth_date)
        if person in seen_person:
            plan.problems.append(f"Baris {r.row}: {r.name} di Posyandu {r.posyandu} dengan tanggal lahir yang sama "
                                 f"sudah ada di baris {seen_person[person]}.")
        seen_person.setdefault(person, r.row)


def _resolve_posyandu(plan: Plan, puskesmas: Puskesmas, create_missing: bool) -> None:
    known = list(Posyandu.select(Posyandu.id, Posyandu.name, Desa.name.alias("desa")).join(Desa)
                 .where(Desa.puskesmas == puskesmas).dicts())
    desa_names = {d.name.lower() for d in Desa.select(Desa.name).where(Desa.puskesmas == puskesmas)}
    by_name: dict[str, list[dict]] = {}
    for p in known:
        by_name.setdefault(p["name"].lower(), []).append(p)
    missing: dict[tuple[str, str], list[int]] = {}
    for r in plan.rows:
        found = [p for p in by_name.get(r.posyandu.lower(), []) if not r.desa or p["desa"].lower() == r.desa.lower()]
        if len(found) > 1:
            plan.problems.append(f"Baris {r.row}: ada {len(found)} Posyandu {r.posyandu} di desa berbeda; isi kolom "
                                 "Desa/Kel.")
        elif not found:
            missing.setdefault((r.desa, r.posyandu), []).append(r.row)
    for (desa, posyandu), rows in missing.items():
        where = ", ".join(map(str, rows[:5])) + ("…" if len(rows) > 5 else "")
        if not create_missing:
            plan.problems.append(f"Baris {where}: Posyandu {posyandu}{f' (Desa {desa})' if desa else ''} belum "
                                 "tercatat. Centang “Buat posyandu/desa yang belum ada” atau perbaiki namanya.")
        elif not desa:
            plan.problems.append(f"Baris {where}: Posyandu {posyandu} belum tercatat dan kolom Desa/Kel kosong, "
                                 "sehingga tidak dapat dibuat.")
        else:
            plan.new_posyandu.append((desa, posyandu))
            if desa.lower() not in desa_names and desa not in plan.new_desa:
                plan.new_desa.append(desa)
    if plan.new_desa and not Kecamatan.select().where(Kecamatan.kabupaten == puskesmas.kabupaten).exists():
        plan.problems.append("Desa baru tidak dapat dibuat karena belum ada kecamatan; tambahkan di Pengaturan › "
                             "Wilayah Kerja.")


def _match_existing(plan: Plan, puskesmas: Puskesmas) -> None:
    """Same NIK, or same name + posyandu + birth date (or the only kader of that name there, when the file has no
    birth date): update that kader instead of adding a duplicate."""
    kader = list(Kader.select(Kader.id, Kader.nik, Kader.name, Kader.birth_date, Posyandu.name.alias("pos"))
                 .join(Posyandu).join(Desa).where(Desa.puskesmas == puskesmas).objects())
    by_nik = {k.nik: k.id for k in kader if k.nik}
    by_person = {(k.name.lower(), k.pos.lower(), k.birth_date): k.id for k in kader}
    by_name: dict[tuple[str, str], list[int]] = {}
    for k in kader:
        by_name.setdefault((k.name.lower(), k.pos.lower()), []).append(k.id)
    wanted = {r.nik for r in plan.rows if r.nik}
    elsewhere = {nik: (kader_id, name) for nik, kader_id, name in  # one pass over the NIKs beats 10,000 parameters
                 Kader.select(Kader.nik, Kader.id, Kader.name).where(Kader.nik.is_null(False)).tuples()
                 if nik in wanted}
    for r in plan.rows:
        match = by_nik.get(r.nik) if r.nik else None
        match = match or by_person.get((r.name.lower(), r.posyandu.lower(), r.birth_date))
        same_name = by_name.get((r.name.lower(), r.posyandu.lower()), [])
        if not match and r.birth_date is None and len(same_name) == 1:  # no birth date in the file: name decides
            match = same_name[0]
        if r.nik and r.nik in elsewhere and elsewhere[r.nik][0] != match:
            plan.problems.append(f"Baris {r.row}: NIK {mask_nik(r.nik)} sudah dipakai {elsewhere[r.nik][1]} di "
                                 "puskesmas lain atau kader lain.")
            continue
        if match:
            plan.matches[r.row] = match
    plan.updates = len(plan.matches)
    plan.creates = len(plan.rows) - plan.updates


# --- writing -----------------------------------------------------------------------------------------------------


def apply(plan: Plan) -> Plan:
    """Write the plan in one transaction (refuses a plan with problems)."""
    auth.require("edit_master")
    if plan.problems:
        raise RosterError(plan.problems)
    puskesmas = plan.puskesmas
    with DB.atomic():
        kecamatan = Kecamatan.select().where(Kecamatan.kabupaten == puskesmas.kabupaten).order_by(Kecamatan.id).first()
        desa_ids = {d.name.lower(): d.id for d in Desa.select().where(Desa.puskesmas == puskesmas)}
        for name in plan.new_desa:
            desa_ids[name.lower()] = Desa.create(kecamatan=kecamatan, puskesmas=puskesmas, name=name).id
        for desa, name in plan.new_posyandu:
            Posyandu.create(desa=desa_ids[desa.lower()], name=name)
        posyandu = list(Posyandu.select(Posyandu.id, Posyandu.name, Desa.name.alias("desa")).join(Desa)
                        .where(Desa.puskesmas == puskesmas).dicts())
        by_name: dict[str, list[dict]] = {}
        for p in posyandu:
            by_name.setdefault(p["name"].lower(), []).append(p)
        new_rows = []
        for r in plan.rows:
            posyandu_id = next(p["id"] for p in by_name[r.posyandu.lower()]
                               if not r.desa or p["desa"].lower() == r.desa.lower())
            if r.row not in plan.matches:
                new_rows.append({"posyandu": posyandu_id, "name": r.name, "nik": r.nik, "phone": r.phone,
                                 "sex": r.sex, "birth_date": r.birth_date, "start_year": r.start_year,
                                 "training_status": r.training or "belum"})
                continue
            kader = Kader.get_by_id(plan.matches[r.row])
            kader.posyandu, kader.name, kader.sex = posyandu_id, r.name, r.sex
            kader.nik = r.nik or kader.nik
            kader.phone = r.phone or kader.phone
            kader.birth_date = r.birth_date or kader.birth_date
            kader.start_year = r.start_year or kader.start_year
            if r.training is not None:
                kader.training_status = r.training
            kader.active = True
            kader.save()
        if new_rows:  # new kader in one raw bulk insert: a 10,000-row roster in a fraction of a second
            bulk_insert("kader", ["posyandu_id", "name", "nik", "phone", "sex", "birth_date", "start_year",
                                  "training_status", "active"],
                        [(r["posyandu"], r["name"], r["nik"], r["phone"], r["sex"],
                          r["birth_date"].isoformat() if r["birth_date"] else None, r["start_year"],
                          r["training_status"], True) for r in new_rows])
        from desktop.models import audit

        audit.record("impor", "kader", "", detail=plan.summary())  # in the import's transaction
    return plan


def import_file(path: Path, puskesmas: Puskesmas, create_missing: bool = False,
                mapping: dict[str, int] | None = None) -> Plan:
    """Read, check and apply in one go (the CLI); RosterError lists every problem and nothing is written."""
    plan = check(read_roster(path), puskesmas, mapping, create_missing)
    return apply(plan)


def posyandu_names(puskesmas: Puskesmas) -> list[str]:
    return [p.name for p in Posyandu.select(Posyandu.name).join(Desa)
            .where(Desa.puskesmas == puskesmas, Posyandu.active).order_by(peewee.fn.LOWER(Posyandu.name))]


def export_roster(out: Path, puskesmas: Puskesmas) -> int:
    """Write every active kader of the puskesmas (full NIK: the roster is the office's own data; audited)."""
    from desktop.models import audit
    from desktop.reports.roster_xlsx import roster_row, write_roster

    auth.require("export_personal")

    if out.suffix.lower() != ".xlsx":
        raise UserError("Nama berkas ekspor harus berakhiran .xlsx.")
    kader = (Kader.select(Kader, Posyandu, Desa).join(Posyandu).join(Desa)
             .where(Desa.puskesmas == puskesmas, Kader.active, Posyandu.active)
             .order_by(Desa.name, Posyandu.name, Kader.name))
    rows = [roster_row(k.name, k.nik, k.phone, k.sex, k.birth_date, k.posyandu.name, k.posyandu.desa.name,
                       k.start_year, k.training_status) for k in kader]
    write_roster(out, rows)
    audit.record("ekspor", "kader", "", detail=f"{len(rows)} kader dengan NIK/HP ke {out.name}")
    return len(rows)


def template(out: Path, puskesmas: Puskesmas) -> Path:
    """A blank roster with dropdowns (sex, training, this puskesmas' posyandu)."""
    from desktop.reports.roster_xlsx import write_template

    return write_template(out, posyandu_names(puskesmas))
