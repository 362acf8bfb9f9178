#!/usr/bin/env bash
# What tagging (issue 6) costs intake, end to end: the same generated leads
# imported with `leadsd leads import` and sent to POST /intake/v1/leads, once
# with the account's tagging switched off (rules {"enabled":false}) and once
# on (the default), into fresh SQLite databases. Each generated lead has a
# phone, WeChat id, QQ, e-mail and click id: five index rows per lead, the
# heaviest case.
#   bench/intel_bench.sh     (LEADS=200000 INTAKE=50000 by default)
# Prints a Markdown table (docs/PERFORMANCE.md, "Lead intelligence").
set -euo pipefail
cd "$(dirname "$0")/.."
LEADS=${LEADS:-200000} INTAKE=${INTAKE:-50000}
BUILD=${BUILD_DIR:-build}
[ -x "$BUILD/bench/leads_bench" ] || { cmake -S . -B "$BUILD" -DLEADS_BUILD_TESTS=ON -DLEADS_BUILD_BENCH=ON >/dev/null &&
  cmake --build "$BUILD" -j"${JOBS:-1}" --target leadsd leads_bench >/dev/null; }
LEADSD=$BUILD/src/leadsd TOOL=$BUILD/bench/leads_bench
W=$(mktemp -d /tmp/leads-intel-bench-XXXXXX)
cleanup() { [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT
free_port() { for p in $(seq 18000 18999); do (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; return; }; done; }
json() { sed -n "s/.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p"; }

$TOOL gen --count "$LEADS" --accounts 1 --first-account 20001 --out "$W/a" >/dev/null
$TOOL gen --count "$LEADS" --accounts 1 --first-account 20001 --out "$W/b" >/dev/null
head -n "$INTAKE" "$W/b/account-20001.jsonl" > "$W/intake.jsonl"

run() {  # run off|on → "first second intake" leads/s
  local mode=$1 db=sqlite:$W/$1.db
  $LEADSD account add --db "$db" --account-id 20001 >/dev/null
  [ "$mode" = off ] && $LEADSD intel rules set --db "$db" --account-id 20001 --json '{"enabled":false}' >/dev/null
  local t0 t1 t2
  t0=$(date +%s.%N)
  $LEADSD leads import --db "$db" --account-id 20001 "$W/a/account-20001.jsonl" >/dev/null
  t1=$(date +%s.%N)
  $LEADSD leads import --db "$db" --account-id 20001 "$W/b/account-20001.jsonl" >/dev/null
  t2=$(date +%s.%N)
  local first second
  first=$(echo "$LEADS / ($t1 - $t0)" | bc) second=$(echo "$LEADS / ($t2 - $t1)" | bc)
  local tok port
  tok=$($LEADSD token issue --db "$db" --account-id 20001 --scope intake)
  port=$(free_port)
  $LEADSD serve --config /dev/null --db "$db" --listen 127.0.0.1:$port --no-push > "$W/server-$mode.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do grep -q listening "$W/server-$mode.log" && break; sleep 0.1; done
  local intake
  intake=$($TOOL intake --port "$port" --token "$(echo "$tok" | json token)" --secret "$(echo "$tok" | json secret)" \
             --file "$W/intake.jsonl" --batch 500 --conns 4 | json leads_per_s)
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
  echo "$first $second $intake"
}
read -r OFF1 OFF2 OFFI <<<"$(run off)"
read -r ON1 ON2 ONI <<<"$(run on)"
pct() { echo "scale=0; 100 * $1 / $2" | bc; }
echo "Run: \`bench/intel_bench.sh\` (LEADS=$LEADS, INTAKE=$INTAKE) on $(date -u +%Y-%m-%d), $(nproc) cores, SQLite."
echo
echo "| what | tagging off | tagging on | on ÷ off |"
echo "|---|---|---|---|"
echo "| \`leadsd leads import\`, $LEADS leads into an empty account | $OFF1 leads/s | $ON1 leads/s | $(pct "$ON1" "$OFF1") % |"
echo "| \`leadsd leads import\`, $LEADS more (index holds $LEADS leads) | $OFF2 leads/s | $ON2 leads/s | $(pct "$ON2" "$OFF2") % |"
echo "| POST /intake/v1/leads, $INTAKE leads, batches of 500, 4 connections | $OFFI leads/s | $ONI leads/s | $(pct "$ONI" "$OFFI") % |"
