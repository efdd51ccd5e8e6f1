#!/usr/bin/env bash
# Runs Guildhall (run.sh, the last build) and the two-page y-webrtc browser check inside a network namespace that
# has only loopback, so neither the signaling nor the WebRTC traffic can leave 127.0.0.1: without camera permission
# Chromium offers only the default-route address as an ICE candidate, never 127.0.0.1.
#
#   unshare --net --pid --fork --kill-child bash ywebrtc-in-netns.sh      (as root)
#
# With --pid the script is the namespace's first process: when it ends, or unshare is killed, the kernel ends the
# server and the browser too. Environment: GUILDHALL_PROJECT_DIR (the repository, default ../../../..),
# GUILDHALL_DATA_DIR (default a fresh temporary folder), JAVA_OPTS, GUILDHALL_START_TIMEOUT (seconds, default 180).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
project="${GUILDHALL_PROJECT_DIR:-$here/../../../..}"
start_timeout="${GUILDHALL_START_TIMEOUT:-180}"

if ip -o link show | grep -qv ': lo:'; then
  echo "ywebrtc: this namespace has interfaces other than lo; run me under 'unshare --net' as root" >&2
  exit 2
fi
ip link set lo up

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })'
}
port="$(free_port)"
page_port="$(free_port)"
while [ "$page_port" = "$port" ]; do page_port="$(free_port)"; done

temporary_data=""
if [ -z "${GUILDHALL_DATA_DIR:-}" ]; then
  temporary_data="$(mktemp -d)"
fi
data_dir="${GUILDHALL_DATA_DIR:-$temporary_data}"
mkdir -p "$data_dir"
server_log="$data_dir/server.log"
server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$temporary_data" ]; then rm -rf "$temporary_data"; fi
}
# As a namespace's first process bash ignores TERM and INT unless it handles them.
trap 'exit 143' TERM INT
trap stop_server EXIT

echo "ywebrtc: starting Guildhall on 127.0.0.1:$port (log $server_log)"
GUILDHALL_PORT="$port" GUILDHALL_DATA_DIR="$data_dir" GUILDHALL_SKIP_BUILD=true GUILDHALL_DEV_MODE=true \
  GUILDHALL_WEBSOCKET_ALLOWED_ORIGINS="http://127.0.0.1:$page_port" \
  bash "$project/run.sh" >"$server_log" 2>&1 &
server_pid=$!

deadline=$((SECONDS + start_timeout))
until grep -q '^Guildhall is ready on' "$server_log"; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "ywebrtc: Guildhall exited before it was ready; its log:" >&2
    cat "$server_log" >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "ywebrtc: Guildhall was not ready within ${start_timeout}s; its log:" >&2
    cat "$server_log" >&2
    exit 1
  fi
  sleep 1
done
echo "ywebrtc: Guildhall is ready after ${SECONDS}s"

status=0
GUILDHALL_URL="http://127.0.0.1:$port" PAGE_PORT="$page_port" node "$here/ywebrtc-browser.mjs" || status=$?
if [ "$status" != 0 ] || grep -q SEVERE "$server_log"; then
  echo "ywebrtc: the server's log:"
  cat "$server_log"
fi
exit "$status"
