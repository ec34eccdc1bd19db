# Sourced by scripts/test: a throwaway PostgreSQL server for the shared-mode tests. The cluster lives in a temp
# folder, runs as a non-root user on a random local port, and is stopped (and deleted) when the script exits.
# Sets BINA_KADER_TEST_PG to the server's URL; exits non-zero when the server cannot be started.

pg_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    if [ -z "$dir" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "Memasang PostgreSQL (paket Debian) untuk uji mode bersama ..." >&2
        apt-get install -y -q postgresql >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null; }
        dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    fi
    [ -n "$dir" ] || { echo "PostgreSQL tidak ada dan tidak dapat dipasang; uji mode bersama tidak bisa jalan." >&2; return 1; }
    echo "$dir"
}

start_test_postgres() {
    local bin run_as=() port
    bin="$(pg_bin)" || return 1
    PG_TMP="$(mktemp -d -t bina-kader-pg.XXXXXX)"
    if [ "$(id -u)" = 0 ]; then  # the server refuses to run as root
        chown postgres "$PG_TMP"
        run_as=(runuser -u postgres --)
    fi
    port="$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    # a password, as on a real office server, so the tests also see a refused and an accepted login
    local password
    password="uji-$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(6))')"
    echo "$password" >"$PG_TMP/pw"
    [ "$(id -u)" = 0 ] && chown postgres "$PG_TMP/pw"
    "${run_as[@]}" "$bin/initdb" -D "$PG_TMP/data" -U bina --pwfile="$PG_TMP/pw" -A scram-sha-256 -E UTF8 \
        --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
        || { cat "$PG_TMP/initdb.log" >&2; return 1; }
    "${run_as[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
        -o "-p $port -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null \
        || { cat "$PG_TMP/server.log" >&2; return 1; }
    PG_STOP=("${run_as[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -m fast -w stop)
    export BINA_KADER_TEST_PG="postgresql://bina:$password@127.0.0.1:$port/postgres"
    echo "PostgreSQL uji berjalan di 127.0.0.1:$port ($PG_TMP)"
}

stop_test_postgres() {
    if [ -n "${PG_TMP:-}" ]; then
        "${PG_STOP[@]}" >/dev/null 2>&1 || true
        rm -rf "$PG_TMP"
    fi
}
