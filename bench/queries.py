"""In-process list and check timings on an open database, each against the raw SQL of the same question."""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

LIST_LIMIT = 500  # rows a list page loads at once


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm the page cache and peewee's query compilation
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(db: Path | str, runs: int, baseline: bool = True) -> list[tuple[str, float, float]]:
    """(scenario, raw SQL seconds, Bina Kader seconds) for each list/check of the busiest puskesmas; without
    `baseline` (a PostgreSQL URL: the raw SQL is SQLite's) only Bina Kader's, the raw figure left 0."""
    from desktop.models.schema import open_database
    from desktop.models.settings import current_puskesmas
    from desktop.services.kader_service import KaderFilter, query_kader
    from desktop.services.priorities import priorities
    from desktop.services.teams import team_check

    open_database(db)
    puskesmas = current_puskesmas()
    raw = sqlite3.connect(db) if baseline else None
    kader_sql = ("SELECT k.*, p.name, d.name FROM kader k JOIN posyandu p ON p.id = k.posyandu_id "
                 "JOIN desa d ON d.id = p.desa_id WHERE d.puskesmas_id = ? AND k.active AND p.active {} "
                 "ORDER BY k.name COLLATE NOCASE, k.id LIMIT ?")
    scenarios = [
        ("kader list, one puskesmas (first 500)",
         lambda: raw.execute(kader_sql.format(""), (puskesmas.id, LIST_LIMIT)).fetchall(),
         lambda: list(query_kader(KaderFilter(puskesmas_id=puskesmas.id)).limit(LIST_LIMIT))),
        ("kader list, whole kabupaten filtered by name",
         lambda: raw.execute(kader_sql.replace("d.puskesmas_id = ? AND ", "").format("AND k.name LIKE ?"),
                             ("%sri%", LIST_LIMIT)).fetchall(),
         lambda: list(query_kader(KaderFilter(text="Sri")).limit(LIST_LIMIT))),
        ("team check, one puskesmas",
         lambda: raw.execute("SELECT p.id, COUNT(k.id) FROM posyandu p JOIN desa d ON d.id = p.desa_id "
                             "LEFT JOIN kader k ON k.posyandu_id = p.id AND k.active WHERE d.puskesmas_id = ? "
                             "GROUP BY p.id", (puskesmas.id,)).fetchall(),
         lambda: team_check(puskesmas).problems()),
        ("priority list, one puskesmas",
         lambda: raw.execute("SELECT p.id, COUNT(k.id) FROM posyandu p JOIN desa d ON d.id = p.desa_id "
                             "LEFT JOIN kader k ON k.posyandu_id = p.id WHERE d.puskesmas_id = ? GROUP BY p.id",
                             (puskesmas.id,)).fetchall(),
         lambda: priorities(puskesmas)),
    ]
    from desktop.models.schedule_rules import month_bounds
    from desktop.services import analysis, schedule
    from desktop.services.records import RecordFilter, query_records

    first, last = month_bounds(2026, 10)
    scenarios += [
        ("instrument record list, one puskesmas (first 500)",
         lambda: raw.execute("SELECT r.*, p.name FROM instrument_record r LEFT JOIN posyandu p ON p.id = r.posyandu_id"
                             " WHERE r.puskesmas_id = ? AND r.deleted_at IS NULL ORDER BY r.activity_date DESC"
                             " LIMIT ?", (puskesmas.id, LIST_LIMIT)).fetchall(),
         lambda: list(query_records(RecordFilter(puskesmas_id=puskesmas.id)).limit(LIST_LIMIT))),
        ("due list, one puskesmas, one month",
         lambda: raw.execute("SELECT posyandu_id, kind, COUNT(*) FROM activity WHERE puskesmas_id = ? AND date "
                             "BETWEEN ? AND ? GROUP BY 1, 2", (puskesmas.id, first, last)).fetchall(),
         lambda: schedule.due(puskesmas, 2026, 10)),
        ("kader x skill grid, one puskesmas",
         lambda: raw.execute("SELECT a.kader_id, a.skill, a.value, r.activity_date FROM record_answer a JOIN "
                             "instrument_record r ON r.id = a.record_id WHERE r.puskesmas_id = ? AND "
                             "a.kader_id IS NOT NULL AND a.skill IS NOT NULL", (puskesmas.id,)).fetchall(),
         lambda: analysis.skill_grid(puskesmas)),
    ]
    out = [(name, median_seconds(base, runs) if raw else 0.0, median_seconds(ours, runs))
           for name, base, ours in scenarios]
    if raw:
        raw.close()
    from desktop.models.db import close_db

    close_db()
    return out
