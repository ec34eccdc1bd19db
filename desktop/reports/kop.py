"""Shared print furniture: page sizes, the kop surat, page footer with "Halaman X dari Y"."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import Flowable

from desktop.models.regions import region_label
from desktop.reports.fonts import FONT, FONT_BOLD

PAGE_SIZES = {"A4": A4, "F4": (215 * mm, 330 * mm)}  # F4/Folio as sold in Indonesia
MARGIN = 15 * mm
KOP_HEIGHT = 33 * mm
LOGO = 24 * mm  # logo box, left of the kop
LOGO_BOTTOM = 6 * mm  # the logo box sits between the double rule (4 mm) and the top of the kop


@dataclass(frozen=True)
class Identity:
    """The puskesmas identity printed in the kop surat and signature blocks."""

    name: str
    address: str = ""
    kabupaten: str = ""  # with its prefix, e.g. "Kabupaten Bekasi" (a doubled prefix is printed once)
    phone: str = ""
    email: str = ""
    logo: bytes | None = None
    kepala_name: str = ""
    kepala_nip: str = ""
    pj_promkes_name: str = ""
    pj_promkes_nip: str = ""
    postal_code: str = ""
    place: str = ""  # where papers are signed: the kecamatan or kota of the puskesmas



class Kop(Flowable):
    """The kop surat as a flowable, so every sheet of a multi-sheet print starts with it."""

    def __init__(self, identity: Identity, width: float) -> None:
        super().__init__()
        self.identity, self.width, self.height = identity, width, KOP_HEIGHT

    def _line(self, text: str, font: str, size: float, y: float) -> None:
        """One centred line, shrunk to fit between the logo and the mirrored right margin."""
        room = self.width - (2 * LOGO + 4 * mm if self.identity.logo else 0)
        size = min(size, size * room / max(stringWidth(text, font, size), 1))
        self.canv.setFont(font, size)
        self.canv.drawCentredString(self.width / 2, y, text)

    def draw(self) -> None:
        c, ident, top = self.canv, self.identity, self.height
        if ident.logo:
            from reportlab.lib.utils import ImageReader

            c.drawImage(ImageReader(io.BytesIO(ident.logo)), 0, LOGO_BOTTOM, LOGO, LOGO,
                        preserveAspectRatio=True, anchor="c", mask="auto")
        self._line(f"PEMERINTAH {region_label(ident.kabupaten).upper()}".strip(), FONT_BOLD, 11, top - 4.5 * mm)
        self._line("DINAS KESEHATAN", FONT_BOLD, 11, top - 9.3 * mm)
        self._line(ident.name.upper(), FONT_BOLD, 14, top - 15 * mm)
        address = ident.address
        if ident.postal_code and ident.postal_code not in address:
            address = f"{address.rstrip(' ,')} Kode Pos {ident.postal_code}".strip()
        self._line(address, FONT, 8.5, top - 19.6 * mm)
        contact = "   ".join(x for x in (f"Telp. {ident.phone}" if ident.phone else "",
                                         f"Email: {ident.email}" if ident.email else "") if x)
        if contact:
            self._line(contact, FONT, 8.5, top - 23.4 * mm)
        c.setLineWidth(1.6)
        c.line(0, 4 * mm, self.width, 4 * mm)
        c.setLineWidth(0.5)
        c.line(0, 2.8 * mm, self.width, 2.8 * mm)


def numbered_canvas(footer: str) -> type[pdfcanvas.Canvas]:
    """A canvas class that writes `footer` and "Halaman X dari Y" on every page (two-pass page count).

    A print made of sheets (reports.page_style.SheetStart) counts pages per sheet, and every page after a
    sheet's first repeats the sheet's running line (title, kader, posyandu) at its top.
    """

    class NumberedCanvas(pdfcanvas.Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab naming)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            sheets: dict[object, int] = {}
            for state in self._pages:
                key = state.get("_sheet_no")
                sheets[key] = sheets.get(key, 0) + 1
            seen: dict[object, int] = {}
            for state in self._pages:
                key = state.get("_sheet_no")
                seen[key] = number = seen.get(key, 0) + 1
                self.__dict__.update(state)
                width, height = self._pagesize
                self.setFont(FONT, 7.5)
                self.setFillGray(0.35)
                self.drawString(MARGIN, 8 * mm, footer)
                self.drawRightString(width - MARGIN, 8 * mm, f"Halaman {number} dari {sheets[key]}")
                if key is not None and number > 1:
                    self.setFont(FONT_BOLD, 8)
                    self.setFillGray(0)
                    text = f"{state.get('_sheet_running', '')} (lanjutan)"
                    size = min(8, 8 * (width - 2 * MARGIN) / max(stringWidth(text, FONT_BOLD, 8), 1))
                    self.setFont(FONT_BOLD, size)
                    self.drawString(MARGIN, height - 10 * mm, text)
                super().showPage()
            super().save()

    return NumberedCanvas


class DinkesKop(Kop):
    """The Dinas Kesehatan's kop surat (Rekap Kabupaten): government, office name, address."""

    def __init__(self, kabupaten: str, address: str, width: float) -> None:
        super().__init__(Identity(name="DINAS KESEHATAN", address=address, kabupaten=kabupaten), width)

    def draw(self) -> None:
        ident, top = self.identity, self.height
        self._line(f"PEMERINTAH {ident.kabupaten.upper()}".strip(), FONT_BOLD, 12, top - 6 * mm)
        self._line("DINAS KESEHATAN", FONT_BOLD, 15, top - 13 * mm)
        self._line(ident.address or ident.kabupaten, FONT, 8.5, top - 18.5 * mm)
        self.canv.setLineWidth(1.6)
        self.canv.line(0, 4 * mm, self.width, 4 * mm)
        self.canv.setLineWidth(0.5)
        self.canv.line(0, 2.8 * mm, self.width, 2.8 * mm)
