"""The one session of this process: who is signed in and which puskesmas they work on.

Reached one way, `SESSION` here: the login (desktop.services.auth) fills it, the audit trail reads its username,
`settings.current_puskesmas()` its puskesmas. A shared database holds several puskesmas; each PC works on one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.models.users import User


@dataclass
class Session:
    """The signed-in account (None: signed out, or a database without accounts) and the puskesmas worked on
    (None: the one chosen in settings)."""

    user: User | None = None
    puskesmas_id: int | None = None

    @property
    def username(self) -> str:
        """The name the audit trail records ("" when nobody is signed in)."""
        return self.user.username if self.user is not None else ""

    @property
    def role(self) -> str | None:
        """The account's role, or None when nobody is signed in."""
        return self.user.role if self.user is not None else None

    def start(self, user: User | None) -> None:
        """Sign `user` in (None: out). An account tied to a puskesmas works on that puskesmas only; a kabupaten
        admin starts on the office's choice."""
        self.user = user
        self.puskesmas_id = user.puskesmas_id if user is not None else None


SESSION = Session()
