#!/usr/bin/env bash
# Builds leadsd and runs a demo server on embedded SQLite with a demo
# account, credentials and leads; prints the URL and the credentials.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
# The console's front end (served under /console/) needs Node.js 20 to build;
# without it the demo still serves the API, and the console says it is not built.
scripts/build-web.sh || echo "demo: console front end not built (needs Node.js 20 and npm); the API works" >&2
BUILD_DIR=build scripts/build.sh -DLEADS_BUILD_TESTS=OFF -DLEADS_BUILD_BENCH=OFF
exec build/src/leadsd demo --db "sqlite:${DEMO_DB:-./leads-demo.db}" --listen "${LISTEN:-127.0.0.1:8080}" "$@"
