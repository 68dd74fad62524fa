#!/usr/bin/env bash
# PostgreSQL on 127.0.0.1 for the store's integration tests (PostgresStoreIT) and for running bots against it.
# Uses Debian's packages and pg_ctlcluster directly (no systemd). Install and first start need root.
#
#   scripts/dev-postgres.sh start    install if missing, start the cluster, create role steward (password steward)
#                                    and databases steward and steward_test; a no-op when all that is in place
#   scripts/dev-postgres.sh status   exit 0 when PostgreSQL answers
#   scripts/dev-postgres.sh stop     stop the cluster
#
# Environment: STEWARD_PG_PORT (default 5432).
set -euo pipefail
PORT=${STEWARD_PG_PORT:-5432}
HOST=127.0.0.1
ROLE=steward
PASSWORD=steward
DATABASES=(steward steward_test)

log() { echo "dev-postgres: $*" >&2; }

answers() {
  if command -v pg_isready >/dev/null; then
    pg_isready -q -h "$HOST" -p "$PORT" -t 2
  else
    (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null
  fi
}

# True when the role can log in with its password to every database: the whole job of start is done.
provisioned() {
  command -v psql >/dev/null || return 1
  local db
  for db in "${DATABASES[@]}"; do
    PGPASSWORD=$PASSWORD PGCONNECT_TIMEOUT=3 psql -h "$HOST" -p "$PORT" -U "$ROLE" -d "$db" -qAtc 'SELECT 1' \
      >/dev/null 2>&1 || return 1
  done
}

need_root() {
  [ "$(id -u)" = 0 ] || { log "needs root to $1; run it with sudo"; exit 1; }
}

install_server() {
  if command -v pg_ctlcluster >/dev/null && compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
    return
  fi
  need_root "install PostgreSQL"
  log "installing PostgreSQL from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -q update >/dev/null
  # The package's own start attempt may fail without an init system; this script starts the cluster itself.
  apt-get -q install -y postgresql >/dev/null
}

online() {
  pg_lsclusters -h | awk -v v="$1" -v n="$2" '$1 == v && $2 == n && $4 ~ /^online/ { f = 1 } END { exit !f }'
}

# "VERSION NAME" of the cluster on $PORT, or nothing.
cluster_on_port() {
  pg_lsclusters -h | awk -v port="$PORT" '$3 == port { print $1, $2; exit }'
}

ensure_cluster() {
  local cluster version
  cluster=$(cluster_on_port)
  if [ -z "$cluster" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -1)
    # "main" may already exist on another port; then a cluster of our own takes ours.
    local name=main
    if pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
      name=steward
    fi
    log "creating PostgreSQL $version cluster '$name' on port $PORT"
    pg_createcluster "$version" "$name" --port "$PORT" >/dev/null
    cluster="$version $name"
  fi
  echo "$cluster"
}

start() {
  if answers && provisioned; then
    log "PostgreSQL answers on $HOST:$PORT, role and databases in place"
    return
  fi
  if ! answers; then
    need_root "start PostgreSQL"
    install_server
    local cluster version name
    cluster=$(ensure_cluster)
    read -r version name <<<"$cluster"
    # Loopback only: a dev database with a well-known password must not be reachable from the network.
    # A conf.d file (Debian's postgresql.conf includes the folder) leaves the packaged config untouched.
    echo "listen_addresses = '$HOST'" >"/etc/postgresql/$version/$name/conf.d/steward-dev.conf"
    install -d -o postgres -g postgres -m 2775 /var/run/postgresql
    if online "$version" "$name"; then
      log "restarting PostgreSQL $version/$name so it listens on $HOST:$PORT"
      pg_ctlcluster "$version" "$name" restart
    else
      log "starting PostgreSQL $version/$name on $HOST:$PORT"
      pg_ctlcluster "$version" "$name" start
    fi
    local waited=0
    until answers; do
      [ "$waited" -lt 30 ] || { log "PostgreSQL did not answer within 30 s; see /var/log/postgresql/"; exit 1; }
      sleep 1
      waited=$((waited + 1))
    done
  fi
  provision
  provisioned || { log "role $ROLE still cannot log in to ${DATABASES[*]} on $HOST:$PORT"; exit 1; }
  log "ready: role $ROLE on $HOST:$PORT, databases ${DATABASES[*]}"
}

# Creates the role and databases if missing, as the postgres superuser over the local socket (peer auth).
provision() {
  need_root "create the role and databases"
  log "creating role $ROLE and databases ${DATABASES[*]} if missing"
  local sql
  sql="DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD';
  ELSE
    ALTER ROLE $ROLE LOGIN PASSWORD '$PASSWORD';
  END IF;
END \$\$;"
  local db
  for db in "${DATABASES[@]}"; do
    # CREATE DATABASE cannot run inside DO; \gexec runs it only when the SELECT finds it missing.
    sql+=$'\n'"SELECT 'CREATE DATABASE $db OWNER $ROLE' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db')\\gexec"
  done
  (cd /tmp && runuser -u postgres -- psql -p "$PORT" -X -q -v ON_ERROR_STOP=1 -d postgres) <<<"$sql" >/dev/null
}

stop() {
  local cluster
  cluster=$(command -v pg_lsclusters >/dev/null && cluster_on_port || true)
  if [ -z "$cluster" ]; then
    if answers; then
      log "something answers on $HOST:$PORT but no local cluster owns that port; not stopping it"
      exit 1
    fi
    log "not running"
    return
  fi
  local version name
  read -r version name <<<"$cluster"
  if online "$version" "$name"; then
    log "stopping PostgreSQL $version/$name"
    pg_ctlcluster "$version" "$name" stop
  else
    log "not running"
  fi
}

status() {
  if answers; then
    log "PostgreSQL answers on $HOST:$PORT"
  else
    log "PostgreSQL does not answer on $HOST:$PORT"
    exit 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
