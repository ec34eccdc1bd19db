"""Start-up to a shown main window, against a bare PySide6 window, each in a fresh process."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1280, 720); w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""

APP = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from desktop.models import backup
from desktop.views.opening import open_or_recover
from desktop.views.main_window import MainWindow
path = Path(sys.argv[1])
open_or_recover(path, lambda exc: False)
backup.daily_backup(path)
w = MainWindow(path); w.show()
QTimer.singleShot(0, app.quit)
app.exec()
from desktop.models.db import close_db
close_db()  # as run_gui does: a clean shutdown
"""


def _time(code: str, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True)
    return time.perf_counter() - start


def measure(db_path: Path, runs: int) -> dict[str, float]:
    """Median seconds of the bare window and of Bina Kader on `db_path`, interleaved to share machine noise."""
    bare, app = [], []
    _time(BARE), _time(APP, str(db_path))  # warm the disk cache once
    for _ in range(runs):
        bare.append(_time(BARE))
        app.append(_time(APP, str(db_path)))
    return {"bare": statistics.median(bare), "app": statistics.median(app)}
