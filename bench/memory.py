"""Peak resident memory with the database open, the main window shown and the kader x skill grid on screen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PEAK = """
def _peak():  # VmHWM: this process's own peak RSS (ru_maxrss would carry the parent's over fork/exec)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
"""

SCRIPT = PEAK + """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from desktop.views.opening import open_or_recover
from desktop.views.main_window import MainWindow
path = Path(sys.argv[1])
open_or_recover(path, lambda exc: False)
w = MainWindow(path); w.resize(1366, 768); w.show()
w.show_section("Laporan")
page = w.page("Laporan")
page.tabs.setCurrentIndex(2)
app.processEvents()
print(_peak())
"""

BARE = PEAK + """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1366, 768); w.show(); app.processEvents()
print(_peak())
"""


def measure(db: Path) -> tuple[float, float]:
    """(bare window MB, Bina Kader MB) peak RSS."""
    def run(code: str, *args: str) -> float:
        out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True)
        return float(out.stdout.strip().splitlines()[-1])

    return run(BARE), run(SCRIPT, str(db))
