"""Opening a database from the GUI: the start-up and the main window's switch both come through here."""

from __future__ import annotations

from collections.abc import Callable

from desktop.models.errors import DatabaseCorrupt
from desktop.models.location import Location


def open_or_recover(path: Location, ask_restore: Callable[[DatabaseCorrupt], bool], thorough: bool = True) -> None:
    """Open the database (services.maintenance.open_or_recover); a server asks for its password through the
    password dialog when the saved one is missing or refused. `thorough=False`: the page-by-page check is left to
    the caller (the start-up runs it after the first paint)."""
    from desktop.services import maintenance

    def open_server(url: str) -> None:
        from desktop.services.server import open_server as connect

        from desktop.views.dialogs.password_dialog import ask_password

        connect(url, ask_password)

    maintenance.open_or_recover(path, ask_restore, open_server, thorough)
