#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the store's tests (installing PostgreSQL from the
# Debian packages when it is missing) and prints its URL on the last line:
#   export ICP_TEST_PG_URL=$(bash scripts/postgres.sh | tail -1)
# `bash scripts/postgres.sh stop` stops it. The cluster lives in $ICP_PG_DIR (default
# /tmp/icp-pg), listens on 127.0.0.1:$ICP_PG_PORT (default 55432) only, trusts local users.
set -euo pipefail

dir=${ICP_PG_DIR:-/tmp/icp-pg}
port=${ICP_PG_PORT:-55432}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ]; then
    echo "installing PostgreSQL (Debian packages)" >&2
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >/dev/null
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

# PostgreSQL refuses to run as root: run it as the `postgres` user the package creates.
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = stop ]; then
    as_owner "$bin/pg_ctl" -D "$dir" -m fast stop >&2 || true
    exit 0
fi

if [ ! -f "$dir/PG_VERSION" ]; then
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir" -A trust -U icp --no-sync -E UTF8 >/dev/null
fi
if ! as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
fi
as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U icp -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'icp_test'" | grep -q 1 \
    || as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U icp icp_test
echo "postgres://icp@127.0.0.1:$port/icp_test"
