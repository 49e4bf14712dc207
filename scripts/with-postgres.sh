#!/usr/bin/env bash
# Runs a command against PostgreSQL: DATABASE_URL if it is set, otherwise a
# throwaway cluster started here (as the postgres user) and removed afterwards.
set -euo pipefail

if [ -n "${DATABASE_URL:-}" ]; then
  exec "$@"
fi

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)." >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "Starting a throwaway cluster needs root; or set DATABASE_URL." >&2; exit 1; }

PGTMP=$(mktemp -d /tmp/microconf-pg.XXXXXX)
chown postgres:postgres "$PGTMP"
chmod 700 "$PGTMP"
pg_stop() {
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGTMP"
}
trap pg_stop EXIT

PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# initdb refuses to run as root, hence runuser; fsync off: the data is thrown away.
runuser -u postgres -- "$PGBIN/initdb" -D "$PGTMP/data" -U postgres --auth=trust \
  --encoding=UTF8 --locale=C.UTF-8 >"$PGTMP/initdb.log" 2>&1
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 60 \
  -o "-p $PGPORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
runuser -u postgres -- "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" microconf
export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/microconf"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on port $PGPORT"
"$@"
