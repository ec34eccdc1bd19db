"""Changes to the skill catalogue, each behind the master-data right: Pengaturan › Keterampilan Kader and
`bina-kader skills import` call these, never the model functions directly (reading stays in models.skills)."""

from __future__ import annotations

from pathlib import Path

from desktop.models import skills
from desktop.models.records import Skill
from desktop.services import auth


def save_skill(code: str, area: str, label: str, skill: Skill | None = None) -> Skill:
    auth.require("edit_master")
    return skills.save_skill(code, area, label, skill)


def move_skill(skill: Skill, offset: int) -> None:
    auth.require("edit_master")
    skills.move_skill(skill, offset)


def set_retired(skill: Skill, retired: bool) -> None:
    auth.require("edit_master")
    skills.set_retired(skill, retired)


def import_catalogue(path: Path) -> dict[str, int]:
    auth.require("edit_master")
    return skills.import_catalogue(path)
