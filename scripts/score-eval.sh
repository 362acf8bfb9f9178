#!/usr/bin/env bash
# The score's evaluation on generated data with known ground truth, in one
# command (docs/INTELLIGENCE.md): builds leadsd if needed and runs
# `leadsd intel eval` (same seed, same data, same numbers).
#   scripts/score-eval.sh [--leads N] [--seed S]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD_DIR:-build}
[ -x "$BUILD/src/leadsd" ] || { cmake -S . -B "$BUILD" -DLEADS_BUILD_TESTS=OFF -DLEADS_BUILD_BENCH=OFF >/dev/null &&
  cmake --build "$BUILD" -j"${JOBS:-1}" --target leadsd >/dev/null; }
exec "$BUILD/src/leadsd" intel eval "$@"
