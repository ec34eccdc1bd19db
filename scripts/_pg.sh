# Sourced by scripts/test: a throwaway PostgreSQL server for the shared-mode tests. The cluster lives in a temp
# folder, runs as a non-root user on a random local port, and is stopped (and deleted) when the script exits.
# Sets BINA_KADER_TEST_PG to the server's URL; exits non-zero when the server cannot be started.
# Like an office server it speaks TLS only (a self-signed certificate made with openssl in the temp folder;
# BINA_KADER_TEST_PG_CA names it for verify-full) and takes passwords as scram-sha-256.

apt_install() {  # a Debian package the tests need, installed the way CI on a fresh machine gets it
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "Memasang $* (paket Debian) untuk uji mode bersama ..." >&2
        apt-get install -y -q "$@" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "$@" >/dev/null; }
    else
        echo "$* tidak ada dan tidak dapat dipasang; uji mode bersama tidak bisa jalan." >&2
        return 1
    fi
}

pg_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    if [ -z "$dir" ]; then
        apt_install postgresql >&2 || return 1
        dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    fi
    [ -n "$dir" ] || { echo "PostgreSQL tidak dapat dipasang; uji mode bersama tidak bisa jalan." >&2; return 1; }
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
    command -v openssl >/dev/null || apt_install openssl || return 1
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
        -keyout "$PG_TMP/data/server.key" -out "$PG_TMP/data/server.crt" >"$PG_TMP/openssl.log" 2>&1 \
        || { cat "$PG_TMP/openssl.log" >&2; return 1; }
    cp "$PG_TMP/data/server.crt" "$PG_TMP/ca.crt"
    chmod 600 "$PG_TMP/data/server.key"
    [ "$(id -u)" = 0 ] && chown postgres "$PG_TMP/data/server.key" "$PG_TMP/data/server.crt"
    # encrypted connections only, as the server guide (docs/server.md) sets up an office server
    printf '%s\n' "local all all scram-sha-256" "hostssl all all 127.0.0.1/32 scram-sha-256" \
        "hostnossl all all 127.0.0.1/32 reject" >"$PG_TMP/data/pg_hba.conf"
    "${run_as[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
        -o "-p $port -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c ssl=on" \
        start >/dev/null \
        || { cat "$PG_TMP/server.log" >&2; return 1; }
    PG_STOP=("${run_as[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -m fast -w stop)
    export BINA_KADER_TEST_PG="postgresql://bina:$password@127.0.0.1:$port/postgres"
    export BINA_KADER_TEST_PG_CA="$PG_TMP/ca.crt"
    echo "PostgreSQL uji (TLS) berjalan di 127.0.0.1:$port ($PG_TMP)"
}

stop_test_postgres() {
    if [ -n "${PG_TMP:-}" ]; then
        "${PG_STOP[@]}" >/dev/null 2>&1 || true
        rm -rf "$PG_TMP"
    fi
}
