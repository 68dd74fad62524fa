#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests (*IT) against a real Synapse on 127.0.0.1:8008 and a real
# PostgreSQL on 127.0.0.1:5432. Starts (and on first use installs) both; needs root for that part. Also installs
# python3-olm, which the client's libolm interop tests need (scripts/e2ee-deps.sh).
# Extra arguments go to Maven, e.g. scripts/test.sh -pl framework/steward-client
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
if ! need java || ! need mvn; then
  echo "test.sh: installing a JDK 17 and Maven from Debian packages" >&2
  apt-get -q update >/dev/null && apt-get -q -y install openjdk-17-jdk-headless maven >/dev/null
fi
need curl || { apt-get -q update >/dev/null && apt-get -q -y install curl >/dev/null; }
# The ops status page's browser test (StatusPageBrowserIT) drives Debian's headless Chromium with its chromedriver.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  echo "test.sh: installing chromium and chromium-driver for the browser test" >&2
  apt-get -q update >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get -q -y install chromium chromium-driver >/dev/null
fi

scripts/e2ee-deps.sh
scripts/dev-homeserver.sh start
if [ -x scripts/dev-postgres.sh ]; then
  scripts/dev-postgres.sh start
fi

exec mvn -B -ntp verify "$@"
