#!/usr/bin/env bash
# The signaling benchmark in one command: installs its pinned npm packages when missing, then runs bench.mjs
# (which starts Guildhall through ../../run.sh and y-webrtc's server.js itself). Settings: see README.md.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi
exec node bench.mjs
