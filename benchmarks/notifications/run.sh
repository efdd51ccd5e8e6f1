#!/usr/bin/env bash
# The notification benchmark (issue #5): one run on H2 (a file database in a temporary data directory), then on
# PostgreSQL (a fresh database, dropped afterwards). For each database:
#   1. sends with live delivery: sender sockets send mentions to receiver sockets (sends.mjs) -- send -> receipt
#      latency at a fixed moderate rate, then acknowledged sends per second at saturation;
#   2. read latency at scale: 1,000,000 notifications written straight into the database (100,000 of them for
#      bench-heavy), then unread-count and the first page for bench-heavy and for an ordinary user (reads.mjs).
# Prints a table (H2 vs PostgreSQL) and leaves JSON, EXPLAIN output and server logs in results/<UTC time>/.
# See README.md next to this file. Nothing here is run by `mvn verify`.
#
# Settings (environment):
#   BENCH_DATABASES      which databases, in order                         (h2 postgresql)
#   BENCH_SENDERS / BENCH_RECEIVERS   sockets                              (20 / 20)
#   BENCH_RATE           fixed total rate, sends/s                         (100)
#   BENCH_WARMUP / BENCH_MEASURE / BENCH_SATURATION   seconds              (5 / 20 / 20)
#   BENCH_WINDOW         sends in flight per sender at saturation          (8)
#   BENCH_READ_WARMUP / BENCH_READ_REQUESTS   untimed / timed rounds       (30 / 300)
#   BENCH_READ_WARMUP_SECONDS / BENCH_READ_SECONDS   at most this long per user, whichever ends first (15 / 60)
#   BENCH_PG_HOST / BENCH_PG_PORT / BENCH_PG_USER   PostgreSQL (trust auth) (127.0.0.1 / 5432 / postgres)
#   GUILDHALL_SKIP_BUILD true: use what was built last                     (builds when the WARs are missing)
#   BENCH_JAVA_OPTS      the server's heap                                 (-Xms1g -Xmx2g)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

databases="${BENCH_DATABASES:-h2 postgresql}"
senders="${BENCH_SENDERS:-20}"
receivers="${BENCH_RECEIVERS:-20}"
rate="${BENCH_RATE:-100}"
warmup="${BENCH_WARMUP:-5}"
measure="${BENCH_MEASURE:-20}"
saturation="${BENCH_SATURATION:-20}"
window="${BENCH_WINDOW:-8}"
read_warmup="${BENCH_READ_WARMUP:-30}"
read_requests="${BENCH_READ_REQUESTS:-300}"
read_warmup_seconds="${BENCH_READ_WARMUP_SECONDS:-15}"
read_seconds="${BENCH_READ_SECONDS:-60}"
pg_host="${BENCH_PG_HOST:-127.0.0.1}"
pg_port="${BENCH_PG_PORT:-5432}"
pg_user="${BENCH_PG_USER:-postgres}"
heap="${BENCH_JAVA_OPTS:--Xms1g -Xmx2g}"
h2_jar="$HOME/.m2/repository/com/h2database/h2/2.2.224/h2-2.2.224.jar"
runtime="$root/runtime/target/guildhall"

started=$(date +%s)
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$here/results/$stamp"
work="$(mktemp -d /tmp/guildhall-nbench.XXXXXX)"
mkdir -p "$results"

say() { printf '[%4ds] %s\n' "$(($(date +%s) - started))" "$*"; }
fail() { say "FAILED: $*" >&2; exit 1; }

server_pid=""
pg_database=""
cleanup() {
  stop_server || true
  if [ -n "$pg_database" ]; then
    psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qAt -d postgres \
      -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- prerequisites ------------------------------------------------------------------------------------------------
command -v node >/dev/null || fail "node (20+) is required"
[ -f "$h2_jar" ] || fail "$h2_jar is missing (mvn -q dependency:get -Dartifact=com.h2database:h2:2.2.224)"
if [ ! -d "$here/node_modules/ws" ]; then
  say "npm ci (ws, pinned by package-lock.json)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ "${GUILDHALL_SKIP_BUILD:-}" != "true" ] && [ ! -f "$runtime/notifications.war" ]; then
  say "building Guildhall (mvn -B -q -DskipTests package)"
  (cd "$root" && mvn -B -q -DskipTests package)
fi
for file in payara-micro.jar signaling.war sync.war notifications.war; do
  [ -f "$runtime/$file" ] || fail "missing $runtime/$file: build first (mvn -B -q -DskipTests package)"
done
case " $databases " in *" postgresql "*)
  pg_isready -q -h "$pg_host" -p "$pg_port" || fail "PostgreSQL is not answering on $pg_host:$pg_port" ;;
