"""Panduan awal: a new office goes from an empty database to a usable one — identity and kop surat, wilayah,
then the kader roster (or start empty) — or chooses to try the demo database instead. Re-runnable from
Pengaturan: every page shows what is stored and saves only what the user changes."""

from __future__ import annotations

from desktop.models.errors import UserError
from desktop.models.settings import current_puskesmas
from desktop.models.stats import counts
from desktop.services import auth

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.views.dialogs.form_parts import error_label
from desktop.views.pages.identity_editor import IdentityEditor
from desktop.views.pages.wilayah_editor import WilayahEditor


class _IntroPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Selamat datang di Bina Kader")
        self.setSubTitle("Beberapa langkah singkat menyiapkan aplikasi untuk puskesmas Anda.")
        layout = QVBoxLayout(self)
        self.own = QRadioButton("Siapkan data puskesmas saya (identitas, wilayah, daftar kader)")
        self.demo = QRadioButton("Coba dulu dengan data contoh (basis data demo terpisah; data kantor tidak "
                                 "tersentuh)")
        self.own.setChecked(True)
        self.demo.toggled.connect(self.setFinalPage)  # Berikutnya becomes Selesai and back
        for w in (self.own, self.demo):
            layout.addWidget(w)
        layout.addStretch(1)

    def nextId(self) -> int:  # noqa: N802
        return -1 if self.demo.isChecked() else super().nextId()


class _IdentityPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Identitas puskesmas dan kop surat")
        self.setSubTitle("Dicetak pada kop dan tanda tangan setiap formulir, jadwal, dan laporan.")
        layout = QVBoxLayout(self)
        self.editor = IdentityEditor()
        self.editor.save_button.hide()  # Berikutnya saves
        layout.addWidget(self.editor)

    def validatePage(self) -> bool:  # noqa: N802
        return self.editor.save()


