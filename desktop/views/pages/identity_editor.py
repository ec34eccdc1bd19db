"""The puskesmas identity editor (Pengaturan tab and first-run wizard): kop surat and signatories."""

from __future__ import annotations

from desktop.services.identity import IdentityForm, load_identity, save_identity

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.views.dialogs.conflict_dialog import save_form
from desktop.views.dialogs.form_parts import error_label

LOGO_MAX_PX = 400


def logo_png_bytes(path: str) -> bytes | None:
    """Load an image file, shrink it to at most LOGO_MAX_PX, and return PNG bytes (None if unreadable)."""
    image = QImage(path)
    if image.isNull():
        return None
    if max(image.width(), image.height()) > LOGO_MAX_PX:
        image = image.scaled(LOGO_MAX_PX, LOGO_MAX_PX, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


class IdentityEditor(QWidget):
    """Edit and save the puskesmas identity."""

    saved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._logo: bytes | None = None
        layout = QVBoxLayout(self)
        intro = QLabel("Data ini dicetak pada kop surat dan blok tanda tangan setiap formulir dan laporan.")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.fields: dict[str, QLineEdit] = {}
        columns = QHBoxLayout()
        left = QGroupBox("Puskesmas")
        left_form = QFormLayout(left)
        for key, label, hint in (
            ("name", "Nama puskesmas *", "mis. Puskesmas Cibarusah"),
            ("address", "Alamat", "jalan, nomor, kecamatan"),
            ("postal_code", "Kode pos", "5 angka, mis. 17340"),
            ("kabupaten", "Kabupaten/Kota *", "nama saja, mis. Bekasi"),
            ("phone", "Telepon", ""),
            ("email", "Email", ""),
        ):
            self.fields[key] = QLineEdit(placeholderText=hint)
            left_form.addRow(label, self.fields[key])
        self.is_kota = QCheckBox("Kota (bukan kabupaten)")
        left_form.addRow("", self.is_kota)
        right = QGroupBox("Penandatangan")
        right_form = QFormLayout(right)
        for key, label in (
            ("kepala_name", "Kepala Puskesmas"),
            ("kepala_nip", "NIP Kepala Puskesmas"),
            ("pj_promkes_name", "PJ Promkes"),
            ("pj_promkes_nip", "NIP PJ Promkes"),
        ):
            self.fields[key] = QLineEdit(placeholderText="18 angka" if key.endswith("nip") else "nama dan gelar")
            right_form.addRow(label, self.fields[key])
        self.fields["sign_place"] = QLineEdit(placeholderText="kosong: kecamatan wilayah puskesmas")
        self.fields["sign_place"].setToolTip("Ditulis di atas setiap tanda tangan, mis. “Cibarusah, 1 Desember 2026”.")
        right_form.addRow("Tempat tanda tangan", self.fields["sign_place"])
        self.fields["postal_code"].setMaxLength(5)
        self.fields["kepala_nip"].setMaxLength(21)
        self.fields["pj_promkes_nip"].setMaxLength(21)
        columns.addWidget(left, 1)
        columns.addWidget(right, 1)
        layout.addLayout(columns)

        logo_box = QGroupBox("Logo untuk kop surat")
        logo_row = QHBoxLayout(logo_box)
        self.logo_preview = QLabel("Tanpa logo")
        self.logo_preview.setFixedSize(96, 96)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet("border: 1px solid #bbb; background: white;")
        self.choose_logo = QPushButton("Pilih gambar…")
        self.remove_logo = QPushButton("Hapus logo")
        self.choose_logo.clicked.connect(self._choose_logo)
        self.remove_logo.clicked.connect(lambda: self.set_logo(None))
        logo_row.addWidget(self.logo_preview)
        logo_row.addWidget(self.choose_logo)
        logo_row.addWidget(self.remove_logo)
        logo_row.addStretch(1)
        layout.addWidget(logo_box)

        buttons = QHBoxLayout()
        self.status = error_label()  # wrong fields in the one error style; "Tersimpan." carries its own green
        self.save_button = QPushButton("Simpan")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        """Load the stored identity into the fields."""
        form = load_identity()
        self.version = form.version
        for key, edit in self.fields.items():
            edit.setText(getattr(form, key))
        self.is_kota.setChecked(form.is_kota)
        self.set_logo(form.logo)
        self.status.setText("")

    def set_logo(self, data: bytes | None) -> None:
        """Show (or clear) the logo that will be saved."""
        self._logo = data
        if data:
            pixmap = QPixmap()
            pixmap.loadFromData(data)
            self.logo_preview.setPixmap(pixmap.scaled(92, 92, Qt.AspectRatioMode.KeepAspectRatio,
                                                      Qt.TransformationMode.SmoothTransformation))
        else:
            self.logo_preview.clear()
            self.logo_preview.setText("Tanpa logo")
        self.remove_logo.setEnabled(bool(data))

    def _choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Pilih logo", "", "Gambar (*.png *.jpg *.jpeg *.bmp)")
        if path:
            self.load_logo_file(path)

    def load_logo_file(self, path: str) -> bool:
        """Use an image file as the logo; tell the user when it cannot be read."""
        data = logo_png_bytes(path)
        if data is None:
            QMessageBox.warning(self, "Logo", f"Berkas {path} bukan gambar yang dapat dibaca.")
            return False
        self.set_logo(data)
        return True

    def form(self) -> IdentityForm:
        """The values currently in the fields."""
        values = {key: edit.text() for key, edit in self.fields.items()}
        return IdentityForm(is_kota=self.is_kota.isChecked(), logo=self._logo, version=self.version, **values)

    def save(self) -> bool:
        """Store the identity; show what is wrong instead when validation fails."""
        saved = save_form(self, self.status, lambda: save_identity(self.form()), self, lambda current: self.refresh())
        if saved is None:
            return False
        self.version = saved.version
        self.status.setText("<span style='color:#1b5e20'>Tersimpan.</span>")
        self.saved.emit()
        return True
