"""The app's one look: colours for errors/warnings/success, the icon set (Material Design Icons through qtawesome,
shipped with the app — licence in resources/icons/LICENSE.md), icons on buttons chosen by their verb, and window
sizes taken from the screen's available area (never fixed pixels)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

ERROR_COLOUR = "#b71c1c"
WARN_COLOUR = "#e65100"
OK_COLOUR = "#1b5e20"
ACCENT = "#1b5e20"
ICON_COLOUR = "#37474f"

ERROR_STYLE = f"color: {ERROR_COLOUR};"
NOTICE_STYLE = "background: #fff8c4; padding: 6px; border-radius: 3px;"  # a yellow "what to do next" box

NEEDS_PUSKESMAS = ("Bagian ini terbuka setelah identitas puskesmas diisi: klik Berkas › Panduan awal…, atau isi "
                   "Pengaturan › Identitas Puskesmas.")  # why a section is greyed out on an empty database

NAV_ICONS = {
    "Beranda": "mdi6.home-outline",
    "Posyandu & Kader": "mdi6.account-group-outline",
    "Tim Supervisor": "mdi6.account-tie-outline",
    "Jadwal": "mdi6.calendar-month-outline",
    "Instrumen": "mdi6.clipboard-text-outline",
    "Laporan": "mdi6.file-chart-outline",
    "Pengaturan": "mdi6.cog-outline",
}

# A button's first word (its verb) picks its icon, so every screen shows the same icon for the same action.
VERB_ICONS = {
    "tambah": "mdi6.plus", "catat": "mdi6.plus", "isi": "mdi6.pencil-plus-outline", "ubah": "mdi6.pencil-outline",
    "atur": "mdi6.tune-variant", "hapus": "mdi6.delete-outline", "pulihkan": "mdi6.restore",
    "cetak": "mdi6.printer-outline", "simpan": "mdi6.content-save-outline", "impor": "mdi6.file-import-outline",
    "ekspor": "mdi6.file-export-outline", "templat": "mdi6.file-table-outline", "buka": "mdi6.folder-open-outline",
    "tutup": "mdi6.close", "batal": "mdi6.close", "keluar": "mdi6.close", "susun": "mdi6.calendar-check-outline",
    "tandai": "mdi6.check", "tunda/batalkan…": "mdi6.calendar-remove-outline", "periksa": "mdi6.magnify",
    "uji": "mdi6.lan-check", "pakai": "mdi6.database-check-outline", "kembali": "mdi6.arrow-left",
    "detail": "mdi6.card-account-details-outline", "riwayat": "mdi6.history", "tampilkan": "mdi6.eye-outline",
    "nonaktifkan": "mdi6.account-off-outline", "jalankan": "mdi6.play-outline", "lampirkan": "mdi6.paperclip",
    "pilih": "mdi6.folder-open-outline", "salin": "mdi6.content-copy", "masuk": "mdi6.login",
    "lanjutkan": "mdi6.file-document-edit-outline", "ok": "mdi6.check",
}


# The one icon font the app uses: qtawesome's own singleton loads all eleven of its fonts (6.5 MB, ~0.15 s at the
# first icon), so the app loads this one only and the bundle ships only it.
ICON_FONT = ("mdi6", "materialdesignicons6-webfont-6.9.96.ttf", "materialdesignicons6-webfont-charmap-6.9.96.json")
_FONT: list = []


def icon(name: str, colour: str = ICON_COLOUR) -> QIcon:
    """An icon of the shipped set (an empty icon when the set cannot load: the text still says it all)."""
    try:
        if not _FONT:
            import os

            os.environ.setdefault("QT_API", "pyside6")  # qtawesome goes through QtPy: use our binding, never another
            from qtawesome.iconic_font import IconicFont

            _FONT.append(IconicFont(ICON_FONT))
        return _FONT[0].icon(name, color=colour)
    except Exception:  # noqa: BLE001 - a missing font must never stop the app
        return QIcon()


def verb_icon(text: str) -> QIcon | None:
    words = text.replace("&", "").strip().lower().split()
    if not words:
        return None
    name = VERB_ICONS.get(words[0]) or VERB_ICONS.get(words[0].rstrip("…"))
    return icon(name) if name else None


class _ButtonIcons(QObject):
    """Gives a button without its own icon the icon of its verb when it is first shown."""

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Show and isinstance(watched, QPushButton) and watched.icon().isNull():
            found = verb_icon(watched.text())
            if found is not None:
                watched.setIcon(found)
        return False


_FILTER: list[_ButtonIcons] = []


def install(app: QApplication, button_icons: bool = True) -> None:
    """Once per application: the common style sheet and the button icons. The start-up adds the icons after its
    first paint (`install_button_icons`): an application-wide Python event filter makes every object passing through
    it load its Python type, ≈40 ms for a list view and its scroll bars."""
    if app.property("bina_style"):
        return
    app.setProperty("bina_style", True)
    app.setStyle("Fusion")  # the same look on every Windows version and in the screenshots
    app.setStyleSheet("QTabBar::tab { padding: 5px 12px; } QPushButton { padding: 4px 10px; }"
                      f"QLabel#error {{ {ERROR_STYLE} }} QLabel#notice {{ {NOTICE_STYLE} }}")
    if button_icons:
        install_button_icons(app)


def install_button_icons(app: QApplication) -> None:
    if _FILTER:
        return
    _FILTER.append(_ButtonIcons())
    app.installEventFilter(_FILTER[0])


# --- sizes from the screen -----------------------------------------------------------------------------------

_AVAILABLE: list[QRect] = []  # tests pin the screen (1366×768 minus a 40 px taskbar)


def available() -> QRect:
    """The available area of the primary screen (without the taskbar)."""
    if _AVAILABLE:
        return QRect(_AVAILABLE[0])
    screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def pin_available(rect: QRect | None) -> None:
    """Pretend the screen's available area is `rect` (None: the real screen again)."""
    _AVAILABLE.clear()
    if rect is not None:
        _AVAILABLE.append(QRect(rect))


FRAME = QSize(16, 40)  # the window frame and title bar the system adds around a window


def fit(widget: QWidget, width: float = 0.9, height: float = 0.9, *, minimum: QSize | None = None) -> None:
    """Size a window to a share of the available screen (at most all of it less the frame) and centre it."""
    area = available()
    limit = QSize(area.width() - FRAME.width(), area.height() - FRAME.height())
    want = QSize(round(area.width() * width), round(area.height() * height))
    if minimum is not None:
        want = want.expandedTo(minimum)
    size = want.boundedTo(limit)
    widget.resize(size)
    x = area.left() + (area.width() - size.width() - FRAME.width()) // 2
    y = area.top() + (area.height() - size.height() - FRAME.height()) // 2
    widget.move(max(x, area.left()), max(y, area.top()))


def fit_form(widget: QWidget, width: float = 0.36) -> None:
    """A small form: a share of the screen's width, as tall as its contents need (at most the screen)."""
    widget.adjustSize()
    area = available()
    hint = widget.sizeHint()
    w = min(max(hint.width(), round(area.width() * width)), area.width() - FRAME.width())
    h = min(max(hint.height(), widget.minimumSizeHint().height()), area.height() - FRAME.height())
    widget.resize(w, h)
