"""Susunan Tim Supervisor Kader Posyandu: the technical team and each desa's managerial team (SK), with kop and
signature blocks. Takes plain data; desktop.services.printing gathers it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table

from desktop.reports.fonts import register_fonts
from desktop.reports.kop import MARGIN, PAGE_SIZES, Identity, Kop, numbered_canvas
from desktop.reports.pdf_cells import GRID, para, signature_table

TITLE = "SUSUNAN TIM SUPERVISOR KADER POSYANDU"
FRAME_PAD = 6


@dataclass(frozen=True)
class TechnicalLine:
    name: str
    nip: str
    role: str
    posyandu: str  # names, comma separated
    kader: int


@dataclass(frozen=True)
class DesaTeamPrint:
    desa: str  # e.g. "Desa Sukamaju" / "Kelurahan Cibarusah"
    sk: str  # "Nomor ..., tanggal ..., berlaku s.d. ..." or a "belum ada SK" sentence
    members: Sequence[tuple[str, str, str]]  # (name, role in the team, origin)


def _table(head: list[str], rows: list[list[str]], weights: list[float], width: float) -> Table:
    unit = width / sum(weights)
    body = [[para(h, "head") for h in head]] + [[para(c, "centre" if i == 0 else "cell") for i, c in enumerate(r)]
                                                for r in rows]
    table = Table(body, colWidths=[w * unit for w in weights], repeatRows=1)
    table.setStyle(GRID)
    return table


def render_teams_pdf(out_path: Path, identity: Identity, *, scope: str, technical: Sequence[TechnicalLine],
                     desa: Sequence[DesaTeamPrint], place_date: str, paper: str = "A4") -> Path:
    """Write the team roster; `scope` names what it covers (the puskesmas, or one desa)."""
    register_fonts()
    size = PAGE_SIZES[paper.upper()]
    doc = SimpleDocTemplate(str(out_path), pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=16 * mm, title=TITLE.title(), author=identity.name)
    width = doc.width - 2 * FRAME_PAD
    story: list = [Kop(identity, width), Spacer(1, 3 * mm), para(TITLE, "title"), para(scope, "subtitle"),
                   para("A. Tim Supervisor Teknis", "section")]
    if technical:
        rows = [[str(n), t.name, t.nip or "-", t.role, t.posyandu or "-", str(t.kader)]
                for n, t in enumerate(technical, start=1)]
        story.append(_table(["No", "Nama", "NIP", "Peran", "Posyandu binaan", "Kader binaan (total)"], rows,
                            [0.5, 2.6, 2.3, 1.6, 3.4, 1.0], width))
    else:
        story.append(para("Belum ada supervisor teknis yang ditugaskan."))
    story.append(para("B. Tim Supervisor Manajerial (SK Kepala Desa/Lurah)", "section"))
    for team in desa:
        block = [para(team.desa, "subsection"), para(team.sk)]
        if team.members:
            rows = [[str(n), name, role, origin] for n, (name, role, origin) in enumerate(team.members, start=1)]
            block += [Spacer(1, 1.5 * mm), _table(["No", "Nama", "Jabatan dalam tim", "Unsur"], rows,
                                                  [0.5, 4, 2.5, 3], width)]
        story.append(KeepTogether(block))
    signature = signature_table(width, place_date, [
        ("Mengetahui,\nKepala Puskesmas", identity.kepala_name, identity.kepala_nip),
        ("Penanggung Jawab Promosi Kesehatan\n(Koordinator Supervisor)", identity.pj_promkes_name,
         identity.pj_promkes_nip),
    ])
    last = story.pop()  # the signature block stays on the page of the section before it, never alone
    story.append(KeepTogether([last, Spacer(1, 8 * mm), signature]))
    doc.build(story, canvasmaker=numbered_canvas(f"{TITLE.title()} — {scope}"))
    return out_path
