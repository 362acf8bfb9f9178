#!/usr/bin/env bash
# One command for every figure of docs/PERFORMANCE.md:
#   bench/run.sh            (LEADS=1000000 DURATION=10 SOAK=60 CONNS=64 PG=1 by default)
# Generates leads over 4 accounts, imports them through `leadsd leads import`,
# starts leadsd on 127.0.0.1, drives it with wrk (pre-signed fresh nonces per
# request), runs nginx on the same bytes for the machine's limit, SQLite alone
# on the same lines for the storage floor (bench/floor.h), and prints
# a Markdown table (also written to $OUT, default build/bench/results.md).
set -euo pipefail
cd "$(dirname "$0")/.."
LEADS=${LEADS:-1000000} DURATION=${DURATION:-10} SOAK=${SOAK:-60} CONNS=${CONNS:-64} THREADS=${THREADS:-2}
BUILD=${BUILD_DIR:-build}
scripts/deps.sh test
for p in wrk nginx-light; do dpkg-query -W -f='${Status}' $p 2>/dev/null | grep -q "ok installed" || {
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo; $SUDO apt-get install -y -qq $p >&2; }; done
[ -x "$BUILD/bench/leads_bench" ] || BUILD_DIR=$BUILD scripts/build.sh -DLEADS_BUILD_TESTS=ON -DLEADS_BUILD_BENCH=ON
LEADSD=$BUILD/src/leadsd TOOL=$BUILD/bench/leads_bench
W=$(mktemp -d /tmp/leads-bench-XXXXXX)
OUT=${OUT:-$BUILD/bench/results.md}
mkdir -p "$(dirname "$OUT")"
DB=sqlite:$W/leads.db
cleanup() {
  [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null
  [ -f "$W/nginx.pid" ] && kill "$(cat "$W/nginx.pid")" 2>/dev/null
  [ -f "$W/pg/data" ] && scripts/pg-cluster.sh stop "$W/pg"
  rm -rf "$W"
}
trap cleanup EXIT

free_port() { for p in $(seq 18000 18999); do (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; return; }; done; }
json() { sed -n "s/.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p"; }
ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}'; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$1/status; }
hwm_mb() { awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/$1/status; }
# CPU time (user + system, in 10 ms ticks) the running leadsd has used.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
# run_wrk NAME SCRIPT URL [env…] → sets RPS P50 P99, and CPU (leadsd's CPU
# µs per request: steadier than throughput on a shared machine).
run_wrk() {
  local name=$1 script=$2 url=$3 t0=0; shift 3
  [ -n "${SERVER:-}" ] && t0=$(cpu_ticks)
  env "$@" THREADS=$THREADS wrk -t"$THREADS" -c"$CONNS" -d"${DUR:-$DURATION}s" --latency -s "bench/$script" "$url" > "$W/$name.wrk" 2>&1
  local n; n=$(awk '/requests in/ {print $1}' "$W/$name.wrk")
  CPU=""
  [ -n "${SERVER:-}" ] && [ "${n:-0}" -gt 0 ] && CPU=$(( ($(cpu_ticks) - t0) * 10000 / n ))
  RPS=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$W/$name.wrk")
  P50=$(awk '$1=="50%" {print $2}' "$W/$name.wrk" | ms)
  P99=$(awk '$1=="99%" {print $2}' "$W/$name.wrk" | ms)
  NON2XX=$(awk '/Non-2xx/ {print $NF}' "$W/$name.wrk")
  echo "$name: $RPS req/s p50 ${P50} ms p99 ${P99} ms${CPU:+, leadsd CPU $CPU µs/request} ${NON2XX:+non-2xx $NON2XX}" >&2
}

echo "== generate $LEADS leads over 4 accounts ==" >&2
for a in 20001 20002 20003 20004; do $LEADSD account add --db "$DB" --account-id $a --industry real_estate >/dev/null; done
$TOOL gen --count "$LEADS" --accounts 4 --first-account 20001 --out "$W/data"
BYTES_PER_LEAD=$(( $(stat -c %s "$W/data/account-20001.jsonl") / (LEADS / 4) ))

echo "== import ==" >&2
t0=$(date +%s.%N)
for a in 20001 20002 20003 20004; do $LEADSD leads import --db "$DB" --account-id $a "$W/data/account-$a.jsonl" >/dev/null; done
IMPORT_S=$(echo "$(date +%s.%N) - $t0" | bc)
IMPORT_RATE=$(echo "$LEADS / $IMPORT_S" | bc)
echo "import: $IMPORT_RATE leads/s" >&2

