#!/usr/bin/env bash
# Starts (or finds running) a private PostgreSQL cluster for the tests and prints, as the only
# line on stdout, a shell line that exports its URL (as DATABASE_URL, or the variable named):
#
#   eval "$(tests/pg/start-postgres.sh)"             # export DATABASE_URL=postgresql://...
#   eval "$(tests/pg/start-postgres.sh PG_TEST_URL)"  # export PG_TEST_URL=postgresql://...
#
# The bare URL is also written to $PG_TEST_DIR/database-url.
#
# Debian's postgresql package cannot autostart on these machines and the server refuses to run
# as root, so the cluster lives in its own folder ($PG_TEST_DIR, default /tmp/riskledger-pg),
# owned by the postgres user, on 127.0.0.1 at a free port with its socket in that folder. The
# role it creates may CREATEDB because `prisma migrate dev` needs a shadow database. Running it
# again reuses the cluster. Stop it with: pg_ctl -D "$PG_TEST_DIR/data" stop (as postgres).
set -euo pipefail

VARIABLE="${1:-DATABASE_URL}"
DIR="${PG_TEST_DIR:-/tmp/riskledger-pg}"
ROLE="${PG_TEST_ROLE:-riskledger}"
DATABASE="${PG_TEST_DATABASE:-riskledger}"

BIN="$(dirname "$(readlink -f "$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1)")")"
if [ ! -x "$BIN/pg_ctl" ]; then
  echo "start-postgres: pg_ctl not found (apt-get install postgresql)" >&2
  exit 2
fi

# Runs a command as the cluster's owner: postgres when we are root, ourselves otherwise.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

mkdir -p "$DIR"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$DIR"; fi

if [ ! -s "$DIR/data/PG_VERSION" ]; then
  as_owner "$BIN/initdb" -D "$DIR/data" -A trust -U postgres >"$DIR/initdb.log" 2>&1 ||
    { cat "$DIR/initdb.log" >&2; exit 1; }
fi

# Test data is thrown away: skipping fsync makes each CREATE DATABASE (one per shadow database)
# take milliseconds instead of a forced checkpoint's second.
THROWAWAY="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=off"
if ! as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
  PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR $THROWAWAY" start >/dev/null ||
    { cat "$DIR/server.log" >&2; exit 1; }
fi
# postmaster.pid's fourth line is the port the running server listens on.
PORT="$(sed -n 4p "$DIR/data/postmaster.pid")"

psql_admin() {
  as_owner "$BIN/psql" -h "$DIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}
if [ -z "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" ]; then
  psql_admin -c "CREATE ROLE \"$ROLE\" LOGIN CREATEDB" >/dev/null
fi
if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" ]; then
  psql_admin -c "CREATE DATABASE \"$DATABASE\" OWNER \"$ROLE\"" >/dev/null
fi

URL="postgresql://$ROLE@127.0.0.1:$PORT/$DATABASE"
echo "$URL" >"$DIR/database-url"
echo "export ${VARIABLE}=$URL"
