import pytest

from desktop.models.settings import current_puskesmas
from desktop.models.wilayah import Desa

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from desktop.views.main_window import MainWindow

pytestmark = pytest.mark.gui


def _next(qtbot, wizard):
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def test_new_office_goes_through_the_wizard(qtbot, db, db_path, tmp_path):
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    wizard = window.show_wizard()
    _next(qtbot, wizard)  # "Siapkan data puskesmas saya"
    identity = wizard.identity.editor
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.identity and "wajib diisi" in identity.status.text()
    qtbot.keyClicks(identity.fields["name"], "Puskesmas Sahilan")
    qtbot.keyClicks(identity.fields["kabupaten"], "Kampar")
    qtbot.keyClicks(identity.fields["pj_promkes_name"], "Siti Aminah, S.KM.")
    wizard.grab().save(str(tmp_path / "wizard-identitas.png"))
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.account and current_puskesmas().name == "Puskesmas Sahilan"
    account = wizard.account
    assert account.name.text() == "Siti Aminah, S.KM."  # taken from the identity page
    qtbot.keyClicks(account.username, "siti")
    qtbot.keyClicks(account.password, "rahasia-kuat")
    qtbot.keyClicks(account.again, "rahasia-lain")
    _next(qtbot, wizard)
    assert "tidak sama" in account.error.text()
    account.again.clear()
    qtbot.keyClicks(account.again, "rahasia-kuat")
    _next(qtbot, wizard)
    from desktop.services import auth

    assert auth.current().username == "siti" and auth.current().role == "admin"
    assert wizard.currentPage() is wizard.wilayah
    # Kembali shows the account made; Berikutnya again edits it instead of making a second one
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.account and account.username.text() == "siti"
    assert "sudah dibuat" in account.subTitle()
    wizard.grab().save(str(tmp_path / "wizard-akun-lagi.png"))
    account.username.clear()
    qtbot.keyClicks(account.username, "siti.aminah")
    _next(qtbot, wizard)
    from desktop.models.users import User

    assert wizard.currentPage() is wizard.wilayah and account.error.text() == ""
    assert [u.username for u in User.select()] == ["siti.aminah"]
    assert auth.log_in("siti.aminah", "rahasia-kuat").username == "siti.aminah"  # the password stayed
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # at least one desa first
    editor = wizard.wilayah.editor
    for kecamatan, desa in (("Kampar Kiri", "Sahilan Darussalam"), ("Kampar Kiri", "Sungai Tonang")):
        editor.kecamatan.setEditText(kecamatan)
        qtbot.keyClicks(editor.name, desa)
        qtbot.keyClick(editor.name, Qt.Key.Key_Return)
    assert Desa.select().count() == 2 and wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.grab().save(str(tmp_path / "wizard-wilayah.png"))
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.kader
    roster = tmp_path / "kader.csv"
    roster.write_text("Nama Kader;Nama Posyandu;Desa/Kel\nRatna Sari;Posyandu Hangtuah;Sahilan Darussalam\n"
                      "Dewi Lestari;Posyandu Hangtuah;Sahilan Darussalam\nSri Wahyuni;Tonang Indah;Sungai Tonang\n",
                      encoding="utf-8")
    dialog = wizard.kader.open_import()
    dialog.load(str(roster))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert "belum tercatat" in dialog.problems.item(0).text()
    dialog.create_missing.setChecked(True)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    dialog.close()
    assert wizard.kader.result.text() == "Tercatat 2 posyandu dan 3 kader aktif."
    _next(qtbot, wizard)
    summary = wizard.finish_page.summary.text()
    assert "2 desa/kelurahan" in summary and "Susun jadwal" in summary
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert "Puskesmas Sahilan" in window.puskesmas_label.text()
    auth.log_out()
    beranda = window.page("Beranda")
    assert beranda.title.text().startswith("<h2>Puskesmas Sahilan")
    assert beranda.cards["kader"].value.text() == "3" and beranda.cards["posyandu"].value.text() == "2"
    assert "Posyandu Hangtuah (Desa Sahilan Darussalam) belum punya supervisor teknis" in beranda.hint.text()
    window.grab().save(str(tmp_path / "beranda-baru.png"))


def test_choosing_the_demo_opens_the_demo_database(qtbot, db, db_path, tmp_path, monkeypatch):
    from desktop.models import db as db_module

    demo = tmp_path / "demo" / "demo.db"
    monkeypatch.setattr(db_module, "demo_db_path", lambda: demo)
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    wizard = window.show_wizard()
    wizard.intro.demo.setChecked(True)
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isVisible() and not wizard.button(QWizard.WizardButton.NextButton).isVisible()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert window.demo and window.db_path == demo and demo.exists()
    assert "DEMO" in window.windowTitle() and current_puskesmas() is not None
    assert db_path.exists()  # the office database is untouched