cred() { $LEADSD token issue --db "$DB" --account-id "$1" --scope "$2"; }
FWD=$(cred 20001 forwarding) REP=$(cred 20001 report) INT=$(cred 20004 intake) FWD2=$(cred 20002 forwarding)
tok() { echo "$1" | json token; }
sec() { echo "$1" | json secret; }

PORT=$(free_port)
$LEADSD serve --config /dev/null --db "$DB" --listen 127.0.0.1:$PORT > "$W/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do grep -q listening "$W/server.log" && break; sleep 0.1; done
URL=http://127.0.0.1:$PORT
RSS_START=$(rss_mb $SERVER)

SIGN_N=$(( DURATION * 60000 ))
$TOOL sign --token "$(tok "$FWD")" --secret "$(sec "$FWD")" --count $SIGN_N --out "$W/sigs-list50"
$TOOL sign --token "$(tok "$FWD")" --secret "$(sec "$FWD")" --count $SIGN_N --out "$W/sigs-list200"
$TOOL sign --token "$(tok "$REP")" --secret "$(sec "$REP")" --count $SIGN_N --out "$W/sigs-report"

echo "== list ==" >&2
run_wrk list50 list.lua "$URL" SIGS="$W/sigs-list50" QUERY="start_time=2000-01-01&end_time=2099-12-31&time_type=1&page_size=50"
L50_RPS=$RPS L50_P50=$P50 L50_P99=$P99 L50_CPU=$CPU
run_wrk list200 list.lua "$URL" SIGS="$W/sigs-list200" QUERY="start_time=2000-01-01&end_time=2099-12-31&time_type=1&page_size=200"
L200_RPS=$RPS L200_P50=$P50 L200_P99=$P99 L200_CPU=$CPU

echo "== nginx, same bytes ==" >&2
mkdir -p "$W/www"; chmod 755 "$W" "$W/www"
$TOOL body --port $PORT --token "$(tok "$FWD")" --secret "$(sec "$FWD")" --page-size 50 --out "$W/www/list.json"
PAGE_BYTES=$(stat -c %s "$W/www/list.json")
NPORT=$(free_port)
cat > "$W/nginx.conf" <<NGINX
worker_processes 2; pid $W/nginx.pid; error_log $W/nginx-error.log; daemon on;
events { worker_connections 1024; }
http { access_log off; default_type application/json; keepalive_requests 1000000;
  server { listen 127.0.0.1:$NPORT; root $W/www; } }
NGINX
nginx -c "$W/nginx.conf" -p "$W"
sleep 0.3
run_wrk nginx50 static.lua "http://127.0.0.1:$NPORT"
NG_RPS=$RPS NG_P50=$P50 NG_P99=$P99
kill "$(cat "$W/nginx.pid")"; rm -f "$W/nginx.pid"

echo "== report ==" >&2
$TOOL body --port $PORT --token "$(tok "$FWD")" --secret "$(sec "$FWD")" --page-size 50 --out "$W/ids.json"
grep -o '"leads_id":[0-9]*' "$W/ids.json" | cut -d: -f2 > "$W/ids"
run_wrk report report.lua "$URL" SIGS="$W/sigs-report" IDS="$W/ids"
REP_RPS=$RPS REP_P50=$P50 REP_P99=$P99 REP_CPU=$CPU

echo "== bad signatures ==" >&2
BAD=$(printf '%s,%s,%s,%s' "$(tok "$FWD")" "$(date +%s)" abc 0000000000000000000000000000000000000000000000000000000000000000 | base64 -w0)
run_wrk badsig badsig.lua "$URL" BADSIG="$BAD"
BAD_RPS=$RPS BAD_P50=$P50 BAD_P99=$P99 BAD_CPU=$CPU

echo "== deep-paging walk (account 20002, page_size 200) ==" >&2
WALK=$($TOOL walk --port $PORT --token "$(tok "$FWD2")" --secret "$(sec "$FWD2")" --page-size 200)
WALK_LEADS=$(echo "$WALK" | json leads) WALK_MS=$(echo "$WALK" | json ms) WALK_PPS=$(echo "$WALK" | json pages_per_s)

