#!/usr/bin/env bash
# A real Matrix homeserver (Synapse, Debian sid's package) on 127.0.0.1:8008 for integration tests and demos.
# Debian stable ships no Synapse, so it runs inside a sid chroot built once with debootstrap (needs root).
#
#   scripts/dev-homeserver.sh start                       build the chroot once (~2 min), start, wait until it answers
#   scripts/dev-homeserver.sh register USER PASS [--admin]  create an account (no error if it already exists)
#   scripts/dev-homeserver.sh status                      exit 0 when the homeserver answers
#   scripts/dev-homeserver.sh stop                        stop Synapse
#   scripts/dev-homeserver.sh reset                       stop and wipe accounts and rooms (keeps the chroot)
#
# Environment: SYNAPSE_ROOT (chroot folder, default /var/tmp/steward-synapse), SYNAPSE_PORT (default 8008),
# DEBIAN_MIRROR (default http://deb.debian.org/debian).
set -euo pipefail
ROOT=${SYNAPSE_ROOT:-/var/tmp/steward-synapse}
PORT=${SYNAPSE_PORT:-8008}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
HS=/srv/hs
URL="http://127.0.0.1:$PORT"
# The mirror's sid Release file can be older than its Valid-Until date.
APT="apt-get -q -y -o Acquire::Check-Valid-Until=false"

log() { echo "dev-homeserver: $*" >&2; }
in_root() { chroot "$ROOT" /usr/bin/env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 /bin/bash -c "$1"; }
answers() { curl -sf -m 2 "$URL/_matrix/client/versions" >/dev/null 2>&1; }

need_root() {
  [ "$(id -u)" = 0 ] || { log "needs root (debootstrap and chroot); run it with sudo"; exit 1; }
}

build() {
  [ -x "$ROOT/usr/bin/python3" ] && in_root 'python3 -c "import synapse"' 2>/dev/null && return
  command -v debootstrap >/dev/null || { $APT update >/dev/null && $APT install debootstrap >/dev/null; }
  command -v curl >/dev/null || $APT install curl >/dev/null
  log "building a Debian sid chroot with Synapse in $ROOT (first time only, about 2 minutes)"
  mkdir -p "$ROOT"
  # debootstrap --include fails on virtual packages, so Synapse is installed with apt afterwards.
  debootstrap --variant=minbase sid "$ROOT" "$MIRROR" >"$ROOT.debootstrap.log" 2>&1 \
    || { log "debootstrap failed; see $ROOT.debootstrap.log"; exit 1; }
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  in_root "$APT update >/dev/null && $APT install matrix-synapse >/dev/null"
}

configure() {
  [ -f "$ROOT$HS/homeserver.yaml" ] && return
  mkdir -p "$ROOT$HS"
  in_root "cd $HS && python3 -m synapse.app.homeserver --server-name localhost \
    --config-path $HS/homeserver.yaml --generate-config --report-stats=no --data-directory $HS" >/dev/null
  # Loopback only, no outside key servers, open registration, rate limits high enough for tests.
  sed -i -e '/^trusted_key_servers:/,+1d' -e "s/port: 8008/port: $PORT/" \
    -e "s/bind_addresses: \['::1', '127.0.0.1'\]/bind_addresses: ['127.0.0.1']/" "$ROOT$HS/homeserver.yaml"
  # The generated file has no final newline: start the additions on a line of their own.
  echo >> "$ROOT$HS/homeserver.yaml"
  cat >> "$ROOT$HS/homeserver.yaml" <<YAML
trusted_key_servers: []
suppress_key_server_warning: true
enable_registration: true
enable_registration_without_verification: true
rc_message: {per_second: 1000, burst_count: 1000}
rc_registration: {per_second: 1000, burst_count: 1000}
rc_login: {address: {per_second: 1000, burst_count: 1000}, account: {per_second: 1000, burst_count: 1000}, failed_attempts: {per_second: 1000, burst_count: 1000}}
rc_joins: {local: {per_second: 1000, burst_count: 1000}, remote: {per_second: 1000, burst_count: 1000}}
rc_invites: {per_room: {per_second: 1000, burst_count: 1000}, per_user: {per_second: 1000, burst_count: 1000}, per_issuer: {per_second: 1000, burst_count: 1000}}
rc_admin_redaction: {per_second: 1000, burst_count: 1000}
rc_3pid_validation: {per_second: 1000, burst_count: 1000}
YAML
}

