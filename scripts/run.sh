#!/usr/bin/env bash
# Runs the Steward bots enabled in the config file (default config/steward.yaml) through scripts/steward, the
# launcher (JVM options sized for a bot; STEWARD_JAVA_OPTS adds more).
# With the default config, which points at the local dev homeserver, it first starts that homeserver (a real
# Synapse, installed on first use; needs root), registers the bot account and a demo user you can log in as, and
# makes a demo room #steward-demo:localhost (the demo user's, reused on later runs) with the bot invited.
#
#   scripts/run.sh                     build if needed, start the dev homeserver, run the bots
#   scripts/run.sh --demo              the same, then say "!echo hello from the demo user" in the demo room as
#                                      the demo user once the bot is up, so the log shows a command being handled
#   STEWARD_CONFIG=my.yaml scripts/run.sh   run against the homeserver your config names (nothing is started)
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=${STEWARD_CONFIG:-config/steward.yaml}
JAR=bots/target/steward.jar
DEMO=false
for arg in "$@"; do
  case "$arg" in
    --demo) DEMO=true ;;
    *) echo "usage: $0 [--demo]" >&2; exit 2 ;;
  esac
done

HS=http://127.0.0.1:8008
BOT=@steward:localhost
ALIAS='#steward-demo:localhost'
DEMO_COMMAND='!echo hello from the demo user'

say() { echo "run.sh: $*" >&2; }

# api METHOD PATH [JSON]: a Client-Server API call as the demo user; the answer lands in $API_BODY, success is 2xx.
api() {
  local args=(-sS -m 30 -X "$1" -H 'Content-Type: application/json' -w '\n%{http_code}')
  [ -n "${DEMO_TOKEN:-}" ] && args+=(-H "Authorization: Bearer $DEMO_TOKEN")
  [ -n "${3:-}" ] && args+=(--data "$3")
  local out
  out=$(curl "${args[@]}" "$HS/_matrix/client/v3/$2") || return 1
  API_BODY=${out%$'\n'*}
  [ "${out##*$'\n'}" -ge 200 ] && [ "${out##*$'\n'}" -lt 300 ]
}

# field NAME: a top-level string field of $API_BODY (enough for the flat answers used here; no jq needed).
field() { printf '%s' "$API_BODY" | sed -n 's/.*"'"$1"'" *: *"\([^"]*\)".*/\1/p' | head -n 1; }

# Percent-encodes the characters of ids and aliases that cannot stand in a URL path.
enc() { printf '%s' "$1" | sed -e 's/%/%25/g' -e 's/!/%21/g' -e 's/#/%23/g' -e 's/:/%3A/g' -e 's/@/%40/g'; }

# Logs in as the demo user, finds or creates the demo room and invites the bot; sets DEMO_ROOM.
demo_room() {
  api POST login '{"type":"m.login.password","identifier":{"type":"m.id.user","user":"demo"},"password":"demo-password","device_id":"RUNSH","initial_device_display_name":"scripts/run.sh"}' \
    || { say "cannot log in as @demo:localhost: $API_BODY"; return 1; }
  DEMO_TOKEN=$(field access_token)
  if api GET "directory/room/$(enc "$ALIAS")"; then
    DEMO_ROOM=$(field room_id)
    api POST "join/$(enc "$DEMO_ROOM")" '{}' || { say "cannot join $ALIAS: $API_BODY"; return 1; }
    # Fails harmlessly when the bot is in the room already.
    api POST "rooms/$(enc "$DEMO_ROOM")/invite" "{\"user_id\":\"$BOT\"}" || true
  else
    api POST createRoom "{\"room_alias_name\":\"steward-demo\",\"name\":\"Steward demo\",\"topic\":\"Talk to $BOT here: !help\",\"preset\":\"private_chat\",\"invite\":[\"$BOT\"]}" \
      || { say "cannot create $ALIAS: $API_BODY"; return 1; }
    DEMO_ROOM=$(field room_id)
  fi
}

