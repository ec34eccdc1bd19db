"""The outside audit's attacks on the command line (issue 16), repeated the way they were made: real `python -m
desktop.cli` processes, a pseudo-terminal for password prompts, a second process holding the file, a small tmpfs
for a full disk and a PostgreSQL connection killed mid-import. Each is refused or survived with nothing lost."""

from __future__ import annotations

import csv
import os
import random
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.models.db import close_db, open_elsewhere, open_marker
from desktop.models.schema import open_database
from desktop.services import auth
from tests.helpers.terminal import ROOT, cli_in_terminal

PASSWORD = "rahasia-kuat"


def cli(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    env = {**os.environ}
    env.pop("BINA_KADER_DB", None)
    return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=timeout, stdin=subprocess.DEVNULL)


def one_sentence(stderr: str, *words: str) -> None:
    """An Indonesian message on one line, no traceback."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Galat: "), stderr
    assert "Traceback" not in stderr and all(w in lines[0] for w in words), stderr


def sql(path: Path, query: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        rows = con.execute(query).fetchall()
        con.commit()
        return rows
    finally:
        con.close()


@pytest.fixture
def office(tmp_path: Path, demo_template: Path) -> Path:
    """A copy of the demo with one account per role that matters here; closed, as a CLI finds it."""
    path = tmp_path / "office" / "bina-kader.db"
    path.parent.mkdir()
    shutil.copy(demo_template, path)
    open_database(path)
    auth.create_user("Siti Promkes", "siti", PASSWORD, "admin")
    auth.create_user("Dinkes", "dinkes", PASSWORD, "kabupaten")
    auth.create_user("Staf Cetak", "staf", PASSWORD, "cetak")
    auth.log_out()
    close_db()
    return path


def test_row1_restore_only_by_the_pj_promkes_and_its_audit_survives(office, tmp_path, demo_template):
    old = tmp_path / "lama.db"
    shutil.copy(demo_template, old)  # an old backup without accounts
    users_before = sql(office, 'SELECT username FROM "user" ORDER BY id')
    for who in ("staf", "dinkes"):
        code, out = cli_in_terminal("--db", str(office), "--user", who, "restore", str(old), passwords=(PASSWORD,))
        assert code == 1 and "tidak berhak memulihkan" in out, out
        assert sql(office, 'SELECT username FROM "user" ORDER BY id') == users_before
    code, out = cli_in_terminal("--db", str(office), "--user", "siti", "restore", str(old), passwords=(PASSWORD,))
    assert code == 1 and "tidak memiliki akun pengguna" in out, out  # would open every NIK without a password
    assert sql(office, "SELECT COUNT(*) FROM audit_log WHERE action = 'ditolak'")[0][0] == 3

    code, out = cli_in_terminal("--db", str(office), "--user", "siti", "backup", "-o", str(tmp_path / "baik.db"),
                                passwords=(PASSWORD,))
    assert code == 0, out
    sql(office, "UPDATE kader SET name = 'Diubah Sesudah Cadangan' WHERE id = 1")
    assert sql(office, "SELECT name FROM kader WHERE id = 1")[0][0] == "Diubah Sesudah Cadangan"
    code, out = cli_in_terminal("--db", str(office), "--user", "siti", "restore", str(tmp_path / "baik.db"),
                                passwords=(PASSWORD,))
    assert code == 0 and "dipulihkan" in out, out
    assert sql(office, "SELECT name FROM kader WHERE id = 1")[0][0] != "Diubah Sesudah Cadangan"
    last = sql(office, "SELECT username, action, detail FROM audit_log ORDER BY id DESC LIMIT 1")[0]
    assert last[:2] == ("siti", "pulihkan") and "dipulihkan dari" in last[2]  # in the restored database itself
    kept = next((office.parent / "backups").glob("sebelum-pulih-*.db"))
    assert sql(kept, "SELECT username, action FROM audit_log ORDER BY id DESC LIMIT 1")[0] == ("siti", "pulihkan")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_row2_whole_copies_need_the_pj_promkes(office, tmp_path):
    copy, backup_file = tmp_path / "salinan.db", tmp_path / "cadangan.db"
    result = cli("--db", str(office), "backup", "-o", str(backup_file))
    assert result.returncode == 1 and "--user" in result.stderr and not backup_file.exists()
    result = cli("--db", str(office), "db", "copy", "--to", str(copy))
    assert result.returncode == 1 and "--user" in result.stderr and not copy.exists()
    code, out = cli_in_terminal("--db", str(office), "--user", "staf", "backup", "-o", str(backup_file),
                                passwords=(PASSWORD,))
    assert code == 1 and "tidak berhak" in out and not backup_file.exists(), out
    code, out = cli_in_terminal("--db", str(office), "--user", "dinkes", "db", "copy", "--to", str(copy),
                                passwords=(PASSWORD,))
    assert code == 1 and "tidak berhak" in out and not copy.exists(), out
    code, out = cli_in_terminal("--db", str(office), "--user", "siti", "db", "copy", "--to", str(copy),
                                passwords=(PASSWORD,))
    assert code == 0, out
    assert sql(copy, "SELECT username, action FROM audit_log ORDER BY id DESC LIMIT 1")[0] == ("siti", "salin")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_row2_merge_into_a_server_needs_the_pj_promkes_and_is_audited(office, pg_url):
    result = cli("--db", str(office), "db", "copy", "--to", pg_url, "--gabung")
    assert result.returncode == 1 and "--user" in result.stderr
    import psycopg

    with psycopg.connect(pg_url) as con:
        assert not con.execute("SELECT 1 FROM information_schema.tables WHERE table_name = 'kader'").fetchone()
    code, out = cli_in_terminal("--db", str(office), "--user", "siti", "db", "copy", "--to", pg_url, "--gabung",
                                passwords=(PASSWORD,))
    assert code == 0, out
    with psycopg.connect(pg_url) as con:
        assert con.execute("SELECT username, action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone() == (
            "siti", "gabung")
        assert con.execute("SELECT COUNT(*) FROM kader").fetchone()[0] > 100


def test_users_command_group_follows_the_pengguna_rules(office):
    code, out = cli_in_terminal("--db", str(office), "--user", "siti", "users", "add", "bidan", "--nama", "Bidan Ani",
                                "--peran", "cetak", passwords=(PASSWORD, "kata-sandi-awal", "kata-sandi-awal"))
    assert code == 0 and "Akun bidan" in out, out
    code, out = cli_in_terminal("--db", str(office), "--user", "siti", "users", "list", passwords=(PASSWORD,))
    assert code == 0 and "bidan" in out and "Petugas cetak" in out, out
    code, out = cli_in_terminal("--db", str(office), "--user", "dinkes", "users", "reset-password", "siti",
                                passwords=(PASSWORD, "diambil-alih", "diambil-alih"))
    assert code == 1 and "PJ Promkes pertama" in out, out  # row 3 from the command line
    code, out = cli_in_terminal("--db", str(office), "--user", "staf", "users", "add", "x", "--nama", "X",
                                "--peran", "admin", passwords=(PASSWORD,))
    assert code == 1 and "tidak berhak" in out, out
    code, out = cli_in_terminal("--db", str(office), "--user", "siti", "users", "disable", "bidan",
                                passwords=(PASSWORD,))
    assert code == 0, out
    assert sql(office, "SELECT active FROM \"user\" WHERE username = 'bidan'")[0][0] == 0
    code, out = cli_in_terminal("--db", str(office), "--user", "bidan", "users", "list", passwords=("kata-sandi-awal",))
    assert code == 1 and "salah" in out, out  # a disabled account cannot sign in


def test_row13_a_cli_command_leaves_the_window_s_open_marker_alone(office):
    owner = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\nfrom pathlib import Path\nfrom desktop.models.schema import open_database\n"
        "open_database(Path(sys.argv[1]))\nprint('open', flush=True)\ntime.sleep(60)\n"), str(office)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert owner.stdout.readline().strip() == "open"
        assert open_elsewhere(office) == owner.pid
        assert cli("--db", str(office), "teams", "check").returncode in (0, 1)
        assert open_marker(office).read_text() == str(owner.pid)  # still the window's
        assert open_elsewhere(office) == owner.pid  # so a second window is still refused
    finally:
        owner.kill()
        owner.wait()


def test_row14_restore_of_a_backup_with_an_empty_schema_version_is_refused(office, tmp_path):
    broken = tmp_path / "tanpa-versi.db"
    shutil.copy(office, broken)
    sql(broken, "DELETE FROM schema_version")
    before = office.read_bytes()
    code, out = cli_in_terminal("--db", str(office), "--user", "siti", "restore", str(broken), passwords=(PASSWORD,))
    assert code == 1 and "schema_version" in out and "tidak diubah" in out, out
    assert office.read_bytes() == before
    assert not list(office.parent.glob("backups/sebelum-pulih-*"))


def test_row15_a_killed_demo_build_leaves_nothing_half_made(tmp_path):
    target = tmp_path / "demo" / "demo.db"
    env = {**os.environ}
    build = subprocess.Popen([sys.executable, "-m", "desktop.cli", "--db", str(target), "demo"], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(target.parent.glob(".demo.db.*.membangun")) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)  # well inside the build
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert not target.exists()  # nothing half-built under the real name
    again = cli("--db", str(target), "demo")
    assert again.returncode == 0, again.stderr
    assert sql(target, "SELECT COUNT(*) FROM kader")[0][0] > 100
    assert not list(target.parent.glob(".demo.db.*"))  # the killed build's file is gone too


# --- faults: a full disk, a locked file, a server gone -------------------------------------------------------


def _roster_csv(path: Path, db: Path, rows: int) -> Path:
    names = [r[0] for r in sql(db, "SELECT name FROM posyandu WHERE active = 1")]
    rng = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["No", "Nama Kader", "NIK", "No. HP/WA", "L/P", "Nama Posyandu", "Pelatihan"])
        for n in range(rows):
            nik = (f"3216{1 + n // 9999:02d}{rng.randint(41, 68):02d}{rng.randint(1, 12):02d}{rng.randint(60, 99)}"
                   f"{n % 9999 + 1:04d}")  # a woman's NIK whose structure holds (day + 40), unique by its serial
            writer.writerow([n + 1, f"Kader Uji {n:05d} {'x' * 40}", nik, f"0812{n:08d}", "P", rng.choice(names),
                             "Belum"])
    return path


@pytest.fixture
def small_disk(tmp_path: Path):
    """A tmpfs of a given size (the test machine runs as root; elsewhere these tests cannot be made)."""
    mounts = []

    def make(size_kb: int) -> Path:
        folder = tmp_path / f"disk{len(mounts)}"
        folder.mkdir()
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
                                capture_output=True)
        if result.returncode != 0:
            pytest.skip("a small tmpfs needs root (mount): " + result.stderr.decode(errors="replace"))
        mounts.append(folder)
        return folder

    yield make
    for folder in mounts:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_row17_disk_full_during_import(demo_template, tmp_path, small_disk):
    size_kb = demo_template.stat().st_size // 1024 + 160
    disk = small_disk(size_kb)
    db = disk / "bina-kader.db"
    shutil.copy(demo_template, db)
    roster = _roster_csv(tmp_path / "kader.csv", db, 4000)
    kader_before = sql(db, "SELECT COUNT(*) FROM kader")[0][0]
    result = cli("--db", str(db), "import", "roster", str(roster))
    assert result.returncode == 1
    one_sentence(result.stderr, "Ruang disk penuh")
    assert sql(db, "PRAGMA integrity_check")[0][0] == "ok"
    assert sql(db, "SELECT COUNT(*) FROM kader")[0][0] == kader_before  # nothing half-written
    assert not [p.name for p in disk.iterdir() if p.name.endswith(("-journal", ".tmp"))]


def test_row17_backup_on_a_full_disk(demo_template, tmp_path, small_disk):
    db = tmp_path / "office" / "bina-kader.db"
    db.parent.mkdir()
    shutil.copy(demo_template, db)
    disk = small_disk(256)
    result = cli("--db", str(db), "backup", "-o", str(disk / "cadangan.db"))
    assert result.returncode == 1
    one_sentence(result.stderr, "Ruang disk penuh", "cadangan.db")
    assert list(disk.iterdir()) == []  # no .tmp, no -journal


def test_row17_database_locked_by_another_writer(demo_template, tmp_path):
    db = tmp_path / "office" / "bina-kader.db"
    db.parent.mkdir()
    shutil.copy(demo_template, db)
    roster = _roster_csv(tmp_path / "kader.csv", db, 5)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time\ncon = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "con.execute('BEGIN EXCLUSIVE')\nprint('locked', flush=True)\ntime.sleep(60)\n"), str(db)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = cli("--db", str(db), "import", "roster", str(roster))
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1
    one_sentence(result.stderr, "terkunci")
    assert sql(db, "SELECT COUNT(*) FROM kader WHERE name LIKE 'Kader Uji%'")[0][0] == 0


def test_row17_server_killed_mid_import(demo_pg_template, tmp_path, demo_template):
    """The import's connection is ended by the server (as when PostgreSQL is stopped) while it writes."""
    import psycopg

    from tests.helpers.fixtures import _pg_database

    url, drop = _pg_database(template=demo_pg_template)
    try:
        roster = _roster_csv(tmp_path / "kader.csv", demo_template, 50)
        admin = psycopg.connect(url, autocommit=True)
        before = admin.execute("SELECT COUNT(*) FROM kader").fetchone()[0]
        blocker = psycopg.connect(url)
        # the audit entry is written inside the import's transaction, after the kader rows: it waits there
        blocker.execute("LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE")
        env = {**os.environ}
        env.pop("BINA_KADER_DB", None)
        importing = subprocess.Popen([sys.executable, "-m", "desktop.cli", "--db", url, "import", "roster",
                                      str(roster)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
        waiting = None
        deadline = time.monotonic() + 60
        while waiting is None and time.monotonic() < deadline:
            waiting = admin.execute("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND "
                                    "datname = current_database()").fetchone()
            time.sleep(0.1)
        assert waiting is not None, importing.communicate(timeout=5)
        admin.execute("SELECT pg_terminate_backend(%s)", waiting)
        blocker.rollback()
        blocker.close()
        _, stderr = importing.communicate(timeout=120)
        assert importing.returncode == 1
        one_sentence(stderr, "terputus")
        assert admin.execute("SELECT COUNT(*) FROM kader").fetchone()[0] == before
        admin.close()
    finally:
        drop()
