# Shared by scripts/run and scripts/test: make sure .venv exists and holds the project (with EXTRAS).
# Re-installs only when pyproject.toml changed since the last install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3}"

ensure_venv() {
    local extras="$1" stamp="$VENV/.installed${1:+-$1}"
    if [ ! -x "$VENV/bin/python" ]; then
        echo "Membuat lingkungan Python di $VENV ..."
        "$PY" -m venv "$VENV"
    fi
    if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
        echo "Memasang Bina Kader dan pustakanya (sekali saja) ..."
        "$VENV/bin/python" -m pip install --disable-pip-version-check -q -e "$ROOT${extras:+[$extras]}"
        touch "$stamp"
    fi
}