# Waits for the bot to be up and in the demo room, says the demo command, and reports the bot's answer.
demo_command() {
  local log=$1 i
  for i in $(seq 1 180); do grep -q 'sync loop started' "$log" 2>/dev/null && break; sleep 1; done
  for i in $(seq 1 60); do
    api GET "rooms/$(enc "$DEMO_ROOM")/state/m.room.member/$(enc "$BOT")" && [ "$(field membership)" = join ] && break
    sleep 1
  done
  sleep 3 # the bot's first sync is history on a fresh store; speak after it
  api PUT "rooms/$(enc "$DEMO_ROOM")/send/m.room.message/runsh-$(date +%s%N)" \
    "{\"msgtype\":\"m.text\",\"body\":\"$DEMO_COMMAND\"}" || { say "demo command failed: $API_BODY"; return 1; }
  say "@demo:localhost said '$DEMO_COMMAND' in $ALIAS"
  for i in $(seq 1 30); do
    if api GET "rooms/$(enc "$DEMO_ROOM")/messages?dir=b&limit=10" \
        && printf '%s' "$API_BODY" | grep -q '"body" *: *"hello from the demo user"'; then
      say "$BOT answered in $ALIAS: hello from the demo user"
      return 0
    fi
    sleep 1
  done
  say "no answer from $BOT within 30 seconds; see the log above"
}

if [ ! -f "$JAR" ] || [ -n "$(find framework bots examples pom.xml -newer "$JAR" -name '*.java' -o -newer "$JAR" -name 'pom.xml' 2>/dev/null | head -n 1)" ]; then
  say "building $JAR"
  mvn -B -q -ntp -DskipTests package
fi

DEMO_ROOM=
if [ "$CONFIG" = config/steward.yaml ] && [ -z "${STEWARD_NO_DEV_HOMESERVER:-}" ]; then
  scripts/dev-homeserver.sh start
  scripts/dev-homeserver.sh register steward "${STEWARD_PASSWORD:-steward-dev-password}"
  scripts/dev-homeserver.sh register demo demo-password
  demo_room || DEMO_ROOM=
  cat >&2 <<MSG
run.sh: the dev homeserver is http://127.0.0.1:8008 (server name localhost).
        Log in there as @demo:localhost with password demo-password (any Matrix client, e.g. Element with a
        custom homeserver), open the room $ALIAS${DEMO_ROOM:+ ($DEMO_ROOM)}, where $BOT is invited,
        and say "!echo hello" or "!help". Or invite $BOT to a room of your own: the autojoin bot accepts
        invites from the users in bots.autojoin.users of the config (@demo:localhost among them).
MSG
elif [ "$DEMO" = true ]; then
  say "--demo needs the default config and the dev homeserver"; exit 2
fi

if [ "$DEMO" != true ] || [ -z "$DEMO_ROOM" ]; then
  exec env STEWARD_JAR="$JAR" scripts/steward run --config "$CONFIG"
fi

# --demo: run the bot in the background, copying its log to a file the demo step watches for readiness.
LOG=$(mktemp "${TMPDIR:-/tmp}/steward-run.XXXXXX")
STEWARD_JAR="$JAR" scripts/steward run --config "$CONFIG" > >(tee -a "$LOG") 2>&1 &
BOT_PID=$!
demo_command "$LOG" &
DEMO_PID=$!
trap 'kill -TERM "$BOT_PID" 2>/dev/null || true' TERM INT
status=0
wait "$BOT_PID" || status=$?
if kill -0 "$BOT_PID" 2>/dev/null; then
  # A signal interrupted the wait: the trap passed it on; now wait for the bot to finish its batch and stop.
  status=0
  wait "$BOT_PID" || status=$?
fi
kill "$DEMO_PID" 2>/dev/null || true
rm -f "$LOG"
exit "$status"