esac

# The machine, as the figures depend on it.
{
  echo "date:        $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit:      $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . ':!benchmarks' || echo ' (modified)')"
  echo "cpu:         $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "memory:      $(free -g | awk '/^Mem:/ {print $2 " GB"}')"
  echo "java:        $(java -version 2>&1 | head -1)"
  echo "node:        $(node --version)"
  echo "postgresql:  $(psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qAt -d postgres -c 'SHOW server_version' 2>/dev/null || echo '-')"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "settings:    senders=$senders receivers=$receivers rate=$rate/s warmup=${warmup}s measure=${measure}s saturation=${saturation}s window=$window read-warmup=$read_warmup/${read_warmup_seconds}s read-requests=$read_requests/${read_seconds}s heap='$heap'"
} > "$results/machine.txt"
cat "$results/machine.txt"

# --- the server -----------------------------------------------------------------------------------------------------
free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# start_server NAME [VAR=VALUE...]: ./run.sh with the given environment, listening on 127.0.0.1 only.
start_server() {
  local name="$1"
  shift
  port="$(free_port)"
  base="http://127.0.0.1:$port"
  # Payara Micro has no bind-address option, and where its Hazelcast member runs (run.sh now starts it with --nohazelcast) it listens (port 6900+)
  # on the machine's address. A root directory holding a copy of its domain.xml with both addresses set to
  # 127.0.0.1 is the way in through JAVA_OPTS; nothing else in the configuration changes.
  local payara_root="$work/payara-$name"
  rm -rf "$payara_root"
  mkdir -p "$payara_root/config"
  unzip -p "$runtime/payara-micro.jar" MICRO-INF/domain/domain.xml \
    | sed -e 's|<network-listener port="8080" protocol="http-listener"|<network-listener address="127.0.0.1" port="8080" protocol="http-listener"|' \
      -e 's|<hazelcast-runtime-configuration |<hazelcast-runtime-configuration interface="127.0.0.1" |' \
      > "$payara_root/config/domain.xml"
  grep -q 'address="127.0.0.1" port="8080" protocol="http-listener"' "$payara_root/config/domain.xml" \
    && grep -q '<hazelcast-runtime-configuration interface="127.0.0.1" ' "$payara_root/config/domain.xml" \
    || fail "could not set the listeners' address in Payara Micro's domain.xml"
  local log="$results/server-$name.log"
  (
    cd "$root"
    env -u GUILDHALL_DB_URL -u GUILDHALL_DB_USER -u GUILDHALL_DB_PASSWORD "$@" \
      GUILDHALL_PORT="$port" GUILDHALL_SKIP_BUILD=true GUILDHALL_DEV_MODE=true \
      JAVA_OPTS="$heap -Dpayaramicro.rootDir=$payara_root -Dhazelcast.socket.bind.any=false \
        -Dpayaramicro.disablePhoneHome=true \
        -Dguildhall.notifications.sends-per-hour=100000000 \
        -Dguildhall.notifications.messages-per-second=100000 -Dguildhall.notifications.message-burst=100000" \
      timeout 1500 ./run.sh
  ) > "$log" 2>&1 &
  server_pid=$!
  local deadline=$(($(date +%s) + 240))
  until grep -q "Guildhall is ready on" "$log"; do
    kill -0 "$server_pid" 2>/dev/null || { tail -40 "$log" >&2; fail "the server ($name) exited before it was ready"; }
    [ "$(date +%s)" -lt "$deadline" ] || { tail -40 "$log" >&2; fail "the server ($name) was not ready within 240 s"; }
    sleep 1
  done
  say "server $name ready on $base"
}

stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# --- the steps --------------------------------------------------------------------------------------------------
run_sends() {
  say "$1: sends ($senders senders -> $receivers receivers; warm-up ${warmup}s, ${rate}/s for ${measure}s, saturation ${saturation}s)"
  timeout 300 node "$here/sends.mjs" --base "$base" --senders "$senders" --receivers "$receivers" --rate "$rate" \
    --warmup "$warmup" --measure "$measure" --saturation "$saturation" --window "$window" \
    --out "$results/$1-sends.json" > /dev/null
}

run_reads() {
  say "$1: reads (unread-count and first page; $read_warmup + $read_requests rounds per user)"
  timeout 400 node "$here/reads.mjs" --base "$base" --users bench-heavy,bench-user-0 \
    --warmup "$read_warmup" --requests "$read_requests" --warmup-seconds "$read_warmup_seconds" \
    --seconds "$read_seconds" --out "$results/$1-reads.json" > /dev/null
}

