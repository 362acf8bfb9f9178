#!/usr/bin/env bash
# Builds and runs every test: the full suite on the release build, then the
# server's unit and end-to-end tests again on an ASan+UBSan build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
start=$(date +%s)

scripts/build-web.sh --test  # the console's front end, and chromium for its browser tests
echo "== build (RelWithDebInfo) =="
BUILD_DIR=build scripts/build.sh -DLEADS_BUILD_TESTS=ON -DLEADS_BUILD_BENCH=OFF  # bench/run.sh builds its own
echo "== tests =="
(cd build && ctest --output-on-failure -j "${JOBS:-2}" --timeout 900)

echo "== build (ASan + UBSan) =="
BUILD_DIR=build-asan BUILD_TYPE=Debug TARGET=sanitize_tests scripts/build.sh -DLEADS_SANITIZE=ON -DLEADS_BUILD_TESTS=ON -DLEADS_BUILD_BENCH=OFF
echo "== tests under ASan + UBSan (label: sanitize) =="
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure -j "${JOBS:-2}" -L sanitize --timeout 900)

echo "all tests passed in $(( $(date +%s) - start )) s"
