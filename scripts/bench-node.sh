#!/usr/bin/env bash
# Installs the Node contenders of the cold bench (bench/node: the hand-written Node bot needs nothing, the
# matrix-bot-sdk bot needs its packages) with `npm ci --ignore-scripts`, when bench/node/node_modules is missing or
# was installed from another package-lock.json. Idempotent and quick when up to date. Not part of CI or
# scripts/test.sh: only `cold` with node variants needs it.
#
# --ignore-scripts: matrix-bot-sdk's crypto binding (@turt2live/matrix-sdk-crypto-nodejs, which ships its Linux
# binary in the package) has a postinstall that tries to build it with cargo when it does not load; the bench
# never enables encryption. Needs node and npm (Debian: nodejs npm).
set -euo pipefail
cd "$(dirname "$0")/../bench/node"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench-node.sh: $tool is not installed (Debian: apt-get install nodejs npm)" >&2
    exit 1
  fi
done

stamp=node_modules/.bench-node-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "bench-node.sh: npm ci --ignore-scripts in bench/node" >&2
npm ci --ignore-scripts --no-audit --no-fund
node -e 'require("matrix-bot-sdk")' # the SDK loads, its native binding included
echo "$want" > "$stamp"
