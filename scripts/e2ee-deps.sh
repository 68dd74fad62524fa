#!/usr/bin/env bash
# Installs what the end-to-end encryption tests need on this (Debian) host, for /usr/bin/python3:
#  - python3-olm, the Python binding of libolm that the client's interop tests (LibolmInteropTest) run;
#  - python3-matrix-nio, an independent E2EE Matrix client that the bots' encrypted-room integration tests drive as a
#    second user (EncryptedRoomIT).
# Quick when both are there; installing needs root. CI fails those tests when a module is missing, so scripts/test.sh
# calls this first.
set -euo pipefail
PYTHON=/usr/bin/python3

have() { [ -x "$PYTHON" ] && "$PYTHON" -c 'import olm, nio' 2>/dev/null; }

if have; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "e2ee-deps: python3-olm or python3-matrix-nio is missing and installing them needs root:" \
    "sudo apt-get install python3-olm python3-matrix-nio" >&2
  exit 1
fi
echo "e2ee-deps: installing python3-olm and python3-matrix-nio (libolm and nio for the E2EE tests)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get -q update >/dev/null
apt-get -q -y install python3 python3-olm python3-matrix-nio >/dev/null
have || { echo "e2ee-deps: installed, but '$PYTHON -c \"import olm, nio\"' still fails" >&2; exit 1; }
