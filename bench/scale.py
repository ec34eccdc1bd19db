"""Growth with the number of kabupaten in one database (1x, 3x, 10x the kabupaten demo, SQLite): generation time,
the lists and checks of one puskesmas, the kader x skill grid, the Rekap Kabupaten of one kabupaten, and a province
roll-up (every kabupaten's roll-up gathered, one line per kabupaten). Each figure against the same figure at 1x,
measured in the same run; run once (not in loops: a 10x database is ~2 GB). With a server (`scripts/bench` starts
the throwaway PostgreSQL) each file is also loaded into PostgreSQL the way an office moves to a server
(`db copy`) and measured there."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

ANCHOR = dt.date(2026, 11, 1)


def build(path: Path, scale: str) -> tuple[float, float]:
    """Generate the demo at `scale` into `path` once: (wall seconds, CPU seconds) of that generation, kept beside
    the file (`.build.json`) so a later run reports the same figures."""
    import json
    import os

    from desktop.models.db import close_db
    from desktop.services.demo import build_demo

    record = path.with_name(path.name + ".build.json")
    if path.exists() and record.exists():
        wall, cpu = json.loads(record.read_text())
        return wall, cpu
    start, cpu = time.perf_counter(), os.times()
    build_demo(path, scale, anchor=ANCHOR)
    close_db()
    after = os.times()
    result = (time.perf_counter() - start, after.user + after.system - cpu.user - cpu.system)
    record.write_text(json.dumps(result))
    return result


def measure(db: Path | str, runs: int = 3) -> dict[str, float]:
    """Seconds per scenario on one database, a SQLite file or a PostgreSQL URL (the lists and checks through
    bench.queries)."""
    from bench import queries
    from desktop.models.db import close_db
    from desktop.models.schema import open_database
    from desktop.models.wilayah import Kabupaten
    from desktop.services import printing, report_data, rollup

    out = {name: ours for name, _, ours in queries.measure(db, runs, baseline=False)}
    open_database(db)
    period = report_data.parse_period(month="2026-10")
    folder = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    rekap = folder / "rekap.pdf"
    out["Rekap Kabupaten PDF, one kabupaten"] = queries.median_seconds(lambda: printing.rollup(rekap, period), runs)

    def province() -> list:  # one line per kabupaten: the total of its roll-up
        return [rollup.gather_rollup(kabupaten, period).total for kabupaten in Kabupaten.select()]

    out["province roll-up, every kabupaten gathered"] = queries.median_seconds(province, max(1, runs - 2))
    close_db()
    return out


def on_server(path: Path, admin_url: str) -> tuple[str, float, object]:
    """Load the SQLite file into a new database on the server with `db copy` (statistics included): (url,
    seconds the copy took, drop)."""
    import psycopg

    from desktop.models.db import close_db
    from desktop.services.db_copy import copy_database

    admin = psycopg.connect(admin_url, autocommit=True)
    name = f"growth_{path.stem.replace('-', '_')}"
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    start = time.perf_counter()
    copy_database(path, url)
    seconds = time.perf_counter() - start
    close_db()

    def drop() -> None:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return url, seconds, drop
