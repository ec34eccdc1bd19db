"""Report table cells: a text that fits its column is drawn as one plain line exactly where a Paragraph would draw
it (the report PDF holds hundreds of such cells and parsing/line-breaking each costs time); a longer one still
wraps at word boundaries. And reportlab runs with its C accelerator."""

import pdfplumber
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table

from desktop.reports.fonts import register_fonts
from desktop.reports.pdf_cells import GRID, OneLine, cell, para

ROWS = [("Mawar 2", "12", "Observasi keterampilan individu / kunjungan rumah: kader yang belum sesuai standar"),
        ("  Pelangi   A ", "0", "Kenanga")]
WIDTHS = [120, 50, 160]


def _chars(path, rows) -> list[tuple]:
    SimpleDocTemplate(str(path), pagesize=A4).build([Table(rows, colWidths=WIDTHS, style=GRID)])
    with pdfplumber.open(path) as pdf:
        return [(c["text"], round(c["x0"], 2), round(c["top"], 2), c["fontname"], round(c["size"], 2))
                for c in pdf.pages[0].chars]


def test_a_fitting_cell_is_drawn_as_a_paragraph_would_draw_it(tmp_path):
    register_fonts()
    styles = ("cell", "centre", "cell")
    plain = [[cell(v, styles[c], WIDTHS[c]) for c, v in enumerate(row)] for row in ROWS]
    assert [type(x).__name__ for x in plain[0]] == ["OneLine", "OneLine", "Paragraph"]  # the long text wraps
    paragraphs = [[para(v, styles[c]) for c, v in enumerate(row)] for row in ROWS]
    chars = _chars(tmp_path / "plain.pdf", plain)
    assert chars == _chars(tmp_path / "paragraphs.pdf", paragraphs)
    assert "".join(c[0] for c in chars).startswith("Mawar 212Observasi")
    assert isinstance(cell("a\nb", "cell", 300), type(para("x"))) and isinstance(cell("ab", "cell", 300), OneLine)


def test_reportlab_runs_with_its_c_accelerator():
    from reportlab.lib import rl_accel

    assert {"fp_str", "instanceStringWidthTTF", "asciiBase85Encode", "escapePDF"} <= rl_accel._c_funcs.keys()
