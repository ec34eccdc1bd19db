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
        local attempt
        for attempt in 1 2 3; do  # office connections drop; a half-read package index is worth a retry
            if "$VENV/bin/python" -m pip install --disable-pip-version-check -q -e "$ROOT${extras:+[$extras]}"; then
                touch "$stamp"
                return
            fi
            echo "Pemasangan gagal (percobaan $attempt dari 3); mencoba lagi ..." >&2
            sleep $((attempt * 5))
        done
        echo "Pemasangan tidak berhasil. Periksa sambungan internet, lalu jalankan perintah ini lagi." >&2
        return 1
    fi
}
