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


class SchemaTooNew(UserError):
    """The database was written by a newer Bina Kader than this one."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(
            f"Basis data {path} dibuat oleh versi Bina Kader yang lebih baru (skema v{found}; "
            f"aplikasi ini hanya mengenal sampai v{supported}). Perbarui aplikasi Bina Kader terlebih dahulu."
        )
