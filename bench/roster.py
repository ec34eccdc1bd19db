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


def breakdown(db: Path, runs: int) -> tuple[float, list[tuple[str, float]]]:
    """Which part of the import costs what (median seconds over `runs`): (bare read, [(part, seconds)])."""
    import pandas as pd

    from desktop.models.db import close_db
    from desktop.models.schema import open_database
    from desktop.models.settings import current_puskesmas
    from desktop.services import roster_import, spreadsheet

    folder = Path(tempfile.mkdtemp(prefix="bench-roster-"))
    path = _roster_file(db, folder)
    parts: dict[str, list[float]] = {}

    def timed(name: str, fn, *args):
        start = time.perf_counter()
        out = fn(*args)
        parts.setdefault(name, []).append(time.perf_counter() - start)
        return out

    wrapped = {"_check_duplicates": "checks: duplicates in the file (NIK, name + posyandu + birth date)",
               "_resolve_posyandu": "checks: posyandu/desa names against the database",
               "_match_existing": "checks: NIK and person matching against the database (prefetched)"}
    originals = {name: getattr(roster_import, name) for name in wrapped}
    base = []
    try:
        for name, label in wrapped.items():
            setattr(roster_import, name, lambda *a, _f=originals[name], _l=label: timed(_l, _f, *a))
        for n in range(runs):
            start = time.perf_counter()
            pd.read_excel(path, engine="calamine", dtype=str, header=1)
            base.append(time.perf_counter() - start)
            book = timed("read: bounded checks of the file (size, extent, zip ratio, text)",
                         spreadsheet.open_workbook, path)
            cells = timed("read: calamine, every cell", book.rows, 0)
            roster = timed("read: header row found, blank and repeated header rows dropped", _roster_from, cells, path)
            copy = folder / f"db-{n}.db"
            shutil.copy(db, copy)
            open_database(copy)
            plan = timed("checks: total", roster_import.check, roster, current_puskesmas())
            timed("write: one transaction (raw executemany into kader, audit entry)", roster_import.apply, plan)
            assert plan.creates == ROWS, plan.summary()
            close_db()
            copy.unlink()
    finally:
        for name, fn in originals.items():
            setattr(roster_import, name, fn)
        shutil.rmtree(folder, ignore_errors=True)
    medians = {name: statistics.median(times) for name, times in parts.items()}
    rules = medians["checks: total"] - sum(medians[label] for label in wrapped.values())
    out = [(name, t) for name, t in medians.items() if name != "checks: total"]
    out.insert(3, ("checks: every cell through kader_rules (column by column)", rules))
    return statistics.median(base), out


def _roster_from(cells: list[list[object]], path: Path):
    """read_roster on cells already read (the header search and row filtering alone)."""
    from desktop.services import roster_import

    original = roster_import.read_cells
    roster_import.read_cells = lambda _path: cells
    try:
        return roster_import.read_roster(path)
    finally:
        roster_import.read_cells = original
