"""The editable catalogue of basic kader skills: seeded from resources/skills.toml, versioned on every edit."""

from __future__ import annotations

import tomllib

import peewee

from desktop.models.db import DB
from desktop.models.errors import UserError
from desktop.models.records import Skill
from desktop.models.settings import get_setting, set_setting
from desktop.paths import RESOURCES

VERSION_KEY = "skills_catalogue_version"


def seed_skills() -> int:
    """Fill an empty catalogue with the shipped draft list; return how many skills were added."""
    if Skill.select().exists():
        return 0
    with open(RESOURCES / "skills.toml", "rb") as handle:
        data = tomllib.load(handle)
    rows = [
        {"code": s["id"], "area": s["area"], "label": s["label"], "position": i, "retired": False}
        for i, s in enumerate(data["skills"])
    ]
    with DB.atomic():
        Skill.insert_many(rows).execute()
        set_setting(VERSION_KEY, str(data.get("version", 1)))
    return len(rows)


def catalogue_version() -> int:
    """Incremented on every change, so a record can say which catalogue it was made with."""
    return int(get_setting(VERSION_KEY, "1"))


def _bump() -> None:
    set_setting(VERSION_KEY, str(catalogue_version() + 1))


def skills(include_retired: bool = False) -> list[Skill]:
    """The catalogue in display order."""
    query = Skill.select().order_by(Skill.position, Skill.id)
    return list(query if include_retired else query.where(~Skill.retired))


def labels() -> dict[str, str]:
    """{code: label} of every skill, retired ones included (old records still name them)."""
    return {s.code: s.label for s in Skill.select(Skill.code, Skill.label)}


def save_skill(code: str, area: str, label: str, skill: Skill | None = None) -> Skill:
    """Add a skill or rename one; codes are permanent once used."""
    code, area, label = code.strip().upper(), area.strip(), " ".join(label.split())
    if not code or not area or not label:
        raise UserError("Kode, area, dan uraian keterampilan wajib diisi.")
    with DB.atomic():
        if skill is None:
            if Skill.select().where(Skill.code == code).exists():
                raise UserError(f"Kode keterampilan {code} sudah dipakai.")
            position = (Skill.select(peewee.fn.MAX(Skill.position)).scalar() or 0) + 1
            skill = Skill.create(code=code, area=area, label=label, position=position)
        else:
            skill.area, skill.label = area, label
            skill.save()
        _bump()
    return skill


def move_skill(skill: Skill, offset: int) -> None:
    """Move a skill up (-1) or down (+1) in the display order."""
    ordered = skills(include_retired=True)
    index = next(i for i, s in enumerate(ordered) if s.id == skill.id)
    target = index + offset
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    with DB.atomic():
        for position, s in enumerate(ordered):
            Skill.update(position=position).where(Skill.id == s.id).execute()
        _bump()


def set_retired(skill: Skill, retired: bool) -> None:
    """Retire a skill (kept for old records, hidden from new forms) or bring it back."""
    with DB.atomic():
        skill.retired = retired
        skill.save()
        _bump()


ALIASES_KEY = "skills_aliases"  # JSON {old code: new code}: instrument items name the shipped codes


def aliases() -> dict[str, str]:
    """Shipped skill codes renamed by an imported catalogue (old -> new)."""
    import json

    return json.loads(get_setting(ALIASES_KEY, "{}") or "{}")


def current_code(code: str | None) -> str | None:
    """The code a skill has in this database's catalogue (after imports that renamed it)."""
    return aliases().get(code, code) if code else code


def export_catalogue(path) -> int:
    """Write the active catalogue as a skills file (the format of resources/skills.toml); return how many."""
    rows = skills()

    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = ["# Katalog keterampilan dasar kader (Bina Kader).", f"version = {catalogue_version()}", ""]
    for s in rows:
        lines += ["[[skills]]", f"id = {q(s.code)}", f"area = {q(s.area)}", f"label = {q(s.label)}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return len(rows)


def import_catalogue(path) -> dict[str, int]:
    """Replace the catalogue by a skills file (e.g. the official list from the Dinas Kesehatan).

    The file may carry `[mapping]` old code = new code: every stored use of an old code (indexed answers,
    follow-ups) moves to the new one, and instrument items naming the old code count for the new one. Skills of
    the old catalogue that the file neither keeps nor maps are retired (old records still name them). All or
    nothing; a broken file or mapping fails naming the key."""
    import json

    from desktop.instruments.loader import DefinitionError, load_skills
    from desktop.models.records import RecordAnswer
    from desktop.models.schedule import FollowUp

    try:
        catalogue = load_skills(path)
    except (OSError, DefinitionError) as exc:
        raise UserError(f"Berkas katalog tidak dapat dipakai: {exc}") from exc
    mapping = {old: new for old, new in catalogue.mapping if old != new}
    new_codes = catalogue.ids()
    old = {s.code: s for s in Skill.select()}
    for source, target in mapping.items():
        if source not in old:
            raise UserError(f"{path.name}: mapping.{source}: kode lama tidak ada di katalog.")
        if target in old and target not in mapping:
            raise UserError(f"{path.name}: mapping.{source}: kode baru '{target}' sudah dipakai keterampilan lain "
                            "yang tidak dipetakan.")
    kept = added = retired = 0
    with DB.atomic():
        for step in ("tmp", "final"):  # via temporary codes, so A -> B and B -> C never collide
            for source, target in mapping.items():
                before = source if step == "tmp" else f"~{source}"
                after = f"~{source}" if step == "tmp" else target
                Skill.update(code=after).where(Skill.code == before).execute()
                RecordAnswer.update(skill=after).where(RecordAnswer.skill == before).execute()
                for item in FollowUp.select().where(FollowUp.skills.contains(f'"{before}"')):
                    item.skills = [after if s == before else s for s in item.skills]
                    item.save()
        current = {s.code: s for s in Skill.select()}
        for position, (code, area, label) in enumerate(catalogue.skills):
            skill = current.get(code)
            if skill is None:
                Skill.create(code=code, area=area, label=label, position=position)
                added += 1
            else:
                skill.area, skill.label, skill.position, skill.retired = area, label, position, False
                skill.save()
                kept += 1
        for code, skill in current.items():
            if code not in new_codes and not skill.retired:
                skill.retired = True
                skill.save()
                retired += 1
        merged = {k: mapping.get(v, v) for k, v in aliases().items()} | mapping
        set_setting(ALIASES_KEY, json.dumps(merged, sort_keys=True))
        _bump()
    return {"kept": kept, "added": added, "retired": retired, "mapped": len(mapping)}