echo "== intake endpoint (100,000 leads, batches of 500, 4 connections) ==" >&2
# New leads, as the endpoint receives them: the server assigns their entry
# time (historical leads with their own times go through the import above).
head -n 100000 "$W/data/account-20004.jsonl" | sed -E 's/,"leads_(create|action)_time":"[^"]*"//g' > "$W/intake.jsonl"
INTAKE=$($TOOL intake --port $PORT --token "$(tok "$INT")" --secret "$(sec "$INT")" --file "$W/intake.jsonl" --batch 500 --conns 4)
INTAKE_RATE=$(echo "$INTAKE" | json leads_per_s)

RSS_LOADED=$(rss_mb $SERVER) HWM=$(hwm_mb $SERVER)
echo "== soak: list for ${SOAK}s ==" >&2
$TOOL sign --token "$(tok "$FWD")" --secret "$(sec "$FWD")" --count $(( SOAK * 40000 )) --out "$W/sigs-soak"
# Warm up first (heap arenas, caches), so before/after compares steady states.
$TOOL sign --token "$(tok "$FWD")" --secret "$(sec "$FWD")" --count 200000 --out "$W/sigs-warm"
DUR=5 run_wrk warm list.lua "$URL" SIGS="$W/sigs-warm"
RSS_BEFORE=$(rss_mb $SERVER)
DUR=$SOAK run_wrk soak list.lua "$URL" SIGS="$W/sigs-soak"
RSS_AFTER=$(rss_mb $SERVER)
HWM=$(hwm_mb $SERVER)

kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""

# The storage floor (bench/floor.h): SQLite alone storing the same lines,
# with none of leadsd's parsing, validation, tagging or rendering. Once with
# the bare documents, once with the index entries a lead needs (list by time,
# console name and phone search, five duplicate keys), then the intake file
# into that full store, 500 rows per commit. What import and intake could
# reach on this machine if leadsd itself cost nothing.
echo "== storage floor: SQLite alone on the same lines ==" >&2
FILES=$(for a in 20001 20002 20003 20004; do echo "$W/data/account-$a.jsonl"; done)
FLOOR_BARE=$($TOOL floor --db "$W/floor-bare.db" $FILES | json rows_per_s)
rm -f "$W"/floor-bare.db*
FLOOR=$($TOOL floor --db "$W/floor.db" --keys --intake "$W/intake.jsonl" --batch 500 $FILES)
rm -f "$W"/floor.db*
FLOOR_KEYS=$(echo "$FLOOR" | json rows_per_s) FLOOR_INTAKE=$(echo "$FLOOR" | json intake_rows_per_s)
echo "floor: import $FLOOR_BARE rows/s bare, $FLOOR_KEYS with index entries; intake $FLOOR_INTAKE rows/s" >&2

# The same data, list and report on PostgreSQL (PG=0 skips): a throw-away
# cluster from scripts/pg-cluster.sh (fsync and synchronous_commit off, like
# SQLite's synchronous=NORMAL it survives a crash of the server process, not
# a power loss), its own database, the same import, the same wrk settings.
if [ "${PG:-1}" = 1 ]; then
  echo "== PostgreSQL: import, list, report ==" >&2
  scripts/pg-cluster.sh start "$W/pg" >/dev/null
  PG_ADMIN=$(cat "$W/pg/url")
  psql -q "$PG_ADMIN" -c "CREATE DATABASE leads_bench" >/dev/null
  DB=${PG_ADMIN%/postgres}/leads_bench
  for a in 20001 20002 20003 20004; do $LEADSD account add --db "$DB" --account-id $a --industry real_estate >/dev/null; done
  t0=$(date +%s.%N)
  for a in 20001 20002 20003 20004; do $LEADSD leads import --db "$DB" --account-id $a "$W/data/account-$a.jsonl" >/dev/null; done
  PG_IMPORT_RATE=$(echo "$LEADS / ($(date +%s.%N) - $t0)" | bc)
  FWD=$(cred 20001 forwarding) REP=$(cred 20001 report)
  $LEADSD serve --config /dev/null --db "$DB" --listen 127.0.0.1:$PORT > "$W/server-pg.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do grep -q listening "$W/server-pg.log" && break; sleep 0.1; done
  $TOOL sign --token "$(tok "$FWD")" --secret "$(sec "$FWD")" --count $SIGN_N --out "$W/sigs-list50"
  $TOOL sign --token "$(tok "$REP")" --secret "$(sec "$REP")" --count $SIGN_N --out "$W/sigs-report"
  run_wrk pg-list50 list.lua "$URL" SIGS="$W/sigs-list50" QUERY="start_time=2000-01-01&end_time=2099-12-31&time_type=1&page_size=50"
  PG_L50_RPS=$RPS PG_L50_P50=$P50 PG_L50_P99=$P99 PG_L50_CPU=$CPU
  $TOOL body --port $PORT --token "$(tok "$FWD")" --secret "$(sec "$FWD")" --page-size 50 --out "$W/ids.json"
  grep -o '"leads_id":[0-9]*' "$W/ids.json" | cut -d: -f2 > "$W/ids"
  run_wrk pg-report report.lua "$URL" SIGS="$W/sigs-report" IDS="$W/ids"
  PG_REP_RPS=$RPS PG_REP_P50=$P50 PG_REP_P99=$P99 PG_REP_CPU=$CPU
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
  scripts/pg-cluster.sh stop "$W/pg"
