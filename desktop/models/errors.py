"""Errors a user can act on; their messages are shown as they are, in Bahasa Indonesia."""

from __future__ import annotations

from pathlib import Path


class UserError(Exception):
    """A problem caused by input or by the environment, explained in Indonesian; no traceback is shown."""


class DatabaseCorrupt(UserError):
    """The database file fails its integrity check or is not a Bina Kader database."""

    def __init__(self, path: Path, detail: str, good_backup: Path | None = None) -> None:
        self.path = path
        self.good_backup = good_backup
        super().__init__(f"Basis data {path} rusak atau tidak dapat dibaca ({detail}).")


class DatabaseMissing(DatabaseCorrupt):
    """The database file is gone (deleted or moved) although backups of it exist, or it was deleted while open."""

    def __init__(self, path: Path, good_backup: Path | None = None, while_open: bool = False) -> None:
        UserError.__init__(self, (
            f"Berkas basis data {path} hilang (dihapus atau dipindahkan) saat aplikasi berjalan; perubahan terakhir "
            "tidak disimpan." if while_open else f"Berkas basis data {path} tidak ditemukan"
            + (", padahal ada cadangannya; pulihkan dari cadangan terbaru agar tidak mulai dari basis data kosong."
               if good_backup else ".")))
        self.path = path
        self.good_backup = good_backup


class SchemaTooNew(UserError):
    """The database was written by a newer Bina Kader than this one."""

    def __init__(self, path: Path | str, found: int, supported: int) -> None:
        super().__init__(
            f"Basis data {path} dibuat oleh versi Bina Kader yang lebih baru (skema v{found}; "
            f"aplikasi ini hanya mengenal sampai v{supported}). Perbarui aplikasi Bina Kader terlebih dahulu."
        )


class ServerUnavailable(UserError):
    """The PostgreSQL server cannot be reached or refuses the login."""

    def __init__(self, where: str, detail: str) -> None:
        lowered = detail.lower()
        self.needs_password = "password" in lowered
        self.detail = detail
        if "does not support ssl" in lowered:
            reason = ("server ini tidak menawarkan sambungan terenkripsi (TLS), sehingga data dan kata sandi akan "
                      "lewat jaringan tanpa sandi; minta pengelola server menyalakan TLS (lihat docs/server.md)")
        elif "no encryption" in lowered:
            reason = ("server hanya menerima sambungan terenkripsi (TLS), sambungan ini tidak; hapus "
                      "'sslmode=disable' dari alamat server")
        elif "certificate" in lowered or "sslrootcert" in lowered:
            reason = ("sertifikat server tidak cocok dengan sertifikat yang disimpan di komputer ini; tanyakan "
                      "sertifikat yang benar kepada pengelola server")
        else:
            reason = ("kata sandi salah atau belum diisi" if self.needs_password else
                      "server tidak menjawab; periksa jaringan kantor dan alamat server")
        super().__init__(f"Tidak dapat tersambung ke basis data bersama {where}: {reason}.")


class EditConflict(UserError):
    """A save over a newer change someone else made (optimistic locking, desktop.models.db.VersionedModel).

    A plain carrier filled by whoever detects the conflict: `mine` is the instance with the user's values;
    `current` the row as it is now (None when deleted); `changes` lists who changed what since `mine` was read:
    [(username, when, {field: [old, new]})]; `labels` names those fields as the forms do."""

    def __init__(self, mine, current, changes: list | None = None, labels: dict[str, str] | None = None) -> None:
        self.mine, self.current = mine, current
        self.changes = list(changes or []) if current is not None else []
        if current is None:
            text = "Data ini sudah dihapus oleh pengguna lain sejak Anda membukanya; perubahan Anda tidak disimpan."
        else:
            labels = labels or {}
            who = ", ".join(sorted({c[0] or "(tanpa akun)" for c in self.changes})) or "pengguna lain"
            fields = sorted({labels.get(f, f.replace("_", " ")) for c in self.changes for f in c[2] if f != "version"})
            text = (f"Data ini sudah diubah oleh {who} sejak Anda membukanya"
                    f"{' (' + ', '.join(fields) + ')' if fields else ''}. Perubahan Anda belum disimpan: "
                    "muat ulang data terbaru, atau timpa dengan sadar.")
        super().__init__(text)


def explain(exc: BaseException) -> str | None:
    """An Indonesian explanation of an environment failure (locked, read-only or full disk, missing file, a server
    gone), or None when the error is a bug. The cause is looked for along the chain: a failed rollback after a
    full disk is still a full disk."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, UserError):
            return str(current)
        message = _explain_one(current)
        if message is not None:
            return message
        current = current.__cause__ or current.__context__
    return None


def _explain_one(exc: BaseException) -> str | None:
    import sqlite3

    text = str(exc).lower()
    if isinstance(exc, sqlite3.OperationalError) or exc.__class__.__name__ == "OperationalError":
        if "locked" in text or "busy" in text:
            return ("Basis data terkunci karena sedang ditulis program lain, jadi tidak ada yang disimpan; tunggu "
                    "sebentar lalu ulangi, dan bila berulang tutup jendela Bina Kader lain yang membuka berkas ini.")
        if "readonly" in text or "read-only" in text:
            return "Berkas basis data tidak dapat ditulis (hanya-baca). Periksa izin folder atau flashdisk."
        if ("disk" in text and "full" in text) or "no space" in text:
            return ("Ruang disk penuh, jadi perubahan terakhir tidak disimpan sama sekali (data sebelumnya utuh); "
                    "kosongkan ruang disk lalu ulangi.")
        if "unable to open" in text:
            return "Berkas basis data tidak dapat dibuka; mungkin dipindahkan atau flashdisk dicabut."
    if exc.__class__.__name__ in ("OperationalError", "InterfaceError") and any(
            text_part in text for text_part in ("connection", "server closed", "terminating", "timeout expired")):
        return ("Sambungan ke server basis data bersama terputus, jadi perubahan yang sedang disimpan dibatalkan "
                "seluruhnya; periksa jaringan kantor dan server, lalu ulangi.")
    if exc.__class__.__name__ == "IntegrityError" and "kader_nik" in text:  # held by a kader this login cannot see
        return ("NIK ini sudah tercatat untuk kader di puskesmas lain pada basis data bersama; periksa kembali NIK "
                "atau hubungi Admin Kabupaten. Tidak ada yang disimpan.")
    if exc.__class__.__name__ == "ProgrammingError" and ("row-level security" in text or "permission denied" in text):
        return ("Login basis data bersama ini tidak berhak mengubah data tersebut: server hanya membolehkan setiap "
                "puskesmas mengubah datanya sendiri, dan login kabupaten hanya membaca. Tidak ada yang diubah.")
    if isinstance(exc, OSError) and exc.errno == 28:
        return "Ruang disk penuh, jadi berkas tidak disimpan; kosongkan ruang disk lalu ulangi."
    return None
