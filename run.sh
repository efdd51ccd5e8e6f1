#!/usr/bin/env bash
# Builds Guildhall and runs it on Payara Micro with the three services, an H2 file database in the data
# directory, and development mode on (the server signs its own tokens). Ctrl-C stops it.
#
# Settings (environment variables; every GUILDHALL_* one is also read by the server through MicroProfile Config):
#   GUILDHALL_PORT        HTTP port                                   (8080)
#   GUILDHALL_DATA_DIR    database, dev signing key, runtime files    (./data)
#   GUILDHALL_DEV_MODE    mint tokens at /notifications/api/dev/token (true here; false on a real deployment)
#   GUILDHALL_DB_URL / _USER / _PASSWORD   another database, e.g. jdbc:postgresql://localhost:5432/guildhall
#   GUILDHALL_COMMUNITY_FILE  the community.json to host, checked before the server starts (built-in community)
#   GUILDHALL_SKIP_BUILD  true: start what was built last             (false)
#   JAVA_OPTS             extra JVM options, after the defaults below (none)
set -euo pipefail
cd "$(dirname "$0")"

port="${GUILDHALL_PORT:-8080}"
export GUILDHALL_DATA_DIR="${GUILDHALL_DATA_DIR:-$PWD/data}"
export GUILDHALL_DEV_MODE="${GUILDHALL_DEV_MODE:-true}"
runtime="runtime/target/guildhall"

if [ "${GUILDHALL_SKIP_BUILD:-false}" != "true" ]; then
  echo "Building Guildhall (mvn package, tests skipped)..."
  mvn -q -B -DskipTests -Dspotless.check.skip=true -pl runtime -am package
fi
for file in payara-micro.jar signaling.war sync.war notifications.war; do
  [ -f "$runtime/$file" ] || { echo "Missing $runtime/$file: run without GUILDHALL_SKIP_BUILD" >&2; exit 1; }
done
mkdir -p "$GUILDHALL_DATA_DIR/tmp"

# An invalid community.json would make every service fail to deploy while Payara Micro itself keeps running
# (docs/community.md): check it first, with the server's own schema, and stop here naming every problem.
if [ -n "${GUILDHALL_COMMUNITY_FILE:-}" ]; then
  if ! java -cp "$runtime/community-check/*" org.guildhall.community.CommunityCheck "$GUILDHALL_COMMUNITY_FILE"; then
    echo "Guildhall did not start: fix $GUILDHALL_COMMUNITY_FILE (the schema: docs/community.md)." >&2
    exit 1
  fi
fi

base="http://localhost:$port"
# Report once the services answer ready; gives up when the server process is gone.
(
  said_not_ready=""
  while kill -0 $$ 2>/dev/null; do
    body="$(curl -s -m 5 -w '\n%{http_code}' "$base/health/ready" 2>/dev/null || true)"
    status="${body##*$'\n'}"
    # Readiness answers before the deployments finish; judge it once all three services report.
    deployed=yes
    for service in signaling sync notifications; do
      case "$body" in *"database ($service)"*) ;; *) deployed="" ;; esac
    done
    if [ -z "$deployed" ]; then
      :
    elif [ "$status" = "200" ]; then
      cat <<BANNER

Guildhall is ready on $base
  Health            $base/health/ready   $base/health/live
  Metrics           $base/metrics
  Signaling socket  ws://localhost:$port/signaling/
  REST              $base/notifications/api/me
  Data directory    $GUILDHALL_DATA_DIR
BANNER
      if [ "$GUILDHALL_DEV_MODE" = "true" ]; then
        cat <<TOKEN
  Development mode is on: get a token for any user with
    curl -s -X POST -H 'Content-Type: application/json' -d '{"user":"alice","groups":["admin"]}' $base/notifications/api/dev/token
  and pass it as 'Authorization: Bearer <token>' (REST) or '?access_token=<token>' (sockets).
TOKEN
      fi
      echo "Press Ctrl-C to stop."
      exit 0
    elif [ "$status" = "503" ] && [ -z "$said_not_ready" ]; then
      echo "Guildhall is up but not ready: ${body%$'\n'*}" >&2
      said_not_ready=yes
    fi
    sleep 1
  done
) &

# The Java heap on transparent huge pages where the kernel offers them on request: a 2 MB page instead of 512 small
# ones means less for the kernel to walk, and on a machine whose kernel samples memory (DAMON) that walk held a CPU
# every half second; measured in benchmarks/sync (README item 14): about 40 % less of it, and the p99 fan-out latency
# down from 21-23 to 15-16 ms. JAVA_OPTS comes after, so -XX:-UseTransparentHugePages there turns it off.
jvm_defaults=""
if grep -qE '\[(always|madvise)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
  jvm_defaults="-XX:+UseTransparentHugePages"
fi

# Shenandoah, a collector that moves objects while the application runs, where the JVM has it (OpenJDK builds from
# Debian, Red Hat or Adoptium do; Oracle's do not) and JAVA_OPTS picks no collector itself. With G1, the default,
# every young collection stopped the server for 30-85 ms: it copies what is still alive, and each new connection
# leaves about 30 KB of container state, 18 MB for 600 sockets. Those stops were the slowest deliveries of
# benchmarks/sync (README item 16); Shenandoah's stop for 1-3 ms.
case " ${JAVA_OPTS:-} " in
  *" -XX:+Use"*"GC "*) ;;
  *) if java -XX:+UseShenandoahGC -version >/dev/null 2>&1; then
       jvm_defaults="$jvm_defaults -XX:+UseShenandoahGC"
     fi ;;
esac

# --nohazelcast: one instance needs no data grid (the ClusterBus adapter is in-JVM), and Payara Micro's Hazelcast
# member, even with --nocluster, kept threads, timers and a listener on port 6900 busy beside every request; measured
# in benchmarks/sync (README item 15), two runs each: a quarter more throughput at saturation.
# exec: Ctrl-C reaches Payara Micro directly, which shuts down cleanly.
# shellcheck disable=SC2086
exec java $jvm_defaults ${JAVA_OPTS:-} -Djava.io.tmpdir="$GUILDHALL_DATA_DIR/tmp" -jar "$runtime/payara-micro.jar" \
  --nohazelcast --port "$port" \
  --deploy "$runtime/signaling.war:/signaling" \
  --deploy "$runtime/sync.war:/sync" \
  --deploy "$runtime/notifications.war:/notifications"