class _AccountPage(QWizardPage):
    """The office's first account: the PJ Promkes (administrator). Shown only while no account exists."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Akun PJ Promkes")
        self.setSubTitle("Akun pertama mengelola semua data dan akun lain (supervisor, admin desa, petugas cetak). "
                         "Aplikasi meminta masuk setiap kali dibuka.")
        form = QFormLayout(self)
        self.name, self.username = QLineEdit(), QLineEdit()
        self.password, self.again = QLineEdit(), QLineEdit()
        for edit in (self.password, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(f"minimal {auth.MIN_PASSWORD} karakter")
        for label, edit in (("Nama lengkap", self.name), ("Nama pengguna", self.username),
                            ("Kata sandi", self.password), ("Ulangi kata sandi", self.again)):
            form.addRow(label, edit)
        self.error = error_label()
        form.addRow(self.error)

    def initializePage(self) -> None:  # noqa: N802
        user = auth.current()
        if user is not None:  # came back with Kembali: show the account made, editable, never a second one
            self.setSubTitle("Akun PJ Promkes sudah dibuat dan dipakai masuk. Ubah nama atau nama pengguna bila "
                             "perlu; kata sandi boleh dikosongkan bila tidak diganti.")
            self.name.setText(user.name)
            self.username.setText(user.username)
            for edit in (self.password, self.again):
                edit.clear()
                edit.setPlaceholderText("kosongkan bila tidak diganti")
            return
        puskesmas = current_puskesmas()
        if puskesmas and not self.name.text():
            self.name.setText(puskesmas.pj_promkes_name)

    def validatePage(self) -> bool:  # noqa: N802
        if self.password.text() != self.again.text():
            self.error.setText("Kedua kata sandi tidak sama.")
            return False
        try:
            if auth.current() is not None:
                auth.update_own_account(self.name.text(), self.username.text(), self.password.text())
            else:
                auth.create_user(self.name.text(), self.username.text(), self.password.text(), "admin")
        except UserError as exc:
            self.error.setText(str(exc))
            return False
        self.error.setText("")
        self.setSubTitle("Akun PJ Promkes sudah dibuat dan dipakai masuk. Ubah nama atau nama pengguna bila perlu; "
                         "kata sandi boleh dikosongkan bila tidak diganti.")
        return True


class _WilayahPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Wilayah kerja")
        self.setSubTitle("Tambahkan setiap desa/kelurahan yang dilayani beserta kecamatannya.")
        layout = QVBoxLayout(self)
        self.editor = WilayahEditor()
        self.editor.changed.connect(self.completeChanged)
        layout.addWidget(self.editor)

    def initializePage(self) -> None:  # noqa: N802
        self.editor.refresh()

    def isComplete(self) -> bool:  # noqa: N802
        return self.editor.table.rowCount() > 0


class _KaderPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Daftar kader")
        self.setSubTitle("Impor daftar kader dari berkas Excel kantor, atau lewati dan isi nanti.")
        layout = QVBoxLayout(self)
        text = QLabel("Berkas Excel apa adanya boleh dipakai: judul di atas tabel, sel gabungan, dan nama kolom "
                      "seperti “Nama Kader”, “NIK”, “No. HP/WA”, “Nama Posyandu”, “Desa/Kel”, “Tgl Lahir”. "
                      "Sebelum disimpan, aplikasi menampilkan pratinjau dan pemetaan kolomnya.")
        text.setWordWrap(True)
        layout.addWidget(text)
        self.import_button = QPushButton("Impor daftar kader dari Excel…")
        self.import_button.clicked.connect(self.open_import)
        layout.addWidget(self.import_button)
        self.result = QLabel("Belum ada kader yang diimpor. Kader juga dapat ditambahkan satu per satu di bagian "
                             "Posyandu & Kader.")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        layout.addStretch(1)

    def open_import(self):
        from desktop.views.dialogs.kader.roster_dialog import RosterDialog

        dialog = RosterDialog(self)
        dialog.imported.connect(lambda _: self.show_counts())
        dialog.open()
        return dialog

    def show_counts(self) -> None:
        c = counts(current_puskesmas())
        self.result.setText(f"Tercatat {c.posyandu} posyandu dan {c.kader} kader aktif.")


class _DonePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Siap dipakai")
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        c = counts(current_puskesmas())
        self.summary.setText(
            f"<p>{current_puskesmas().name}: {c.desa} desa/kelurahan, {c.posyandu} posyandu, {c.kader} kader.</p>"
            "<p><b>Langkah berikutnya</b></p><ol>"
            "<li><b>Tim Supervisor</b>: tambahkan nakes dan tugaskan ke posyandu (1 supervisor untuk 25–30 kader); "
            "catat SK tim manajerial tiap desa.</li>"
            "<li><b>Jadwal</b>: klik <i>Susun jadwal bulan ini</i>.</li>"
            "<li><b>Instrumen</b>: cetak formulir kosong untuk dibawa ke posyandu, lalu ketik hasilnya.</li>"
            "<li><b>Laporan</b>: cetak laporan bulanan di akhir bulan.</li></ol>"
            "<p>Tekan F1 di setiap bagian untuk penjelasan singkat.</p>")


class FirstRunWizard(QWizard):
    """`demo_chosen` is True when the user picked the demo database on the first page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Panduan awal Bina Kader")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setButtonText(QWizard.WizardButton.NextButton, "Berikutnya >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< Kembali")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Selesai")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Batal")
        self.intro, self.identity, self.wilayah = _IntroPage(), _IdentityPage(), _WilayahPage()
        self.account = _AccountPage() if not auth.users_exist() else None
        self.kader, self.finish_page = _KaderPage(), _DonePage()
        for page in (self.intro, self.identity, self.account, self.wilayah, self.kader, self.finish_page):
            if page is not None:
                self.addPage(page)
        self.resize(980, 640)

    @property
    def demo_chosen(self) -> bool:
        return self.intro.demo.isChecked()
