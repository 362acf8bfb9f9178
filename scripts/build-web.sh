#!/usr/bin/env bash
# Builds the console's front end (web/) into web/dist with the npm packages
# pinned in web/package-lock.json. Node.js is needed only here, never at run
# time: leadsd serves web/dist (or --console-dir).
# Usage: scripts/build-web.sh [--test]   (--test: also install Debian's
# chromium, which the browser tests drive through playwright-core)
set -euo pipefail
if [ "${1:-}" = --test ] && [ ! -x /usr/bin/chromium ]; then
  echo "build-web: installing chromium for the browser tests" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >&2
fi
cd "$(dirname "$0")/../web"
if ! command -v npm >/dev/null 2>&1; then
  echo "build-web: npm not found; install Node.js 20 (the console will say it is not built)" >&2
  exit 1
fi
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
echo "build-web: web/dist is ready" >&2
