import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.models.migrations import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, env_db: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "BINA_KADER_DB"}
    if env_db:
        env["BINA_KADER_DB"] = env_db
    return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120, stdin=subprocess.DEVNULL)  # no terminal to type into


def test_demo_then_check_backup_restore(tmp_path):
    db = str(tmp_path / "x.db")
    made = cli("--db", db, "demo")
    assert made.returncode == 0, made.stderr
    assert "posyandu aktif" in made.stdout
    check = cli("--db", db, "db", "check")
    assert check.returncode == 0, check.stderr
    assert "quick_check = ok" in check.stdout and "Skema      : v" in check.stdout
    out = tmp_path / "cadangan.db"
    assert cli("--db", db, "backup", "-o", str(out)).returncode == 0
    restored = cli("--db", db, "restore", str(out))
    assert restored.returncode == 0, restored.stderr
    assert "Salinan basis data sebelumnya" in restored.stdout
    assert list((tmp_path / "backups" / "x").glob("sebelum-pulih-*.db"))  # x.db keeps its own backups


def test_env_var_selects_database(tmp_path):
    db = tmp_path / "env.db"
    assert cli("demo", env_db=str(db)).returncode == 0
    assert db.exists()


def test_upgrade_command_on_v1_file(v1_copy):
    result = cli("--db", str(v1_copy), "db", "check")
    assert result.returncode == 0 and "Perlu pemutakhiran" in result.stdout
    result = cli("--db", str(v1_copy), "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert f"dari v1 ke v{SCHEMA_VERSION}" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("db", "check"), "tidak lolos pemeriksaan"),
        (("restore", "TIDAK-ADA.db"), "tidak dapat dipakai"),
        (("backup",), "tidak ditemukan"),
    ],
)
def test_user_mistakes_give_one_indonesian_line_and_no_traceback(tmp_path, args, message):
    result = cli("--db", str(tmp_path / "belum-ada.db"), *args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "belum-ada.db").exists() or args[0] != "restore"


def test_restore_rejects_a_non_database_and_keeps_current(tmp_path):
    db = tmp_path / "x.db"
    assert cli("--db", str(db), "demo").returncode == 0
    junk = tmp_path / "junk.db"
    junk.write_text("bukan basis data")
    before = cli("--db", str(db), "db", "check").stdout
    result = cli("--db", str(db), "restore", str(junk))
    assert result.returncode == 1 and "Basis data tidak diubah" in result.stderr
    assert cli("--db", str(db), "db", "check").stdout == before


def test_unknown_command_is_explained():
    result = cli("terbang")
    assert result.returncode == 2 and "perintah tidak dapat dipahami" in result.stderr


def test_instruments_and_print_commands(tmp_path):
    db = str(tmp_path / "x.db")
    assert cli("--db", db, "demo").returncode == 0
    listed = cli("instruments")
    assert listed.returncode == 0 and "observasi_posyandu" in listed.stdout and "v1" in listed.stdout
    out = tmp_path / "kosong.pdf"
    result = cli("--db", db, "print", "blank", "observasi_posyandu", "--posyandu", "Melati 2", "--paper", "f4",
                 "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    filled = cli("--db", db, "print", "filled", "1", "-o", str(tmp_path / "isi.pdf"))
    assert filled.returncode == 0, filled.stderr
    wrong = cli("--db", db, "print", "blank", "tidak_ada", "-o", str(tmp_path / "x.pdf"))
    assert wrong.returncode == 1 and "tidak dikenal" in wrong.stderr and "Traceback" not in wrong.stderr
    missing = cli("--db", db, "print", "blank", "coaching", "--posyandu", "Antah", "-o", str(tmp_path / "y.pdf"))
    assert missing.returncode == 1 and "Posyandu 'Antah' tidak ditemukan" in missing.stderr


def test_template_and_import_commands(tmp_path):
    db = str(tmp_path / "x.db")
    assert cli("--db", db, "demo").returncode == 0
    out = tmp_path / "coaching.xlsx"
    made = cli("--db", db, "template", "instrumen", "coaching", "-o", str(out))
    assert made.returncode == 0 and out.exists(), made.stderr
    empty = cli("--db", db, "import", "responses", "coaching", str(out))
    assert empty.returncode == 1 and "tidak berisi baris jawaban" in empty.stderr
    wrong = cli("--db", db, "import", "responses", "observasi_posyandu", str(out))
    assert wrong.returncode == 1 and "templat 'coaching'" in wrong.stderr
    mentoring = cli("--db", db, "template", "instrumen", "mentoring", "-o", str(tmp_path / "m.xlsx"))
    assert mentoring.returncode == 0 and (tmp_path / "m.xlsx").exists(), mentoring.stderr  # tables on own sheets
