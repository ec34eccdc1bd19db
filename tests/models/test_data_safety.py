"""Data safety: a writer killed at random moments never leaves a damaged file or loses a saved record; a second
program on the same file is detected; environment failures are explained in Indonesian."""

import errno
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from desktop.models.db import close_db, open_elsewhere, open_marker
from desktop.models.errors import explain

WRITER = r"""
import sys
from pathlib import Path
from desktop.instruments.loader import load_instrument
from desktop.models.people import Posyandu, Staff
from desktop.models.schema import open_database
from desktop.services.records import save_answers

open_database(Path(sys.argv[1]))
inst = load_instrument("observasi_posyandu")
posyandu = Posyandu.select().first()
staff = Staff.select().first()
import datetime as dt
import random
from desktop.models.errors import UserError
n = random.randrange(9000)  # one sheet per posyandu and day: each save takes a day not recorded yet
while True:
    n += 1
    answers = {"posyandu": posyandu.id, "tanggal": (dt.date(2000, 1, 1) + dt.timedelta(days=n)).isoformat(),
               "supervisor": staff.id, "D6": "catatan %d" % n,
               **{"A%d" % i: {"dilaksanakan": "ya", "sesuai_standar": "sebagian"} for i in range(1, 6)}}
    try:
        record = save_answers(inst, answers)
    except UserError:  # that day was recorded by an earlier run
        continue
    print(record.id, flush=True)  # the save returned: this record must survive a kill
"""

KILLS = 100


def test_killed_writer_never_damages_the_file_or_loses_a_saved_record(demo_db, tmp_path):
    close_db()
    rng = random.Random(2026)
    saved: set[int] = set()
    for _ in range(KILLS):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(demo_db)], stdout=subprocess.PIPE, text=True)
        first = writer.stdout.readline()  # started and saved at least once
        assert first.strip().isdigit(), first
        time.sleep(rng.uniform(0.0, 0.15))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate()
        saved.update(int(line) for line in (first + out).split() if line.isdigit())
        con = sqlite3.connect(demo_db)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            present = {row[0] for row in con.execute("SELECT id FROM instrument_record")}
        finally:
            con.close()
        assert saved <= present
    assert len(saved) >= KILLS  # each run saved at least one record before its kill
    print(f"{KILLS} kills, {len(saved)} saved records all present, integrity ok")


def test_a_second_program_on_the_same_file_is_detected(db, db_path):
    assert open_elsewhere(db_path) is None  # our own marker
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        open_marker(db_path).write_text(str(other.pid))
        assert open_elsewhere(db_path) == other.pid
    finally:
        other.kill()
        other.wait()
    assert open_elsewhere(db_path) is None  # a marker left by a dead process is not "open elsewhere"


@pytest.mark.parametrize(("error", "words"), [
    (sqlite3.OperationalError("database is locked"), "terkunci"),
    (sqlite3.OperationalError("attempt to write a readonly database"), "hanya-baca"),
    (sqlite3.OperationalError("database or disk is full"), "Ruang disk penuh"),
    (OSError(errno.ENOSPC, "No space left on device"), "Ruang disk penuh"),
    (sqlite3.OperationalError("unable to open database file"), "dipindahkan"),
])
def test_environment_failures_are_explained(error, words):
    assert words in explain(error)


def test_a_bug_is_not_dressed_up_as_an_environment_failure():
    assert explain(ValueError("bug")) is None
