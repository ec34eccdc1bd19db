"""Run the benchmark scenarios and print/write a results table."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from bench import startup

ROOT = Path(__file__).resolve().parent
CACHE = ROOT / "cache"


def _dataset(scale: str) -> Path:
    """Generate the demo dataset once and reuse it (bench/cache is not committed)."""
    from desktop.models.db import close_db
    from desktop.services.demo import build_demo

    path = CACHE / f"{scale}.db"
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
    result = startup.measure(_dataset(scale), runs)
    rows = [("cold start to main window", scale, result["bare"], result["app"], 1.5)]
    lines = [
        f"# Bina Kader benchmarks ({dt.datetime.now():%Y-%m-%d %H:%M}, median of {runs})",
        "",
        "| scenario | dataset | baseline (s) | Bina Kader (s) | ratio | target |",
        "|---|---|---|---|---|---|",
    ]
    for name, data, base, ours, target in rows:
        lines.append(f"| {name} | {data} | {base:.3f} | {ours:.3f} | {ours / base:.2f}x | <= {target}x |")
    text = "\n".join(lines)
    print(text)
    if not args.smoke:
        (ROOT / "results.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
