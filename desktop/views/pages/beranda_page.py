"""Beranda: real counts from the database, and what to do first on an empty one."""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget


class _Card(QFrame):
    """A number with a caption."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        self.value = QLabel("–")
        self.value.setObjectName("cardValue")
        self.value.setStyleSheet("font-size: 26pt; font-weight: bold; color: #1b5e20;")
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        self.detail = QLabel("")
        self.detail.setStyleSheet("color: #555;")
        for w in (self.value, self.caption, self.detail):
            layout.addWidget(w)


ATTENTION_MAX = 8


class BerandaPage(QWidget):
    """Home screen with the main counts of the current puskesmas and what needs attention."""

    open_section = Signal(str)  # a link asks the main window to show a section

    def __init__(self, parent: QWidget | None = None, db_path: Path | None = None, load: bool = True) -> None:
        """`load=False`: the page shows "memuat…" until `refresh()` (the start-up fills it after the first paint)."""
        super().__init__(parent)
        self.db_path = db_path
        layout = QVBoxLayout(self)
        self.title = QLabel()  # rich text (set in refresh: the Qt namespace's enums cost ≈40 ms before first paint)
        layout.addWidget(self.title)
        grid = QGridLayout()
        self.cards = {
            "posyandu": _Card("Posyandu aktif"),
            "kader": _Card("Kader aktif"),
            "technical": _Card("Supervisor teknis (nakes)"),
            "managerial": _Card("Supervisor manajerial (desa/TP Posyandu)"),
        }
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, 0, i)
        layout.addLayout(grid)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.linkActivated.connect(self.open_section)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.loaded = False
        if load:
            self.refresh()
        else:
            self.hint.setText("<p><i>memuat…</i></p>")

    def refresh(self) -> None:
        """Reload the counts from the database."""
        from desktop.models.settings import current_puskesmas

        from PySide6.QtCore import Qt

        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.hint.setTextFormat(Qt.TextFormat.RichText)
        self.loaded = True
        puskesmas = current_puskesmas()
        if puskesmas is None:
            self.title.setText("<h2>Selamat datang di Bina Kader</h2>")
            for card in self.cards.values():
                card.value.setText("0")
            self.hint.setText(
                "<p><b>Basis data masih kosong.</b> Klik <a href='Pengaturan#panduan-awal'>Panduan awal…</a> "
                "(juga di menu Berkas): isi identitas puskesmas, wilayah kerja, lalu impor daftar kader. Di halaman "
                "pertamanya Anda juga dapat memilih <b>Coba dulu dengan data contoh</b> untuk melihat aplikasi "
                "terisi tanpa mencampur data kantor.</p>"
            )
            return
        from desktop.models.stats import counts
        from desktop.services import auth
        from desktop.services.teams import team_check

        scope = auth.desa_scope()  # a village admin sees only their own desa
        c = counts(puskesmas, scope)
        check = team_check(puskesmas)
        self.title.setText(f"<h2>{puskesmas.name}</h2><p>{c.desa} desa/kelurahan di wilayah kerja</p>")
        self.cards["posyandu"].value.setText(str(c.posyandu))
        self.cards["kader"].value.setText(str(c.kader))
        self.cards["kader"].detail.setText(f"{c.kader_trained} sudah dilatih")
        supervisors = check.ratio.supervisors
        self.cards["technical"].value.setText(str(supervisors))
        ratio = f"1 : {check.ratio.per_supervisor:.0f} kader" if supervisors else "belum ada yang ditugaskan"
        self.cards["technical"].detail.setText(f"rasio {ratio} (pedoman: 1 : 25–30)")
        members = sum(t.members for t in check.desa if t.status in ("berlaku", "segera_berakhir"))
        self.cards["managerial"].value.setText(str(members))
        with_sk = sum(t.status in ("berlaku", "segera_berakhir") for t in check.desa)
        self.cards["managerial"].detail.setText(f"SK berlaku di {with_sk} dari {len(check.desa)} desa")
        problems = list(enumerate(check.problems()))  # the index opens the same line in Tim Supervisor
        if scope is not None:
            names = {f"Desa {t.desa.name}" for t in check.desa}
            problems = [(i, p) for i, p in problems if any(n in p for n in names)]
        self.hint.setText(self._attention(puskesmas, problems))

    def _attention(self, puskesmas, team_problems: list[tuple[int, str]]) -> str:
        """The to-do list: late and due schedule work, overdue follow-ups, drafts, team problems, backups."""
        from desktop.services import follow_up, schedule

        today = dt.date.today()
        due = schedule.due(puskesmas, today.year, today.month, today)
        late = [d for d in due if d.overdue]
        overdue = follow_up.open_items(puskesmas, overdue_on=today).count()
        blocks = []
        if due:
            lines = [f"{len(late)} kegiatan terlambat" if late else "", f"{len(due) - len(late)} kegiatan wajib "
                     "bulan ini belum direncanakan" if len(due) > len(late) else ""]
            items = "".join(f"<li><a href='Jadwal#jatuh-tempo-{n}'>{escape(d.message.split(' (')[0])} — Posyandu "
                            f"{escape(d.posyandu)}</a></li>" for n, d in [(n, d) for n, d in enumerate(due)
                                                                          if d.overdue][:3])
            blocks.append(f"<p><b>Jadwal:</b> {', '.join(x for x in lines if x)}.</p><ul>{items}</ul>"
                          "<p><a href='Jadwal#jatuh-tempo'>Buka Jadwal › Jatuh tempo</a></p>"
                          if late else f"<p><b>Jadwal:</b> {', '.join(x for x in lines if x)}. "
                          "<a href='Jadwal#susun'>Susun jadwal bulan ini…</a></p>")
        steps = [s for s in follow_up.next_steps(puskesmas, upto=today) if s.action in ("coach", "mentor")]
        if steps:
            names = schedule.names(puskesmas)["posyandu"]
            items = "".join(f"<li>{'Coaching' if s.action == 'coach' else 'Mentoring'} — Posyandu "
                            f"{escape(names.get(s.posyandu_id, ''))}: {escape(s.reason)}</li>"
                            for s in sorted(steps, key=lambda s: s.action != "coach")[:5])
            blocks.append(f"<p><b>Siklus supervisi:</b> {len(steps)} usulan langkah berikut.</p><ul>{items}</ul>"
                          "<p><a href='Jadwal#susun'>Susun jadwal bulan ini…</a></p>")
        if overdue:
            blocks.append(f"<p><b>Tindak lanjut:</b> {overdue} temuan/RTL lewat batas waktu. "
                          "<a href='Jadwal#tindak-lanjut'>Buka Jadwal › Tindak lanjut (yang lewat batas)</a></p>")
        from desktop.services.records import open_drafts

        drafts = len(open_drafts())
        if drafts:
            blocks.append(f"<p><b>Draf:</b> {drafts} formulir instrumen belum selesai diisi. "
                          "<a href='Instrumen#draf'>Lanjutkan draf terbaru</a></p>")
        if team_problems:
            shown = "".join(f"<li><a href='Tim Supervisor#masalah-{i}'>{escape(p)}</a></li>"
                            for i, p in team_problems[:ATTENTION_MAX])
            more = f" ({len(team_problems) - ATTENTION_MAX} lainnya)" if len(team_problems) > ATTENTION_MAX else ""
            blocks.append(f"<p><b>Tim supervisor</b> (klik satu baris untuk memperbaikinya):</p><ul>{shown}</ul>"
                          f"<p><a href='Tim Supervisor#pemeriksaan'>Buka Tim Supervisor › Pemeriksaan{more}</a></p>")
        from desktop.models.location import is_server

        if self.db_path is not None and not is_server(self.db_path):  # a server is backed up by its keeper
            from desktop.models.backup import auto_backups

            backups = auto_backups(self.db_path)
            if not backups:
                blocks.append("<p><b>Cadangan:</b> belum ada cadangan basis data. Aplikasi membuatnya otomatis "
                              "sekali sehari; simpan juga salinan di flashdisk (Berkas › Cadangkan ke berkas…).</p>")
            else:
                age = (dt.date.today() - dt.date.fromtimestamp(backups[-1].stat().st_mtime)).days
                if age >= 7:
                    blocks.append(f"<p><b>Cadangan:</b> cadangan terakhir {age} hari yang lalu.</p>")
        if not blocks:
            return ("<p><b>Tidak ada yang mendesak.</b> Jadwal bulan ini lengkap, tidak ada tindak lanjut yang lewat "
                    "batas, dan tim supervisor sesuai pedoman.</p>")
        return "<h3>Perlu perhatian</h3>" + "".join(blocks)
