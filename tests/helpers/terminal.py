"""Run `python -m desktop.cli` as a real process on a pseudo-terminal, typing answers to its password prompts the
way a person at the keyboard would."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cli_in_terminal(*args: str, passwords: tuple[str, ...] = (), timeout: float = 120) -> tuple[int, str]:
    """(exit code, everything printed to the terminal). Each prompt containing 'sandi' gets the next password."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("BINA_KADER_DB", None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: the CLI with the pty as its terminal
        os.chdir(ROOT)
        os.execvpe(sys.executable, [sys.executable, "-m", "desktop.cli", *args], env)
    pending = list(passwords)
    output, answered_at = b"", 0
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:  # the child closed the terminal: it has ended
                    break
                if not chunk:
                    break
                output += chunk
            tail = output[answered_at:]
            if pending and b"sandi" in tail.lower() and tail.rstrip().endswith(b":"):
                os.write(fd, pending.pop(0).encode() + b"\n")
                answered_at = len(output)
        else:
            os.kill(pid, signal.SIGKILL)
            raise TimeoutError(output.decode(errors="replace"))
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), output.decode(errors="replace").replace("\r\n", "\n")
