"""Shared fixtures: real SQLite files in temporary folders, and real PostgreSQL databases on the throwaway server
that scripts/test starts (BINA_KADER_TEST_PG). Modules listed in BOTH_BACKENDS run their `db`/`demo_db` tests on
both engines."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from pathlib import Path

import pytest

from desktop.models.db import close_db
from desktop.models.schema import open_database
from desktop.services.demo import build_demo

DATA = Path(__file__).resolve().parent.parent / "data"
ANCHOR = dt.date(2026, 11, 1)


# Model, rules, import and report tests: run against SQLite and PostgreSQL.
BOTH_BACKENDS = {
    "tests.models.test_team_rules", "tests.models.test_schedule_rules", "tests.models.test_skills",
    "tests.models.test_shared", "tests.services.test_records", "tests.services.test_kader_service",
    "tests.services.test_teams", "tests.services.test_schedule", "tests.services.test_follow_up",
    "tests.services.test_roster_import", "tests.services.test_responses_import", "tests.services.test_report",
    "tests.services.test_analysis", "tests.services.test_rollup", "tests.services.test_auth",
    "tests.services.test_identity",
    "tests.reports.test_render", "tests.reports.test_instrument_pdf",
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        both = metafunc.module.__name__ in BOTH_BACKENDS
        metafunc.parametrize("backend", ["sqlite", "postgres"] if both else ["sqlite"], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return getattr(request, "param", "sqlite")


def _pg_admin():
    import psycopg

    url = os.environ.get("BINA_KADER_TEST_PG")
    if not url:
        pytest.fail("BINA_KADER_TEST_PG is not set: run ./scripts/test, which starts the throwaway PostgreSQL "
                    "server these tests need (they fail rather than skip, so a broken server is noticed)")
    return url, psycopg.connect(url, autocommit=True)


def _pg_database(template: str | None = None) -> tuple[str, callable]:
    """A new, empty (or template-copied) database on the test server: (url, drop)."""
    url, admin = _pg_admin()
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))

    def drop() -> None:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return url.rsplit("/", 1)[0] + f"/{name}", drop


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database."""
    url, drop = _pg_database()
    yield url
    close_db()
    drop()


@pytest.fixture
def db_path(tmp_path: Path, backend: str, request: pytest.FixtureRequest):
    """Where the test's database lives: a file in a temp folder, or a fresh database on the test server."""
    if backend == "postgres":
        return request.getfixturevalue("pg_url")
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


@pytest.fixture(scope="session")
def demo_pg_template(demo_template: Path) -> str:
    """The small demo copied once into a PostgreSQL template database (with `db copy`)."""
    from desktop.services.db_copy import copy_database

    url, admin = _pg_admin()
    name = f"demo_{uuid.uuid4().hex[:8]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    copy_database(demo_template, url.rsplit("/", 1)[0] + f"/{name}")
    return name


@pytest.fixture
def demo_server(demo_pg_template: str):
    """The small demo on the test PostgreSQL server (its own database), open."""
    url, drop = _pg_database(template=demo_pg_template)
    open_database(url)
    yield url
    close_db()
    drop()


@pytest.fixture
def demo_db(backend: str, tmp_path: Path, demo_template: Path, request: pytest.FixtureRequest):
    """A fresh copy of the small demo database, open (a file, or a database on the test server)."""
    if backend == "postgres":
        yield request.getfixturevalue("demo_server")
        return
    path = tmp_path / "office" / "bina-kader.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(demo_template, path)
    open_database(path)
    yield path
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
