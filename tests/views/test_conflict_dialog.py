"""Two PCs on one database: the kader dialog meets a newer change, shows who changed what, reloads or overwrites."""

from pathlib import Path

import peewee
import pytest

from desktop.models.audit import AuditLog
from desktop.models.people import Kader
from desktop.models.session import SESSION
from desktop.models.users import User

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop.views.dialogs.conflict_dialog import ConflictDialog
from desktop.views.dialogs.kader.kader_dialog import KaderDialog

pytestmark = pytest.mark.gui


def _colleague_saves(db_path: Path, kader_id: int, **values) -> None:
    """Another PC: its own connection to the same file, another user name in the audit trail."""
    other = peewee.SqliteDatabase(str(db_path), pragmas={"busy_timeout": 5000})
    with other.bind_ctx([Kader, AuditLog]):
        kader = Kader.get_by_id(kader_id)
        for name, value in values.items():
            setattr(kader, name, value)
        signed_in, SESSION.user = SESSION.user, User(username="budi")
        try:
            kader.save()
        finally:
            SESSION.user = signed_in
    other.close()


def _answer_conflict(button: str, seen: list, shot: Path) -> None:
    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, ConflictDialog)
        box.grab().save(str(shot))
        seen.append([box.table.item(r, c).text() for r in range(box.table.rowCount()) for c in range(4)])
        getattr(box, button).click()

    QTimer.singleShot(0, answer)


def _type(qtbot, field, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)


def test_reload_shows_the_colleagues_change_and_overwrite_saves_mine(qtbot, demo_db, tmp_path):
    rina = Kader.get(Kader.name == "Rina Marlina")
    dialog = KaderDialog(rina)
    qtbot.addWidget(dialog)
    dialog.show()
    _colleague_saves(demo_db, rina.id, phone="081311112222")

    _type(qtbot, dialog.name, "Rina Marlina Sari")
    seen: list = []
    _answer_conflict("reload_button", seen, tmp_path / "konflik.png")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # nothing saved, the dialog stays
    rows = seen[0]
    assert "No. HP/WA" in rows and "081311112222" in rows and any(r.startswith("budi,") for r in rows)
    assert "Rina Marlina Sari" in rows  # what I typed is shown next to what is stored
    assert dialog.phone.value() == "081311112222" and dialog.name.value() == "Rina Marlina"  # reloaded
    assert "belum disimpan" in dialog.error.text()

    _type(qtbot, dialog.name, "Rina Marlina Sari")
    _colleague_saves(demo_db, rina.id, start_year=2015)  # and once more, meanwhile
    _answer_conflict("overwrite_button", seen, tmp_path / "konflik-2.png")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    stored = Kader.get_by_id(rina.id)
    assert stored.name == "Rina Marlina Sari"  # overwritten on purpose
    assert stored.start_year == dialog.start_year.value()
    assert not dialog.isVisible()
