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


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo database, built once per test session (never opened by tests directly)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, "small", anchor=ANCHOR)
    close_db()
    return path


@pytest.fixture
def demo_db(db_path: Path, demo_template: Path):
    """A fresh copy of the small demo database, open."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(demo_template, db_path)
    open_database(db_path)
    yield db_path
    close_db()


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    """A copy of the real schema-v1 database file kept in tests/data."""
    target = tmp_path / "old" / "bina-kader.db"
    target.parent.mkdir()
    shutil.copy(DATA / "bina_kader_v1.db", target)
    return target


@pytest.fixture
def open_section(qtbot):
    """Open the main window (1366×728, shown) on a section; returns (window, page)."""
    from desktop.views.main_window import MainWindow

    def _open(db_path: Path, name: str):
        window = MainWindow(db_path)
        qtbot.addWidget(window)
        window.resize(1366, 728)
        window.show()
        window.show_section(name)
        return window, window.page(name)

    return _open


@pytest.fixture(autouse=True)
def _signed_out():
    """Every test starts and ends signed out (the session is process-wide, like the database binding)."""
    from desktop.services import auth

    auth.log_out()
    yield
    auth.log_out()
