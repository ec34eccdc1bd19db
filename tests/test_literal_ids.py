"""No module decides by an instrument's id: behaviour is declared in resources/instruments/*.toml ([roles])."""

import re
from pathlib import Path

from desktop.instruments.loader import INSTRUMENTS_DIR

DESKTOP = Path(__file__).resolve().parents[1] / "desktop"


def test_no_literal_instrument_id_in_the_code():
    ids = sorted(p.stem for p in INSTRUMENTS_DIR.glob("*.toml"))
    literal = re.compile("[\"']({})[\"']".format("|".join(ids)))
    found = []
    for path in sorted(DESKTOP.rglob("*.py")):
        name = path.relative_to(DESKTOP).as_posix()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if literal.search(line):
                found.append(f"{name}:{n}: {line.strip()}")
    assert found == []
