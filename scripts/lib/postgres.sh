# PostgreSQL for the tests and the scale-out checks (issue 9): a private cluster in a folder of our own, on a loopback
# port, never the machine's own server. Sourced after common.sh. Debian's package provides the binaries; PostgreSQL
# refuses to run as root, so under root the cluster belongs to the package's `postgres` user.
#
#   pg_start DIR PORT   initdb DIR if empty, start it on 127.0.0.1:PORT (unless running), wait until it answers;
#                       fsync is off (the tests' cluster is thrown away) unless PG_FSYNC=on (scripts/bench: honest
#                       commit costs)
#   pg_stop DIR         stop the cluster in DIR (fast shutdown), if running
#   pg_url PORT [DB]    the Npgsql connection string for database DB (default postgres) as user ecovalue
#   pg_create_db PORT DB   create database DB (UTF8, C.UTF-8 collation: byte order, docs/postgres.md) unless it exists

PG_VERSION_DIR="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"

pg_as_owner() {
  # Runs a PostgreSQL binary as the cluster's owner: ourselves, or `postgres` when we are root.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ensure_postgres() {
  apt_install postgresql
  PG_VERSION_DIR="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -x "$PG_VERSION_DIR/pg_ctl" ] || die "PostgreSQL binaries not found under /usr/lib/postgresql"
}

pg_start() {
  local dir="$1" port="$2" fsync="${PG_FSYNC:-off}"
  case "$fsync" in on|off) ;; *) die "PG_FSYNC must be on or off, not $fsync" ;; esac
  ensure_postgres
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  chmod 700 "$dir"
  # Under root the server runs as `postgres`, which must be able to reach the folder through its parents.
  pg_as_owner test -w "$dir" || die "PostgreSQL's user cannot reach $dir (a parent folder is private): choose a data folder under a world-readable path"
  if [ ! -f "$dir/PG_VERSION" ]; then
    # trust on loopback only: the cluster is private to this machine's tests and listens nowhere else.
    pg_as_owner "$PG_VERSION_DIR/initdb" -D "$dir" -U ecovalue --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null \
      || die "initdb $dir failed"
  fi
  # Already running (a rerun): nothing to do.
  pg_as_owner "$PG_VERSION_DIR/pg_ctl" -D "$dir" status >/dev/null 2>&1 && return 0
  pg_as_owner "$PG_VERSION_DIR/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='' -c fsync=$fsync -c max_connections=300" start >/dev/null \
    || { cat "$dir/server.log" >&2 || true; die "PostgreSQL in $dir did not start on port $port"; }
}

pg_stop() {
  local dir="$1"
  [ -f "$dir/postmaster.pid" ] || return 0
  pg_as_owner "$PG_VERSION_DIR/pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}

pg_url() {
  echo "Host=127.0.0.1;Port=$1;Username=ecovalue;Database=${2:-postgres};Pooling=true"
}

pg_create_db() {
  local port="$1" db="$2" psql="$PG_VERSION_DIR/psql"
  [ -x "$psql" ] || psql="psql"
  if [ "$("$psql" -h 127.0.0.1 -p "$port" -U ecovalue -d postgres -Atc "SELECT count(*) FROM pg_database WHERE datname = '$db'")" = "0" ]; then
    "$psql" -h 127.0.0.1 -p "$port" -U ecovalue -d postgres -qc \
      "CREATE DATABASE \"$db\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'" >/dev/null \
      || die "could not create database $db on port $port"
  fi
}
