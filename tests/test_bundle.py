"""The PyInstaller bundle builds, starts on a new database, and the NSIS installer script compiles around it.

Runs scripts/build-bundle once for the module (about a minute on a 2-core machine). It needs makensis: the script
installs Debian's `nsis` itself when run as root, and fails loudly otherwise.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import APP_NAME, __version__

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bundle"
BUNDLE = OUT / "dist" / "bina-kader"
EXE = BUNDLE / ("bina-kader.exe" if sys.platform == "win32" else "bina-kader")
SETUP = OUT / f"bina-kader-{__version__}-setup.exe"


def _tail(text: str, lines: int = 60) -> str:
    return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="module")
def bundle() -> Path:
    """Build the bundle and the installer once; any failure fails every test of the module with the build log."""
    built = subprocess.run([str(ROOT / "scripts" / "build-bundle"), "--fast-installer"], cwd=ROOT,
                           capture_output=True, text=True, timeout=1200)
    assert built.returncode == 0, (f"scripts/build-bundle failed (exit {built.returncode})\n--- stdout\n"
                                   f"{_tail(built.stdout)}\n--- stderr\n{_tail(built.stderr)}")
    assert EXE.is_file() and os.access(EXE, os.X_OK), f"no executable at {EXE}\n{_tail(built.stdout)}"
    return EXE


def _run(exe: Path, *args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run the bundled app headless, with its data folder inside tmp_path (never the developer's own)."""
    env = {k: v for k, v in os.environ.items() if k not in ("BINA_KADER_DB", "PYTHONPATH", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"), HOME=str(tmp_path / "home"),
               LOCALAPPDATA=str(tmp_path / "data"))
    return subprocess.run([str(exe), *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


def test_bundle_reports_version(bundle, tmp_path):
    done = _run(bundle, "--version", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{APP_NAME} {__version__}"


def test_bundle_opens_main_window_on_new_database(bundle, tmp_path):
    db = tmp_path / "x.db"
    done = _run(bundle, "--db", str(db), "--smoke", tmp_path=tmp_path)
    assert done.returncode == 0, f"exit {done.returncode}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
    assert db.is_file() and db.stat().st_size > 0, "the bundled app did not create the database"


def test_bundle_finds_its_resources(bundle, tmp_path):
    """Instrument definitions (resources/) load from inside the bundle, and a PDF is written with the shipped font."""
    listed = _run(bundle, "instruments", tmp_path=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "observasi_posyandu" in listed.stdout
    db, pdf = tmp_path / "demo.db", tmp_path / "kosong.pdf"
    demo = _run(bundle, "--db", str(db), "demo", tmp_path=tmp_path)
    assert demo.returncode == 0, demo.stderr
    printed = _run(bundle, "--db", str(db), "print", "blank", "coaching", "-o", str(pdf), tmp_path=tmp_path)
    assert printed.returncode == 0, printed.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and b"DejaVuSans" in pdf.read_bytes()


def test_bundle_keeps_shared_mode_libraries(bundle):
    """psycopg with its binary implementation and the keyring backends are in the bundle (imported lazily)."""
    from PyInstaller.archive.readers import CArchiveReader

    modules = set(CArchiveReader(str(bundle)).open_embedded_archive("PYZ.pyz").toc)
    for name in ("psycopg", "keyring", "keyring.backends.Windows", "platformdirs.windows", "desktop.views.main_window"):
        assert name in modules, f"{name} missing from the bundle"
    assert list((bundle.parent / "_internal" / "psycopg_binary").glob("_psycopg*")), "psycopg_binary missing"
    assert list((bundle.parent / "_internal").glob("_rl_accel*")), "reportlab's C accelerator missing"
    for name in ("tkinter", "pytest", "hypothesis", "PySide6.QtQml", "PySide6.QtWebEngineCore"):
        assert name not in modules, f"{name} should be excluded from the bundle"


def test_installer_compiled(bundle):
    assert SETUP.is_file(), f"{SETUP} was not written"
    assert SETUP.read_bytes()[:2] == b"MZ", "not a Windows executable"
    assert SETUP.stat().st_size > 20_000_000, f"{SETUP} is only {SETUP.stat().st_size} bytes: the bundle is missing"
