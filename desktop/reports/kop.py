"""Shared print furniture: fonts, page sizes, the kop surat, page footer with "Halaman X dari Y"."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import Flowable

from desktop.paths import RESOURCES

FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
PAGE_SIZES = {"A4": A4, "F4": (215 * mm, 330 * mm)}  # F4/Folio as sold in Indonesia
MARGIN = 15 * mm
KOP_HEIGHT = 30 * mm


def register_fonts() -> None:
    """Embed DejaVu Sans (shipped in resources/fonts) so prints look the same on every PC."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(RESOURCES / "fonts" / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(RESOURCES / "fonts" / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


@dataclass(frozen=True)
class Identity:
    """The puskesmas identity printed in the kop surat and signature blocks."""

    name: str
    address: str = ""
    kabupaten: str = ""  # printed as is, e.g. "Kabupaten Bekasi"
    phone: str = ""
    email: str = ""
    logo: bytes | None = None
    kepala_name: str = ""
    kepala_nip: str = ""
    pj_promkes_name: str = ""
    pj_promkes_nip: str = ""


class Kop(Flowable):
    """The kop surat as a flowable, so every sheet of a multi-sheet print starts with it."""

    def __init__(self, identity: Identity, width: float) -> None:
        super().__init__()
        self.identity, self.width, self.height = identity, width, KOP_HEIGHT

    def draw(self) -> None:
        c, ident, centre, top = self.canv, self.identity, self.width / 2, self.height
        if ident.logo:
            from reportlab.lib.utils import ImageReader

            c.drawImage(ImageReader(io.BytesIO(ident.logo)), 0, top - 24 * mm, 24 * mm, 24 * mm,
                        preserveAspectRatio=True, mask="auto")
        c.setFont(FONT_BOLD, 11)
        c.drawCentredString(centre, top - 5 * mm, f"PEMERINTAH {ident.kabupaten.upper()}".strip())
        c.setFont(FONT_BOLD, 14)
        c.drawCentredString(centre, top - 11 * mm, ident.name.upper())
        c.setFont(FONT, 8.5)
        c.drawCentredString(centre, top - 16 * mm, ident.address)
        contact = "   ".join(x for x in (f"Telp. {ident.phone}" if ident.phone else "",
                                         f"Email: {ident.email}" if ident.email else "") if x)
        if contact:
            c.drawCentredString(centre, top - 20 * mm, contact)
        c.setLineWidth(1.6)
        c.line(0, 4 * mm, self.width, 4 * mm)
        c.setLineWidth(0.5)
        c.line(0, 2.8 * mm, self.width, 2.8 * mm)


def numbered_canvas(footer: str) -> type[pdfcanvas.Canvas]:
    """A canvas class that writes `footer` and "Halaman X dari Y" on every page (two-pass page count)."""

    class NumberedCanvas(pdfcanvas.Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab naming)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                width = self._pagesize[0]
                self.setFont(FONT, 7.5)
                self.setFillGray(0.35)
                self.drawString(MARGIN, 8 * mm, footer)
                self.drawRightString(width - MARGIN, 8 * mm, f"Halaman {number} dari {total}")
                super().showPage()
            super().save()

    return NumberedCanvas
