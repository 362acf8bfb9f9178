#!/usr/bin/env bash
# Builds leadsd and runs a demo server on embedded SQLite with a demo
# account, credentials and leads; prints the URL and the credentials.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
scripts/build-web.sh  # the console's front end (served under /console/)
BUILD_DIR=build scripts/build.sh -DLEADS_BUILD_TESTS=OFF -DLEADS_BUILD_BENCH=OFF
exec build/src/leadsd demo --db "sqlite:${DEMO_DB:-./leads-demo.db}" --listen "${LISTEN:-127.0.0.1:8080}" "$@"
