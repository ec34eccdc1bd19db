"""Run the benchmark scenarios and print/write a results table."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from bench import queries, startup

ROOT = Path(__file__).resolve().parent
CACHE = ROOT / "cache"


def _dataset(scale: str) -> Path:
    """Generate the demo dataset once per schema version and reuse it (bench/cache is not committed)."""
    from desktop.models.db import close_db
    from desktop.models.migrations import SCHEMA_VERSION
    from desktop.services.demo import build_demo

    path = CACHE / f"{scale}-v{SCHEMA_VERSION}.db"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        build_demo(path, scale, anchor=dt.date(2026, 11, 1))
        close_db()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description="Bina Kader benchmarks")
    parser.add_argument("--smoke", action="store_true", help="one quick run on the small dataset (for CI)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scale, runs = ("small", 1) if args.smoke else ("kabupaten", 7)
    db = _dataset(scale)
    result = startup.measure(db, runs)
    lines = [
        f"# Bina Kader benchmarks ({dt.datetime.now():%Y-%m-%d %H:%M}, median of {runs})",
        "",
        "| scenario | dataset | baseline | Bina Kader | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    ratio = result["app"] / result["bare"]
    lines.append(f"| cold start to main window (baseline: bare PySide6 window) | {scale} | {result['bare']:.3f} s "
                 f"| {result['app']:.3f} s | {ratio:.2f}x | <= 1.5x | {'yes' if ratio <= 1.5 else 'NO'} |")
    for name, base, ours in queries.measure(db, max(runs, 5)):
        lines.append(f"| {name} (baseline: raw SQL) | {scale} | {base * 1000:.1f} ms | {ours * 1000:.1f} ms "
                     f"| {ours / base:.1f}x | <= 100 ms | {'yes' if ours <= 0.1 else 'NO'} |")
    text = "\n".join(lines)
    print(text)
    if not args.smoke:
        (ROOT / "results.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
