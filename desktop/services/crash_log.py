"""The crash report: unexpected errors and Qt's own warnings written to a rotating log in the data folder, with
NIK, phone numbers and passwords blanked out so the file can be handed to whoever maintains the app."""

from __future__ import annotations

import logging
import logging.handlers
import re
import traceback
from pathlib import Path

LOG_NAME = "bina-kader-galat.log"
MAX_BYTES = 512 * 1024
BACKUPS = 3
LOGGER = "bina_kader.crash"

_SCRUB = (
    (re.compile(r"(?<!\d)\d{16}(?!\d)"), "[NIK]"),  # a NIK, whatever surrounds it
    (re.compile(r"(?<![\d+])(?:\+?62[- ]?|0)8\d{7,12}(?!\d)"), "[NO-HP]"),  # an Indonesian mobile number
    (re.compile(r"(?<![\d+])(?:\+?62[- ]?|0)8\d{1,4}[- ]\d{3,4}[- ]\d{3,5}(?!\d)"), "[NO-HP]"),  # written in groups
    (re.compile(r"(postgres(?:ql)?://[^:/@\s]+):[^@\s]+@"), r"\1:***@"),  # a password inside a server address
    (re.compile(r"(?i)((?:password|passwd|kata[ _]sandi|sandi|pwd)[\"']?\s*[:=]\s*)[\"']?[^\s,;\"')]+"), r"\1***"),
)


def scrub(text: str) -> str:
    """The text with every NIK, phone number and password replaced by a marker."""
    for pattern, marker in _SCRUB:
        text = pattern.sub(marker, text)
    return text


class _Scrubbed(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def log_path(folder: Path) -> Path:
    return folder / LOG_NAME


def install(folder: Path) -> Path:
    """Send the crash logger to a rotating file in `folder` (once per folder); returns the file."""
    logger = logging.getLogger(LOGGER)
    path = log_path(folder)
    for handler in list(logger.handlers):
        if getattr(handler, "baseFilename", None) == str(path):
            return path
        logger.removeHandler(handler)
        handler.close()
    folder.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(_Scrubbed("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return path


def current_file() -> Path | None:
    """The file the crash logger writes to, if installed."""
    for handler in logging.getLogger(LOGGER).handlers:
        name = getattr(handler, "baseFilename", None)
        if name:
            return Path(name)
    return None


def log_exception(kind, exc, tb, where: str = "") -> None:
    """One entry with the traceback (only file names, lines and the message — never local variables)."""
    text = "".join(traceback.format_exception(kind, exc, tb))
    logging.getLogger(LOGGER).error("Galat tak terduga%s\n%s", f" di {where}" if where else "", text.rstrip())
    for handler in logging.getLogger(LOGGER).handlers:
        handler.flush()


def log_message(level: int, text: str) -> None:
    """A message from Qt itself (warnings, critical errors)."""
    logging.getLogger(LOGGER).log(level, "Qt: %s", text)