# load_sql RANGE_FORMAT G: the 1,000,000 rows as 10 statements of 100,000 each; RANGE_FORMAT is a printf format
# of the row source from %d to %d, G the name of its row number.
load_sql() {
  for chunk in $(seq 0 9); do
    # shellcheck disable=SC2059
    sed -e "s/@G@/$2/g" -e "s/@RANGE@/$(printf "$1" $((chunk * 100000 + 1)) $((chunk * 100000 + 100000)))/" \
      "$here/load.sql.template"
  done
}

h2() { # h2 DATA_DIR SQL...: H2's own shell on the server's database file (the server must be stopped)
  local url="jdbc:h2:file:$1/db/guildhall"
  shift
  java -cp "$h2_jar" org.h2.tools.Shell -url "$url" -user sa -password "" -sql "$*"
}

bench_h2() {
  local data="$work/h2-data"
  start_server h2 GUILDHALL_DATA_DIR="$data"
  run_sends h2
  stop_server

  say "h2: loading 1,000,000 notifications with the server stopped (H2 $(basename "$h2_jar" .jar | cut -d- -f2))"
  local t0=$(date +%s)
  { load_sql 'SYSTEM_RANGE(%d, %d)' X; echo "ANALYZE;"; } > "$work/h2-load.sql"
  java -cp "$h2_jar" org.h2.tools.RunScript -url "jdbc:h2:file:$data/db/guildhall" -user sa -password "" \
    -script "$work/h2-load.sql"
  local t1=$(date +%s)
  # Compacted once, as a long-running database would be by H2's background compaction, rather than left at the
  # several GB the bulk insert's copy-on-write leaves behind.
  h2 "$data" "SHUTDOWN COMPACT" > "$results/h2-compact.log" 2>&1
  local t2=$(date +%s)
  echo "{\"insertSeconds\": $((t1 - t0)), \"compactSeconds\": $((t2 - t1)), \"fileBytes\": $(stat -c %s "$data/db/guildhall.mv.db")}" \
    > "$results/h2-load.json"
  say "h2: loaded in $((t1 - t0)) s, compacted in $((t2 - t1)) s"

  start_server h2-loaded GUILDHALL_DATA_DIR="$data"
  run_reads h2
  stop_server

  say "h2: EXPLAIN ANALYZE"
  {
    echo "-- H2 2.2.224, $(date -u '+%Y-%m-%d %H:%M UTC'); the server's SQL with its parameters written in."
    echo "-- The server runs the page query with JDBC setMaxRows(51), which H2 applies as a limit."
    h2 "$data" "SELECT recipient, COUNT(*) AS stored, COUNT(*) - COUNT(read_at) AS unread FROM notification WHERE recipient IN ('bench-heavy', 'bench-user-0') GROUP BY recipient; SELECT COUNT(*) AS total FROM notification"
    echo "-- unread-count"
    h2 "$data" "EXPLAIN ANALYZE SELECT COUNT(*) FROM notification WHERE recipient = 'bench-heavy' AND read_at IS NULL AND expires_at > CURRENT_TIMESTAMP"
    echo "-- first page (the server's query; H2 applies its setMaxRows(51) as this FETCH FIRST)"
    h2 "$data" "EXPLAIN ANALYZE SELECT id, recipient, sender, notification_type, title, message, data, actions, created_at, read_at, expires_at FROM notification WHERE recipient = 'bench-heavy' AND id < 9223372036854775807 AND id > 0 AND expires_at > CURRENT_TIMESTAMP ORDER BY id DESC FETCH FIRST 51 ROWS ONLY"
    echo "-- the hourly sending limit, for a sender of the saturation phase"
    h2 "$data" "EXPLAIN ANALYZE SELECT COUNT(*) FROM notification WHERE sender = 'bench-sender-0' AND created_at > CURRENT_TIMESTAMP - INTERVAL '1' HOUR"
  } > "$results/h2-explain.txt" 2>&1
}

pg() { psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -v ON_ERROR_STOP=1 -qAt "$@"; }

