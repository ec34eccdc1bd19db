"""Load and strictly validate instrument definitions; a broken file fails naming the file and key path."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from desktop.instruments.answers import SkillEntry
from desktop.instruments.definition import (
    ABOUT,
    ANSWER_TYPES,
    ATTENDANCE,
    CHECK_LEVELS,
    CHECK_OPS,
    CHOICE_TYPES,
    COVERAGE_KINDS,
    SECTION_KINDS,
    STEPS,
    SUBJECTS,
    Check,
    Field,
    Instrument,
    ReportRole,
    Roles,
    RtlTable,
    Scale,
    Section,
)
from desktop.paths import RESOURCES

INSTRUMENTS_DIR = RESOURCES / "instruments"
# Plausibility keys of a field and the answer types that may carry them.
PLAUSIBILITY_KEYS = {"usual_min": ("number",), "usual_max": ("number",), "max_days_ahead": ("date",),
                     "usual_days_ago": ("date",)}


class DefinitionError(ValueError):
    """A definition file is broken; the message names the file and the key."""


class _Reader:
    """Walks one parsed file, checking keys and types, remembering the path for messages."""

    def __init__(self, file: Path, skill_ids: set[str]) -> None:
        self.file = file.name
        self.skill_ids = skill_ids

    def fail(self, path: str, message: str) -> DefinitionError:
        return DefinitionError(f"{self.file}: {path}: {message}")

    def table(self, data: Any, path: str, required: set[str], optional: set[str]) -> dict:
        if not isinstance(data, dict):
            raise self.fail(path, "harus berupa tabel")
        unknown = set(data) - required - optional
        if unknown:
            raise self.fail(f"{path}.{sorted(unknown)[0]}", "kunci tidak dikenal")
        missing = required - set(data)
        if missing:
            raise self.fail(f"{path}.{sorted(missing)[0]}", "wajib ada")
        return data

    def scale(self, key: str, data: Any, path: str) -> Scale:
        data = self.table(data, path, {"options"}, {"priority"})
        options = data["options"]
        if not options or not all(isinstance(o, list) and len(o) == 2 and all(isinstance(x, str) for x in o)
                                  for o in options):
            raise self.fail(f"{path}.options", "harus daftar pasangan [kode, label]")
        codes = [o[0] for o in options]
        if len(set(codes)) != len(codes):
            raise self.fail(f"{path}.options", "kode ganda")
        priority = frozenset(data.get("priority", []))
        if not priority <= set(codes):
            raise self.fail(f"{path}.priority", f"kode tidak ada di options: {sorted(priority - set(codes))}")
        return Scale(key, tuple((c, label) for c, label in options), priority)

    def field(self, data: Any, path: str, scales: dict[str, Scale], in_table: bool = False) -> Field:
        data = self.table(data, path, {"key", "label"}, {
            "type", "number", "required", "help", "scale", "options", "skill", "min", "max", "columns", "blank_rows",
            "lines", "unit", "held_on", "layout", "prefill", "about", *PLAUSIBILITY_KEYS,
        })
        self.types(data, path, {"key": str, "label": str, "help": str, "required": bool, "min": int, "max": int,
                                "number": (str, int), "blank_rows": int, "scale": str, "skill": str,
                                "lines": int, "unit": str, "held_on": bool, "layout": str, "prefill": str,
                                "about": str, **dict.fromkeys(PLAUSIBILITY_KEYS, int)})
        if "about" in data and (data["about"] not in ABOUT or "skill" not in data):
            raise self.fail(f"{path}.about", f"harus salah satu dari {sorted(ABOUT)} pada butir berketerampilan")
        kind = data.get("type", "")
        if kind not in ANSWER_TYPES:
            raise self.fail(f"{path}.type", f"'{kind}' tidak dikenal")
        if in_table and kind == "table":
            raise self.fail(f"{path}.type", "tabel di dalam tabel tidak didukung")
        scale = None
        if kind in CHOICE_TYPES:
            if "scale" in data:
                if data["scale"] not in scales:
                    raise self.fail(f"{path}.scale", f"skala '{data['scale']}' tidak didefinisikan")
                scale = scales[data["scale"]]
            elif "options" in data:
                scale = self.scale(data["key"], {"options": data["options"]}, path)
            else:
                raise self.fail(path, "jenis pilihan membutuhkan 'scale' atau 'options'")
        skill = data.get("skill")
        if skill is not None and skill not in self.skill_ids:
            raise self.fail(f"{path}.skill", f"keterampilan '{skill}' tidak ada di katalog")
        for key, types in PLAUSIBILITY_KEYS.items():
            if key in data and kind not in types:
                raise self.fail(f"{path}.{key}", f"hanya untuk jenis {' / '.join(types)}")
        if "min" in data and "max" in data and data["min"] > data["max"]:
            raise self.fail(f"{path}.max", "lebih kecil dari min")
        low, high = data.get("usual_min", data.get("min")), data.get("usual_max", data.get("max"))
        if low is not None and high is not None and low > high:
            raise self.fail(f"{path}.usual_max", "lebih kecil dari batas bawah")
        if "blank_rows" in data and (kind != "table" or data["blank_rows"] < 1):
            raise self.fail(f"{path}.blank_rows", "hanya untuk tabel, minimal 1")
        if data.get("layout", "table") not in ("table", "blocks") or ("layout" in data and kind != "table"):
            raise self.fail(f"{path}.layout", "hanya untuk tabel: 'table' atau 'blocks'")
        if data.get("prefill", "") not in ("", "kader") or ("prefill" in data and kind != "table"):
            raise self.fail(f"{path}.prefill", "hanya untuk tabel: 'kader'")
        if "held_on" in data and kind != "date":
            raise self.fail(f"{path}.held_on", "hanya untuk butir bertipe date")
        if "lines" in data and not 1 <= data["lines"] <= 30:
            raise self.fail(f"{path}.lines", "antara 1 dan 30")
        columns: tuple[Field, ...] = ()
        if kind == "table":
            raw = data.get("columns") or []
            if not raw:
                raise self.fail(f"{path}.columns", "tabel membutuhkan kolom")
            columns = tuple(self.field(c, f"{path}.columns[{i}]", scales, True) for i, c in enumerate(raw))
            self.unique([c.key for c in columns], f"{path}.columns")
        return Field(
            key=data["key"], label=data["label"], type=kind, number=str(data.get("number", "")),
            required=bool(data.get("required", False)), help=data.get("help", ""), scale=scale, skill=skill,
            min=data.get("min"), max=data.get("max"), columns=columns, blank_rows=data.get("blank_rows", 0),
            lines=data.get("lines", 0), unit=data.get("unit", ""), held_on=data.get("held_on", False),
            layout=data.get("layout", "table"), prefill=data.get("prefill", ""),
            **{key: data.get(key) for key in PLAUSIBILITY_KEYS},
            about=data.get("about", ""),
        )

    def types(self, data: dict, path: str, expected: dict[str, type | tuple[type, ...]]) -> None:
        for key, kind in expected.items():
            if key in data and (not isinstance(data[key], kind) or (kind is int and isinstance(data[key], bool))):
                raise self.fail(f"{path}.{key}", f"jenis nilai salah ({type(data[key]).__name__})")

    def unique(self, values: list[str], path: str) -> None:
        seen: set[str] = set()
        for v in values:
            if v and v in seen:
                raise self.fail(path, f"'{v}' ganda")
            seen.add(v)

    def section(self, data: Any, path: str, scales: dict[str, Scale]) -> Section:
        data = self.table(data, path, {"key", "title", "kind"},
                          {"items", "columns", "help", "statement", "scale", "rounds", "required", "expected"})
        self.types(data, path, {"required": bool, "expected": bool})
        kind = data["kind"]
        if kind not in SECTION_KINDS:
            raise self.fail(f"{path}.kind", f"'{kind}' tidak dikenal")
        if kind == "skills":
            if data.get("scale") not in scales or "{label}" not in data.get("statement", ""):
                raise self.fail(path, "bagian keterampilan membutuhkan 'scale' yang ada dan 'statement' berisi {label}")
            return Section(data["key"], data["title"], kind, help=data.get("help", ""),
                           statement=data["statement"], scale=scales[data["scale"]], rounds=data.get("rounds", ""),
                           required=data.get("required", False), expected=data.get("expected", False))
        raw_items = data.get("items") or []
        if not raw_items:
            raise self.fail(f"{path}.items", "bagian membutuhkan butir")
        columns: tuple[Field, ...] = ()
        if kind == "grid":
            columns = tuple(self.field(c, f"{path}.columns[{i}]", scales, True)
                            for i, c in enumerate(data.get("columns") or []))
            if not columns:
                raise self.fail(f"{path}.columns", "bagian grid membutuhkan kolom")
            items = tuple(self.field({"type": "text", **i}, f"{path}.items[{n}]", scales)
                          for n, i in enumerate(raw_items))
        else:
            items = tuple(self.field(i, f"{path}.items[{n}]", scales) for n, i in enumerate(raw_items))
        self.unique([i.number for i in items], f"{path}.items (nomor)")
        return Section(data["key"], data["title"], kind, items=items, columns=columns, help=data.get("help", ""),
                       required=data.get("required", False), expected=data.get("expected", False))

    def instrument(self, data: dict) -> Instrument:
        data = self.table(data, "(berkas)", {"id", "title", "version", "subject", "header", "sections"},
                          {"filled_by", "intro", "scales", "signatures", "report", "checks", "roles"})
        self.types(data, "(berkas)", {"id": str, "title": str, "version": int, "filled_by": str, "intro": str,
                                      "header": list, "sections": list, "scales": dict, "signatures": list,
                                      "checks": list})
        if data["id"] != self.file.removesuffix(".toml"):
            raise self.fail("id", f"'{data['id']}' harus sama dengan nama berkas")
        if data["subject"] not in SUBJECTS:
            raise self.fail("subject", f"'{data['subject']}' tidak dikenal")
        scales = {k: self.scale(k, v, f"scales.{k}") for k, v in data.get("scales", {}).items()}
        header = tuple(self.field(h, f"header[{i}]", scales) for i, h in enumerate(data["header"]))
        sections = tuple(self.section(s, f"sections[{i}]", scales) for i, s in enumerate(data["sections"]))
        keys = [f.key for f in header] + [i.key for s in sections for i in s.items]
        self.unique(keys, "kunci butir")
        dates = [f for f in (*header, *(i for s in sections for i in s.items)) if f.key == "tanggal"]
        if not dates or dates[0].type != "date" or not dates[0].required:
            raise self.fail("tanggal", "setiap instrumen membutuhkan butir wajib 'tanggal' bertipe date")
        raw_signers = [self.table(s, f"signatures[{i}]", {"role"}, {"field", "nip"})
                       for i, s in enumerate(data.get("signatures", []))]
        for i, s in enumerate(raw_signers):
            self.types(s, f"signatures[{i}]", {"role": str, "field": str, "nip": bool})
        signatures = tuple(s["role"] for s in raw_signers)
        for i, s in enumerate(raw_signers):
            if "field" in s and s["field"] not in keys:
                raise self.fail(f"signatures[{i}].field", f"butir '{s['field']}' tidak ada")
        for i, sec in enumerate(sections):
            rounds = next((f for f in header if f.key == sec.rounds), None)
            if sec.rounds and (rounds is None or rounds.type != "choice"):
                raise self.fail(f"sections[{i}].rounds", f"'{sec.rounds}' harus butir kepala bertipe choice")
        report = self.report(data["report"], header, sections) if "report" in data else None
        numbers = {f.key for f in (*header, *(i for s in sections if s.kind == "fields" for i in s.items))
                   if f.type == "number"}
        checks = tuple(self.check(c, f"checks[{i}]", numbers) for i, c in enumerate(data.get("checks", [])))
        fields = {f.key: f for f in (*header, *(i for s in sections for i in s.items))}
        roles = self.roles(data["roles"], fields) if "roles" in data else None
        return Instrument(
            id=data["id"], title=data["title"], version=int(data["version"]), filled_by=data.get("filled_by", ""),
            subject=data["subject"], intro=data.get("intro", ""), header=header, sections=sections,
            signatures=signatures, scales=scales, report=report, checks=checks, roles=roles,
            signer_fields={s["role"]: s["field"] for s in raw_signers if "field" in s},
            without_nip=frozenset(s["role"] for s in raw_signers if not s.get("nip", True)),
        )

    def roles(self, data: Any, fields: dict[str, Field]) -> Roles:
        """The [roles] table: every key it names must be a field of the right type."""
        data = self.table(data, "roles", {"step", "activity", "short", "hours"}, {
            "posyandu", "kader", "supervisor", "date", "round", "per_month", "kader_per_month", "findings",
            "attendance", "answers_findings", "attendees", "rtl", "reason", "minutes", "minutes_range",
            "kader_count", "topic", "finding_text"})
        self.types(data, "roles", {"step": str, "activity": str, "short": str, "hours": list, "posyandu": str,
                                   "kader": str, "supervisor": str, "date": str, "round": str, "per_month": int,
                                   "kader_per_month": int, "findings": str, "attendance": dict,
                                   "answers_findings": str, "attendees": str, "rtl": list, "reason": str,
                                   "minutes": str, "minutes_range": list, "kader_count": list,
                                   "topic": str, "finding_text": str})
        if data["step"] not in STEPS:
            raise self.fail("roles.step", f"'{data['step']}' tidak dikenal (pilihan: {', '.join(STEPS)})")
        hours = data["hours"]
        if len(hours) != 2 or not all(isinstance(h, str) and len(h) == 5 and h[2] == ":" for h in hours) \
                or hours[0] >= hours[1]:
            raise self.fail("roles.hours", "harus [\"jj:mm\", \"jj:mm\"], mulai sebelum selesai")

        def need(key: str, types: set[str], path: str | None = None) -> str:
            name = data.get(key, "") if path is None else key
            where = path or f"roles.{key}"
            if name and (name not in fields or fields[name].type not in types):
                raise self.fail(where, f"'{name}' bukan butir bertipe {'/'.join(sorted(types))}")
            return name

        def column(key: str, types: set[str]) -> str:
            """A "table.column" reference (or a plain field key)."""
            ref = data.get(key, "")
            if not ref:
                return ""
            table, _, col = ref.partition(".")
            if not col:
                return need(key, types)
            if table not in fields or fields[table].type != "table" \
                    or col not in {c.key: c for c in fields[table].columns} \
                    or {c.key: c for c in fields[table].columns}[col].type not in types:
                raise self.fail(f"roles.{key}", f"'{ref}' bukan kolom tabel bertipe {'/'.join(sorted(types))}")
            return ref

        def pair(key: str) -> tuple[int, int] | None:
            if key not in data:
                return None
            low_high = data[key]
            if len(low_high) != 2 or not all(isinstance(n, int) for n in low_high) or low_high[0] > low_high[1]:
                raise self.fail(f"roles.{key}", "harus [minimal, maksimal]")
            return low_high[0], low_high[1]

        findings = data.get("findings", "")
        if findings and findings not in ABOUT:
            raise self.fail("roles.findings", f"harus salah satu dari {sorted(ABOUT)}")
        attendance = self.table(data.get("attendance", {}), "roles.attendance", set(), set(ATTENDANCE))
        if attendance and set(attendance) != set(ATTENDANCE):
            raise self.fail("roles.attendance", f"butuh ketiganya: {', '.join(ATTENDANCE)}")
        for code, key in attendance.items():
            need(key, {"kaders"}, f"roles.attendance.{code}")
        rtl = []
        for i, raw in enumerate(data.get("rtl", [])):
            row = self.table(raw, f"roles.rtl[{i}]", {"table", "what"}, {"when", "who"})
            table = fields.get(row["table"])
            if table is None or table.type != "table":
                raise self.fail(f"roles.rtl[{i}].table", f"'{row['table']}' bukan butir bertipe table")
            cols = {c.key: c for c in table.columns}
            for part in ("what", "when", "who"):
                if row.get(part) and row[part] not in cols:
                    raise self.fail(f"roles.rtl[{i}].{part}", f"kolom '{row[part]}' tidak ada di tabel {table.key}")
            if row.get("when") and cols[row["when"]].type != "date":
                raise self.fail(f"roles.rtl[{i}].when", "kolom tanggal harus bertipe date")
            rtl.append(RtlTable(row["table"], row["what"], row.get("when", ""), row.get("who", "")))
        round_key = need("round", {"choice"})
        for key in ("per_month", "kader_per_month"):
            if data.get(key, 0) < 0:
                raise self.fail(f"roles.{key}", "tidak boleh negatif")
        return Roles(
            step=data["step"], activity=data["activity"], short=data["short"], hours=(hours[0], hours[1]),
            posyandu=need("posyandu", {"posyandu"}), kader=need("kader", {"kader", "kaders"}),
            supervisor=need("supervisor", {"supervisor"}), date=need("date", {"date"}) or "tanggal",
            round=round_key,
            rounds=tuple(code for code, _ in fields[round_key].scale.options) if round_key else (),  # type: ignore
            per_month=data.get("per_month", 0), kader_per_month=data.get("kader_per_month", 0),
            findings=findings, attendance=dict(attendance),
            answers_findings=column("answers_findings", {"findings"}),
            attendees=need("attendees", {"kaders"}), rtl=tuple(rtl), reason=need("reason", {"text", "longtext"}),
            minutes=column("minutes", {"number"}), minutes_range=pair("minutes_range"),
            kader_count=pair("kader_count"), topic=column("topic", {"text", "longtext"}),
            finding_text=column("finding_text", {"text", "longtext"}),
        )

    def report(self, data: Any, header: tuple[Field, ...], sections: tuple[Section, ...]) -> ReportRole:
        """The `[report]` table; every path it names must be an item or a table column of this file."""
        text = {"label", "coverage", "date", "attendance", "kaders", "topic", "minutes", "reason"}
        flags = {"self_assessment", "competency", "support", "findings"}
        data = self.table(data, "report", {"label"}, (text | flags | {"per_posyandu_month", "per_year", "levels",
                                                                      "good"}) - {"label"})
        self.types(data, "report", {**{k: str for k in text}, **{k: bool for k in flags}, "per_posyandu_month": int,
                                    "per_year": int, "levels": dict, "good": list})
        if data.get("coverage", "") not in COVERAGE_KINDS | {""}:
            raise self.fail("report.coverage", f"'{data['coverage']}' tidak dikenal")
        items = {f.key: f for f in (*header, *(i for s in sections for i in s.items))}
        for key in ("date", "attendance", "kaders", "topic", "minutes", "reason"):
            path = data.get(key, "")
            if not path:
                continue
            item, _, column = path.partition(".")
            known = items.get(item)
            if known is None or (column and column not in {c.key for c in known.columns}):
                raise self.fail(f"report.{key}", f"'{path}' bukan butir atau kolom tabel instrumen ini")
        levels = data.get("levels", {})
        if not all(isinstance(v, int) and 1 <= v <= 3 for v in levels.values()):
            raise self.fail("report.levels", "tingkat harus 1, 2 atau 3")
        if not all(isinstance(v, str) for v in data.get("good", [])):
            raise self.fail("report.good", "harus daftar kode jawaban")
        return ReportRole(**{**data, "levels": dict(levels), "good": tuple(data.get("good", ()))})

    def check(self, data: Any, path: str, numbers: set[str]) -> Check:
        """A relation like "D1 >= D2 >= D3 >= D4" between number items of the same instrument."""
        data = self.table(data, path, {"rule"}, {"level"})
        self.types(data, path, {"rule": str, "level": str})
        level = data.get("level", "error")
        if level not in CHECK_LEVELS:
            raise self.fail(f"{path}.level", f"'{level}' tidak dikenal ({', '.join(CHECK_LEVELS)})")
        parts = data["rule"].split()
        keys, ops = parts[::2], set(parts[1::2])
        if len(parts) < 3 or len(parts) % 2 == 0 or len(ops) != 1 or not ops <= set(CHECK_OPS):
            raise self.fail(f"{path}.rule", f"'{data['rule']}' harus berbentuk 'A >= B >= C' atau 'A <= B'")
        unknown = [k for k in keys if k not in numbers]
        if unknown:
            raise self.fail(f"{path}.rule", f"'{unknown[0]}' bukan butir angka instrumen ini")
        return Check(tuple(keys), ops.pop(), level)


@dataclass(frozen=True)
class SkillCatalogue:
    """The shipped draft catalogue of basic kader skills (resources/skills.toml)."""

    version: int
    skills: tuple[SkillEntry, ...]
    mapping: tuple[tuple[str, str], ...] = ()  # [mapping] old id = new id (an exchanged catalogue renaming ids)

    def ids(self) -> set[str]:
        """Every skill id."""
        return {code for code, _, _ in self.skills}


def load_skills(path: Path | None = None) -> SkillCatalogue:
    """Parse and validate the skill catalogue file (default: the shipped one)."""
    path = path or RESOURCES / "skills.toml"
    reader = _Reader(path, set())
    try:
        with open(path, "rb") as handle:
            data = reader.table(tomllib.load(handle), "(berkas)", {"version", "skills"}, {"mapping"})
    except tomllib.TOMLDecodeError as exc:
        raise DefinitionError(f"{path.name}: TOML tidak sah: {exc}") from exc
    reader.types(data, "(berkas)", {"version": int, "skills": list})
    entries: list[SkillEntry] = []
    for i, raw in enumerate(data["skills"]):
        row = reader.table(raw, f"skills[{i}]", {"id", "area", "label"}, set())
        reader.types(row, f"skills[{i}]", {"id": str, "area": str, "label": str})
        if not all(row[k].strip() for k in ("id", "area", "label")):
            raise reader.fail(f"skills[{i}]", "id, area dan label tidak boleh kosong")
        entries.append((row["id"], row["area"], row["label"]))
    reader.unique([code for code, _, _ in entries], "skills (id)")
    raw = data.get("mapping", {})
    if not isinstance(raw, dict):
        raise reader.fail("mapping", "harus berupa tabel kode lama = kode baru")
    ids = {code for code, _, _ in entries}
    for old, new in raw.items():
        if not isinstance(new, str) or new not in ids:
            raise reader.fail(f"mapping.{old}", f"kode baru '{new}' tidak ada di skills")
    return SkillCatalogue(data["version"], tuple(entries), tuple(raw.items()))


def shipped_skill_ids() -> set[str]:
    """Skill ids of the shipped catalogue (items may only point at these)."""
    return load_skills().ids()


def load_file(path: Path, skill_ids: set[str] | None = None) -> Instrument:
    """Parse and validate one definition file."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise DefinitionError(f"{path.name}: TOML tidak sah: {exc}") from exc
    return _Reader(path, skill_ids if skill_ids is not None else shipped_skill_ids()).instrument(data)