fi

ratio() { echo "scale=2; $1 / $2" | bc; }
{
  echo "Run: \`bench/run.sh\` (LEADS=$LEADS, DURATION=${DURATION}s, wrk -t$THREADS -c$CONNS, soak ${SOAK}s) on $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"); wrk and the server on the same machine."
  echo
  echo "| what | result | target |"
  echo "|---|---|---|"
  echo "| list, page_size 50 ($PAGE_BYTES B) | $L50_RPS req/s, p50 $L50_P50 ms, p99 $L50_P99 ms; leadsd CPU $L50_CPU µs/request | ≥ 0.5 × nginx, p99 < 10 ms |"
  echo "| nginx, same bytes, same wrk settings | $NG_RPS req/s, p50 $NG_P50 ms, p99 $NG_P99 ms | — |"
  echo "| **leadsd ÷ nginx** (list 50) | **$(ratio $L50_RPS $NG_RPS)** | ≥ 0.5 |"
  echo "| list, page_size 200 | $L200_RPS req/s, p50 $L200_P50 ms, p99 $L200_P99 ms; leadsd CPU $L200_CPU µs/request | — |"
  echo "| report, 50 items | $REP_RPS req/s, p50 $REP_P50 ms, p99 $REP_P99 ms; leadsd CPU $REP_CPU µs/request | ≥ 5,000 req/s |"
  echo "| bad signature (rejected, 2009) | $BAD_RPS req/s, p50 $BAD_P50 ms, p99 $BAD_P99 ms; leadsd CPU $BAD_CPU µs/request | cheaper than a served page |"
  echo "| deep-paging walk, page_size 200 | $WALK_LEADS leads in ${WALK_MS} ms ($WALK_PPS pages/s) | — |"
  echo "| import (\`leadsd leads import\`, ~$BYTES_PER_LEAD B of JSON per lead) | $IMPORT_RATE leads/s | ≥ 100,000 leads/s |"
  echo "| intake endpoint (new leads, batches of 500, 4 connections) | $INTAKE_RATE leads/s | ≥ 20,000 leads/s |"
  echo "| storage floor, import: SQLite alone storing the same lines, one transaction per file (bare / with the 8 index entries a lead needs) | $FLOOR_BARE / $FLOOR_KEYS rows/s | — |"
  echo "| storage floor, intake: SQLite alone, the intake file into that store, 500 rows per commit, with the index entries | $FLOOR_INTAKE rows/s | — |"
  echo "| **import ÷ floor with entries**, **intake ÷ floor** | **$(ratio $IMPORT_RATE $FLOOR_KEYS)**, **$(ratio $INTAKE_RATE $FLOOR_INTAKE)** | — |"
  echo "| RSS: start / with $LEADS leads stored after load / peak | $RSS_START / $RSS_LOADED / $HWM MB | < 200 MB |"
  echo "| RSS before / after a ${SOAK}s soak under load (after a 5 s warm-up) | $RSS_BEFORE / $RSS_AFTER MB | no growth |"
  if [ "${PG:-1}" = 1 ]; then
    echo "| PostgreSQL: import | $PG_IMPORT_RATE leads/s (SQLite: $IMPORT_RATE) | — |"
    echo "| PostgreSQL: list, page_size 50 | $PG_L50_RPS req/s, p50 $PG_L50_P50 ms, p99 $PG_L50_P99 ms; leadsd CPU $PG_L50_CPU µs/request (SQLite: $L50_RPS req/s) | — |"
    echo "| PostgreSQL: report, 50 items | $PG_REP_RPS req/s, p50 $PG_REP_P50 ms, p99 $PG_REP_P99 ms; leadsd CPU $PG_REP_CPU µs/request (SQLite: $REP_RPS req/s) | — |"
  fi
} | tee "$OUT"