bench_postgresql() {
  pg_database="guildhall_nbench_$$"
  pg -d postgres -c "CREATE DATABASE $pg_database"
  start_server postgresql GUILDHALL_DATA_DIR="$work/pg-data" \
    GUILDHALL_DB_URL="jdbc:postgresql://$pg_host:$pg_port/$pg_database" GUILDHALL_DB_USER="$pg_user" GUILDHALL_DB_PASSWORD=""
  run_sends postgresql

  local sender_plan
  sender_plan="$(pg -d "$pg_database" -c "EXPLAIN (ANALYZE, BUFFERS) SELECT COUNT(*) FROM notification WHERE sender = 'bench-sender-0' AND created_at > now() - interval '1 hour'")"

  say "postgresql: loading 1,000,000 notifications straight into the database"
  local t0=$(date +%s)
  load_sql 'generate_series(%d, %d) AS r(g)' g > "$work/pg-load.sql"
  pg -d "$pg_database" -f "$work/pg-load.sql"
  local t1=$(date +%s)
  # What autovacuum would have done by the time a table holds a million rows.
  pg -d "$pg_database" -c "VACUUM ANALYZE notification"
  local t2=$(date +%s)
  echo "{\"insertSeconds\": $((t1 - t0)), \"vacuumAnalyzeSeconds\": $((t2 - t1)), \"tableBytes\": $(pg -d "$pg_database" -c "SELECT pg_total_relation_size('notification')")}" \
    > "$results/postgresql-load.json"
  say "postgresql: loaded in $((t1 - t0)) s, vacuumed and analysed in $((t2 - t1)) s"

  run_reads postgresql

  say "postgresql: EXPLAIN (ANALYZE, BUFFERS)"
  local columns="id, recipient, sender, notification_type, title, message, data, actions, created_at, read_at, expires_at"
  {
    echo "-- PostgreSQL $(pg -d postgres -c 'SHOW server_version'), shared_buffers=$(pg -d postgres -c 'SHOW shared_buffers'), $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "-- The server runs these through pgjdbc with parameters and JDBC setMaxRows(51) for the page (no LIMIT in"
    echo "-- the SQL). Custom plan = planned for these values (pgjdbc's first 4 executions on a connection, and the"
    echo "-- first 5 of a server-prepared statement); generic plan = planned for any value (PostgreSQL's choice after that)."
    pg -d "$pg_database" -P footer=off -c "SELECT recipient, COUNT(*) AS stored, COUNT(*) - COUNT(read_at) AS unread FROM notification WHERE recipient IN ('bench-heavy', 'bench-user-0') GROUP BY recipient" -c "SELECT COUNT(*) AS total FROM notification"
    echo
    echo "-- the hourly sending limit, right after the saturation phase (before the bulk load and VACUUM)"
    echo "$sender_plan"
    pg -d "$pg_database" <<SQL
\\echo
\\echo -- unread-count, custom plan
EXPLAIN (ANALYZE, BUFFERS) SELECT COUNT(*) FROM notification WHERE recipient = 'bench-heavy' AND read_at IS NULL AND expires_at > now();
\\echo
\\echo -- unread-count, generic plan
SET plan_cache_mode = force_generic_plan;
PREPARE unread(varchar, timestamptz) AS SELECT COUNT(*) FROM notification WHERE recipient = \$1 AND read_at IS NULL AND expires_at > \$2;
EXPLAIN (ANALYZE, BUFFERS) EXECUTE unread('bench-heavy', now());
RESET plan_cache_mode;
\\echo
\\echo -- first page, custom plan (no LIMIT, as the server sends it; EXPLAIN ANALYZE reads every row, the server stops after 51)
EXPLAIN (ANALYZE, BUFFERS) SELECT $columns FROM notification WHERE recipient = 'bench-heavy' AND id < 9223372036854775807 AND id > 0 AND expires_at > now() ORDER BY id DESC;
\\echo
\\echo -- first page, generic plan (EXPLAIN ANALYZE reads every row; the server stops after 51, about what the LIMIT plan below reads)
SET plan_cache_mode = force_generic_plan;
PREPARE page(varchar, bigint, bigint, timestamptz) AS SELECT $columns FROM notification WHERE recipient = \$1 AND id < \$2 AND id > \$3 AND expires_at > \$4 ORDER BY id DESC;
EXPLAIN (ANALYZE, BUFFERS) EXECUTE page('bench-heavy', 9223372036854775807, 0, now());
RESET plan_cache_mode;
\\echo
\\echo -- first page with the limit written in the SQL (for comparison; not what the server sends today)
EXPLAIN (ANALYZE, BUFFERS) SELECT $columns FROM notification WHERE recipient = 'bench-heavy' AND id < 9223372036854775807 AND id > 0 AND expires_at > now() ORDER BY id DESC LIMIT 51;
SQL
  } > "$results/postgresql-explain.txt" 2>&1

  stop_server
  pg -d postgres -c "DROP DATABASE $pg_database WITH (FORCE)"
  pg_database=""
}

for database in $databases; do
  case "$database" in
    h2) bench_h2 ;;
    postgresql) bench_postgresql ;;
    *) fail "unknown database $database (h2, postgresql)" ;;
  esac
done

echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)" >> "$results/machine.txt"
echo "run time:    $(($(date +%s) - started)) s" >> "$results/machine.txt"
node "$here/summarize.mjs" "$results" | tee "$results/summary.md"
say "done; results in ${results#"$root"/}"
