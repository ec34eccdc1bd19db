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
