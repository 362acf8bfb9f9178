#!/usr/bin/env bash
# Runs CMD with a throw-away PostgreSQL cluster, and removes the cluster afterwards
# (whatever CMD does). CMD sees LEADS_TEST_PG (the URL of its maintenance database)
# and LEADS_TEST_BACKEND=postgres, so the e2e harness puts each test on a fresh
# database of that cluster.
#   scripts/with-postgres.sh build/tests/e2e_api_test
#   scripts/with-postgres.sh psql '$LEADS_TEST_PG'      (quoted: expanded inside)
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: with-postgres.sh CMD [ARGS...]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
state=$(mktemp -d /tmp/leads-pg-state.XXXXXX)
cleanup() { "$here/pg-cluster.sh" stop "$state" || true; rm -rf "$state"; }
trap cleanup EXIT INT TERM
LEADS_TEST_PG=$("$here/pg-cluster.sh" start "$state")
export LEADS_TEST_PG LEADS_TEST_BACKEND=postgres LEADS_TEST_PG_STATE="$state"
set +e
bash -c 'exec "$@"' _ "$@"
rc=$?
exit $rc
