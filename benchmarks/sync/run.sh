#!/usr/bin/env bash
# The sync benchmark in one command: installs its pinned npm packages when missing, then runs bench.mjs, which
# builds and starts Guildhall through ../../run.sh, then the y-websocket reference server, then Hocuspocus, one
# after the other, and drives each with the same Yjs workloads. Settings: see README.md.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi
exec node --expose-gc bench.mjs
