"""Run the benchmark scenarios and print/write a results table."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from bench import entry, memory, queries, reports, roster, startup

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
    lines.append(f"| start to first paint of the main window, `bina-kader --smoke` (baseline: first paint of a bare "
                 f"PySide6 window) | {scale} | {result['bare']:.3f} s | {result['app']:.3f} s | {ratio:.2f}x | "
                 f"<= 1.5x | {'yes' if ratio <= 1.5 else 'NO'} |")
    lines.append(f"| start to Beranda filled (same baseline) | {scale} | {result['bare']:.3f} s | "
                 f"{result['filled']:.3f} s | {result['filled'] / result['bare']:.2f}x | — | — |")
    lines.append(f"| start to file checked (quick_check) and daily backup done, in the background (same baseline) "
                 f"| {scale} | {result['bare']:.3f} s | {result['ready']:.3f} s | "
                 f"{result['ready'] / result['bare']:.2f}x | — | — |")
    for name, base, ours in queries.measure(db, max(runs, 5)):
        limit = 0.2 if "grid" in name else 0.1
        lines.append(f"| {name} (baseline: raw SQL) | {scale} | {base * 1000:.1f} ms | {ours * 1000:.1f} ms "
                     f"| {ours / base:.1f}x | <= {limit * 1000:.0f} ms | {'yes' if ours <= limit else 'NO'} |")
    for name, base, ours in reports.measure(db, max(runs // 2, 1)):
        limit = 5 if "kabupaten" in name else 1
        lines.append(f"| {name} (baseline: raw reportlab, same pages) | {scale} | {base:.3f} s | {ours:.3f} s "
                     f"| {ours / base:.1f}x | <= {limit} s | {'yes' if ours <= limit else 'NO'} |")
    for name, base, ours in roster.measure(db, 1 if args.smoke else 3):
        lines.append(f"| {name} (baseline: bare pandas read, calamine) | {scale} | {base:.3f} s | {ours:.3f} s "
                     f"| {ours / base:.1f}x | <= 2x | {'yes' if ours <= 2 * base else 'NO'} |")
    bare_mb, ours_mb = memory.measure(db)
    lines.append(f"| peak memory, main window + kader x skill grid (baseline: bare window) | {scale} | "
                 f"{bare_mb:.0f} MB | {ours_mb:.0f} MB | {ours_mb / bare_mb:.1f}x | <= 250 MB | "
                 f"{'yes' if ours_mb <= 250 else 'NO'} |")
    keys = entry.measure(_dataset("small"))  # the reference sheet names posyandu/staff of the small demo
    lines.append(f"| entry cost of one Observasi Layanan sheet, keys only ({keys.answers} answers, "
                 f"{keys.text} characters of names/numbers/text) | small | "
                 f"{keys.answers} + {entry.NAVIGATION_LIMIT} keys | "
                 f"{keys.answer_keys} answer + {keys.navigation} navigation keys | — | <= 1 per answer + "
                 f"{entry.NAVIGATION_LIMIT} | {'yes' if keys.met else 'NO'} |")
    text = "\n".join(lines)
    print(text)
    if not args.smoke:
        (ROOT / "results.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