@cache
def shipped_ids() -> tuple[str, ...]:
    """Ids of the shipped definitions, in the order of the supervision cycle ([roles] step)."""
    found = [load_instrument(p.stem) for p in sorted(INSTRUMENTS_DIR.glob("*.toml"))]
    rank = {step: n for n, step in enumerate(STEPS)}
    return tuple(i.id for i in sorted(found, key=lambda i: (rank[i.roles.step] if i.roles else len(rank), i.id)))


def by_step(step: str) -> Instrument:
    """The shipped instrument serving this step of the cycle (definition.STEPS)."""
    for inst in load_all():
        if inst.roles is not None and inst.roles.step == step:
            return inst
    raise DefinitionError(f"Tidak ada instrumen untuk langkah '{step}'.")


def step_of(instrument_id: str) -> str:
    """The cycle step of a shipped instrument ("" when it declares none)."""
    roles = load_instrument(instrument_id).roles
    return roles.step if roles else ""


@cache
def load_instrument(instrument_id: str) -> Instrument:
    """The shipped definition with this id."""
    path = INSTRUMENTS_DIR / f"{instrument_id}.toml"
    if not path.is_file():
        raise DefinitionError(f"Instrumen '{instrument_id}' tidak dikenal.")
    return load_file(path)


def load_all() -> list[Instrument]:
    """Every shipped definition, in the order of the supervision cycle."""
    return [load_instrument(i) for i in shipped_ids()]


def __getattr__(name: str) -> Any:
    """`ORDER`: the shipped ids in cycle order (read from the definitions, not typed here)."""
    if name == "ORDER":
        return shipped_ids()
    raise AttributeError(name)
