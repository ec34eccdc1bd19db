"""Shared fixtures: real SQLite files in temporary folders."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from desktop.models.db import close_db
from desktop.models.schema import open_database
from desktop.services.demo import build_demo

DATA = Path(__file__).resolve().parent.parent / "data"
ANCHOR = dt.date(2026, 11, 1)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "office" / "bina-kader.db"


@pytest.fixture
def db(db_path: Path):
    """An empty, open database file."""
    database = open_database(db_path)
    yield database
    close_db()


@pytest.fixture
def demo_db(db_path: Path):
    """The small demo database, built fresh in a temp folder."""
    build_demo(db_path, "small", anchor=ANCHOR)
    yield db_path
    close_db()


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    """A copy of the real schema-v1 database file kept in tests/data."""
    target = tmp_path / "old" / "bina-kader.db"
    target.parent.mkdir()
    shutil.copy(DATA / "bina_kader_v1.db", target)
    return target
