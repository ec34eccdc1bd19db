# Sourced by scripts/test: LibreOffice Calc, headless, for the tests that re-save exported files the way offices
# do (.xlsx, .ods, ;-CSV). The Debian package is installed when missing, the way _pg.sh installs PostgreSQL.

ensure_soffice() {
    command -v soffice >/dev/null && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "Memasang LibreOffice Calc (paket Debian) untuk uji pulang-pergi lembar kerja ..." >&2
        apt-get install -y -q --no-install-recommends libreoffice-calc-nogui >/dev/null \
            || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends libreoffice-calc-nogui >/dev/null; }
    fi
    command -v soffice >/dev/null || { echo "LibreOffice tidak ada dan tidak dapat dipasang; uji pulang-pergi akan gagal." >&2; return 1; }
}
