"""Roster import of a 10,000-row .xlsx (read, check, write) against a bare pandas read of the same file with
the fastest engine (python-calamine)."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

ROWS = 10_000


def _roster_file(db: Path, folder: Path) -> Path:
    """10,000 new kader spread over the first puskesmas' posyandu, written the way offices type them."""
    import random

    from openpyxl import Workbook

    from desktop.models.db import close_db
    from desktop.models.schema import open_database
    from desktop.models.settings import current_puskesmas
    from desktop.services.roster_import import posyandu_names

    open_database(db)
    names = posyandu_names(current_puskesmas())
    close_db()
    rng = random.Random(3)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Kader")
    sheet.append(["DAFTAR KADER"])
    sheet.append(["No", "Nama Kader", "NIK", "No. HP/WA", "L/P", "Tgl Lahir", "Nama Posyandu", "Pelatihan"])
    for n in range(ROWS):
        day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1965, 2000)
        nik = f"3216{1 + n // 9999:02d}{day + 40:02d}{month:02d}{year % 100:02d}{n % 9999 + 1:04d}"  # a woman's NIK
        sheet.append([n + 1, f"Kader Uji {n:05d}", nik, f"0812{n:08d}", "P", f"{day:02d}/{month:02d}/{year}",
                      rng.choice(names), "Belum"])
    path = folder / "roster-10000.xlsx"
    book.save(path)
    return path


def measure(db: Path, runs: int) -> list[tuple[str, float, float]]:
    import pandas as pd

    from desktop.models.db import close_db
    from desktop.models.schema import open_database
    from desktop.models.settings import current_puskesmas
    from desktop.services import roster_import

    folder = Path(tempfile.mkdtemp(prefix="bench-roster-"))
    path = _roster_file(db, folder)
    base, ours = [], []
    for n in range(runs):
        start = time.perf_counter()
        pd.read_excel(path, engine="calamine", dtype=str, header=1)
        base.append(time.perf_counter() - start)
        copy = folder / f"db-{n}.db"
        shutil.copy(db, copy)  # every run imports into an untouched copy
        open_database(copy)
        start = time.perf_counter()
        plan = roster_import.import_file(path, current_puskesmas())
        ours.append(time.perf_counter() - start)
        assert plan.creates == ROWS, plan.summary()
        close_db()
        copy.unlink()
    shutil.rmtree(folder, ignore_errors=True)
    return [(f"roster import, {ROWS:,} rows .xlsx", statistics.median(base), statistics.median(ours))]
