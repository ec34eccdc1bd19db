"""Start-up to the first paint of the main window, against the first paint of a bare PySide6 window, each in a
fresh process (time from spawning the process; CLOCK_MONOTONIC is shared by the processes). The app starts through
its real entry point (`bina-kader --smoke`): the first paint waits for the window only; the database is opened and
Beranda filled after it, then the file's page-by-page check and the daily backup run. Those later moments are
reported too."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BARE = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
class Window(QMainWindow):
    painted = None
    def paintEvent(self, event):
        super().paintEvent(event)
        if Window.painted is None:
            Window.painted = time.monotonic()
            QTimer.singleShot(0, app.quit)
w = Window(); w.resize(1280, 720); w.show()
app.exec()
print(Window.painted, Window.painted, Window.painted)
"""

APP = """
import sys
from desktop.cli import run
code = run(["--db", sys.argv[1], "--smoke"])  # the real entry point (bina-kader --smoke), as a user starts it
from desktop.views.app import LAST_START
print(LAST_START["painted"], LAST_START["loaded"], LAST_START["ready"])
sys.exit(code)
"""


def _time(code: str, *args: str) -> tuple[float, float, float]:
    """Seconds from spawning the process to (first paint, data filled in, start-up work done)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # compiled once, as installed
    start = time.monotonic()
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True,
                         env=env).stdout
    painted, filled, ready = (float(x) - start for x in out.split()[-3:])
    return painted, filled, ready


def measure(db_path: Path, runs: int) -> dict[str, float]:
    """Median seconds of the bare window and of Bina Kader on `db_path`, interleaved to share machine noise:
    `bare`, `app` (first paint), `filled` (Beranda filled), `ready` (file checked, daily backup done)."""
    bare, app = [], []
    _time(BARE), _time(APP, str(db_path))  # warm the disk cache once (and make today's backup)
    for _ in range(runs):
        bare.append(_time(BARE)[0])
        app.append(_time(APP, str(db_path)))
    return {"bare": statistics.median(bare), "app": statistics.median(a[0] for a in app),
            "filled": statistics.median(a[1] for a in app), "ready": statistics.median(a[2] for a in app)}
