#!/usr/bin/env bash
# Installs the Debian 12 packages the build and the tests need, when missing.
# Usage: scripts/deps.sh [build|test]
set -euo pipefail
what=${1:-build}
pkgs=(build-essential cmake pkg-config git
      libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libssl-dev
      libsqlite3-dev libpq-dev libcurl4-openssl-dev libspdlog-dev libcli11-dev
      libsodium-dev libgtest-dev libbenchmark-dev zlib1g-dev openssl sqlite3 curl)
if [ "$what" = test ]; then
  pkgs+=(postgresql)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
