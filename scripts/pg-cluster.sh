#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests.
#   scripts/pg-cluster.sh start STATE_DIR   initdb in a temporary directory, start it on a free
#                                           loopback port, write its URL to STATE_DIR/url
#   scripts/pg-cluster.sh stop STATE_DIR    stop it and remove its data directory
#   scripts/pg-cluster.sh restart STATE_DIR stop (fast) and start it again, same port and data
# Installs the Debian package `postgresql` when missing. initdb refuses to run as root, so as
# root the cluster belongs to the `postgres` user the package creates. The URL names the
# maintenance database (…/postgres); tests create and drop their own databases.
set -euo pipefail
cmd=${1:?usage: pg-cluster.sh start|stop|restart STATE_DIR}
state=${2:?usage: pg-cluster.sh start|stop|restart STATE_DIR}

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then
    "$(dirname "$0")/deps.sh" test >&2
    d=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  echo "$d"
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

# Closes every descriptor above 2 this (sub)shell inherited, so the server
# does not keep a caller's pipe open (a caller waiting for EOF would hang).
close_fds() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}

pgctl_start() {
  local bin=$1 data=$2 port=$3
  ( close_fds
    as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$data" start </dev/null >/dev/null )
}

case "$cmd" in
  start)
    mkdir -p "$state"
    bin=$(bindir)
    data=$(mktemp -d /tmp/leads-pg.XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown postgres: "$data"
    chmod 700 "$data"
    as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    # A test cluster: durability against power loss is not what is tested (a restart keeps
    # every commit either way), speed is.
    cat >>"$data/postgresql.conf" <<CONF
max_connections = 300
shared_buffers = 64MB
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
CONF
    for _ in 1 2 3 4 5; do
      port=$(free_port)
      if pgctl_start "$bin" "$data" "$port"; then
        echo "$data" >"$state/data"
        echo "$port" >"$state/port"
        echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$state/url"
        cat "$state/url"
        exit 0
      fi
    done
    echo "pg-cluster: could not start PostgreSQL (see $data/server.log)" >&2
    exit 1
    ;;
  stop)
    [ -f "$state/data" ] || exit 0
    data=$(cat "$state/data")
    bin=$(bindir)
    as_owner "$bin/pg_ctl" -D "$data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    rm -rf "$data" "$state/data" "$state/url" "$state/port"
    ;;
  restart)
    data=$(cat "$state/data")
    bin=$(bindir)
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null
    sleep "${PG_DOWN_SECONDS:-0}"
    pgctl_start "$bin" "$data" "$(cat "$state/port")"
    ;;
  *) echo "usage: pg-cluster.sh start|stop|restart STATE_DIR" >&2; exit 2 ;;
esac