# Settings added after the first release of this script: applied to existing homeservers too.
tune() {
  local yaml="$ROOT$HS/homeserver.yaml"
  # Older versions of this script glued the additions onto the generated file's last comment line, which turned
  # "trusted_key_servers: []" into a comment and let Synapse fall back to matrix.org.
  sed -i 's/^\(# vim:ft=yaml\)\(.\)/\1\n\2/' "$yaml"
  grep -q '^trusted_key_servers:' "$yaml" || printf '\ntrusted_key_servers: []\n' >> "$yaml"
  [ -z "$(tail -c1 "$yaml")" ] || echo >> "$yaml"
  # Test accounts need no strong password hashing; the default (12 rounds) makes every login cost a second.
  grep -q '^bcrypt_rounds:' "$yaml" || echo 'bcrypt_rounds: 4' >> "$yaml"
  # Synapse denies publishing rooms to the directory unless told otherwise; bots and their tests publish.
  grep -q '^room_list_publication_rules:' "$yaml" || echo 'room_list_publication_rules: [{action: allow}]' >> "$yaml"
  # Tests create dozens of rooms (a moderation bot's protected rooms), join and report at machine speed; Synapse's
  # defaults (e.g. a room a minute after a burst of 10) would make them wait for minutes.
  local key
  for key in rc_room_creation rc_joins_per_room rc_third_party_invite rc_reports rc_media_create rc_key_requests \
             rc_delayed_event_mgmt; do
    grep -q "^$key:" "$yaml" || echo "$key: {per_second: 1000, burst_count: 1000}" >> "$yaml"
  done
}

start() {
  if answers; then log "already up on $URL"; return; fi
  need_root; build; configure; tune
  mountpoint -q "$ROOT/proc" || mount -t proc proc "$ROOT/proc"
  rm -f "$ROOT$HS/homeserver.pid"
  # The daemon must not keep file descriptors it inherited (say, a build lock held by `flock` around a test run
  # that restarts the homeserver): close everything above stderr in the subshell that starts it.
  (
    for fd in /proc/self/fd/*; do
      fd=${fd##*/}
      [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null
    done
    in_root "cd $HS && python3 -m synapse.app.homeserver --config-path $HS/homeserver.yaml --daemonize"
  )
  for _ in $(seq 90); do
    if answers; then log "synapse up on $URL"; return; fi
    sleep 1
  done
  log "synapse did not start; see $ROOT$HS/homeserver.log"; exit 1
}

stop() {
  local pids
  pids=$(cat "$ROOT$HS/homeserver.pid" 2>/dev/null || true)
  # Without a pid file (lost when a second start raced the first: the Synapse that failed to bind removes it on its
  # way out) the running Synapse is found by its command line, so that a stop never silently leaves it up.
  [ -n "$pids" ] || pids=$(pgrep -f "synapse.app.homeserver --config-path $HS/homeserver.yaml" || true)
  if [ -n "$pids" ]; then
    # shellcheck disable=SC2086 # one pid a word
    kill $pids 2>/dev/null || true
    # Until it has exited, not only stopped answering: a Synapse still shutting down would remove the pid file of
    # the next one on its way out.
    # shellcheck disable=SC2086
    for _ in $(seq 60); do kill -0 $pids 2>/dev/null || break; sleep 0.5; done
    # shellcheck disable=SC2086
    kill -0 $pids 2>/dev/null && { kill -9 $pids 2>/dev/null || true; sleep 1; }
  fi
  rm -f "$ROOT$HS/homeserver.pid"
  if answers; then log "synapse still answers on $URL after stop"; exit 1; fi
}

# Start and stop one at a time: test JVMs and scripts may call them at once. The lock's descriptor is closed for
# the daemon (see start).
serialize() {
  exec 9>"${ROOT%/}.lock"
  flock 9
}

register() {
  [ $# -ge 2 ] || { log "usage: register USER PASS [--admin]"; exit 2; }
  local admin=--no-admin
  [ "${3:-}" = --admin ] && admin=--admin
  local out
  if out=$(in_root "python3 -m synapse._scripts.register_new_matrix_user -c $HS/homeserver.yaml \
      -u '$1' -p '$2' $admin $URL" 2>&1); then
    log "registered @$1:localhost"
  elif grep -q 'User ID already taken' <<<"$out"; then
    log "@$1:localhost already exists"
  else
    log "registering $1 failed: $out"; exit 1
  fi
}

case "${1:-}" in
  start) serialize; start ;;
  stop) serialize; stop ;;
  status) answers ;;
  reset) need_root; serialize; stop; rm -rf "${ROOT:?}$HS" ;;
  register) shift; need_root; register "$@" ;;
  *) echo "usage: $0 start|stop|status|reset|register USER PASS [--admin]" >&2; exit 2 ;;
esac
