#!/usr/bin/env bash
# Runs the Steward bots enabled in the config file (default config/steward.yaml).
# With the default config, which points at the local dev homeserver, it first starts that homeserver (a real
# Synapse, installed on first use; needs root) and registers the bot account and a demo user you can log in as.
#
#   scripts/run.sh                     build if needed, start the dev homeserver, run the bots
#   STEWARD_CONFIG=my.yaml scripts/run.sh   run against the homeserver your config names (nothing is started)
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=${STEWARD_CONFIG:-config/steward.yaml}
JAR=bots/target/steward.jar

if [ ! -f "$JAR" ] || [ -n "$(find framework bots examples pom.xml -newer "$JAR" -name '*.java' -o -newer "$JAR" -name 'pom.xml' 2>/dev/null | head -n 1)" ]; then
  echo "run.sh: building $JAR" >&2
  mvn -B -q -ntp -DskipTests package
fi

if [ "$CONFIG" = config/steward.yaml ] && [ -z "${STEWARD_NO_DEV_HOMESERVER:-}" ]; then
  scripts/dev-homeserver.sh start
  scripts/dev-homeserver.sh register steward "${STEWARD_PASSWORD:-steward-dev-password}"
  scripts/dev-homeserver.sh register demo demo-password
  cat >&2 <<MSG
run.sh: the dev homeserver is http://127.0.0.1:8008 (server name localhost).
        Log in there as @demo:localhost with password demo-password, invite @steward:localhost to a room,
        and say "!echo hello" or "!help".
MSG
fi

exec java -jar "$JAR" run --config "$CONFIG"
