"""Monthly report PDF for one puskesmas, and the kabupaten roll-up over every puskesmas, each against raw reportlab
rendering a document of the same page count."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path


def _raw_document(path: Path, pages: int) -> None:
    """Plain reportlab: per page a heading and a 30-row table in a base-14 font, nothing gathered from a DB."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

    styles = getSampleStyleSheet()
    story = []
    for page in range(pages):
        story += [Paragraph(f"Halaman {page + 1}", styles["Heading2"]),
                  Table([[f"{r}-{c}" for c in range(6)] for r in range(30)]), PageBreak()]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def measure(db: Path, runs: int) -> list[tuple[str, float, float]]:
    from pypdf import PdfReader

    from desktop.models.db import close_db
    from desktop.models.schema import open_database
    from desktop.models.settings import current_puskesmas
    from desktop.services import printing, report_data

    open_database(db)
    scope = report_data.Scope(current_puskesmas())
    period = report_data.parse_period(month="2026-10")
    folder = Path(tempfile.mkdtemp(prefix="bench-report-"))
    results = []
    for label, make in (("monthly report PDF, one puskesmas", lambda out: printing.report(out, period, scope)),
                        ("kabupaten roll-up PDF, every puskesmas", lambda out: printing.rollup(out, period))):
        ours, base = [], []
        make(folder / "warm.pdf")
        pages = len(PdfReader(folder / "warm.pdf").pages)
        _raw_document(folder / "warm-raw.pdf", pages)
        for n in range(runs):
            start = time.perf_counter()
            _raw_document(folder / f"raw-{n}.pdf", pages)
            base.append(time.perf_counter() - start)
            start = time.perf_counter()
            make(folder / f"ours-{n}.pdf")
            ours.append(time.perf_counter() - start)
        results.append((f"{label} ({pages} pages)", statistics.median(base), statistics.median(ours)))
    close_db()
    return results
