#!/usr/bin/env bash
# Installs what the end-to-end encryption tests need on this (Debian) host: python3-olm, the Python binding of
# libolm that the client's interop tests (LibolmInteropTest) run under /usr/bin/python3. Quick when already there;
# installing needs root. CI fails those tests when the module is missing, so scripts/test.sh calls this first.
set -euo pipefail
PYTHON=/usr/bin/python3

if [ -x "$PYTHON" ] && "$PYTHON" -c 'import olm' 2>/dev/null; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "e2ee-deps: python3-olm is missing and installing it needs root: sudo apt-get install python3-olm" >&2
  exit 1
fi
echo "e2ee-deps: installing python3-olm (libolm for the interop tests)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get -q update >/dev/null
apt-get -q -y install python3 python3-olm >/dev/null
"$PYTHON" -c 'import olm' || { echo "e2ee-deps: python3-olm installed but 'import olm' still fails" >&2; exit 1; }
