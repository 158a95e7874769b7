#!/usr/bin/env bash
# Entry point of the postgres image of images/build: the official image's interface (POSTGRES_USER,
# POSTGRES_PASSWORD, POSTGRES_DB, POSTGRES_INITDB_ARGS, POSTGRES_INITDB_WALDIR, POSTGRES_HOST_AUTH_METHOD,
# their *_FILE variants, /docker-entrypoint-initdb.d) in front of Debian's PostgreSQL.
#
#   docker-entrypoint.sh postgres [server options]   initialise $PGDATA when it is empty, then run the server
#   docker-entrypoint.sh -c name=value ...           the same: options alone are the server's
#   docker-entrypoint.sh any other command           run it as is
# No -u: scripts of /docker-entrypoint-initdb.d that are sourced run under these options too.
set -Eeo pipefail

log() { printf '%s [entrypoint] %s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# NAME from the environment, or read from the file named by NAME_FILE (Docker secrets); else the default.
setting() {
  local name=$1 default=${2:-} file_name="${1}_FILE"
  local value=${!name:-} file=${!file_name:-}
  [ -z "$value" ] || [ -z "$file" ] || die "both $name and $file_name are set; set only one of them"
  if [ -n "$file" ]; then
    value=$(<"$file")
  fi
  export "$name=${value:-$default}"
  unset "$file_name"
}

# Options that only print something: no initialisation for them.
prints_only() {
  local argument
  for argument; do
    case "$argument" in -'?'|--help|--describe-config|-V|--version|-C|--config=*) return 0 ;; esac
  done
  return 1
}

# The folders, owned by postgres; then this script again as postgres.
as_root() {
  mkdir -p "$PGDATA" /var/run/postgresql
  find "$PGDATA" \! -user postgres -exec chown postgres:postgres {} +
  chmod 700 "$PGDATA"
  chown postgres:postgres /var/run/postgresql
  chmod 3777 /var/run/postgresql
  if [ -n "${POSTGRES_INITDB_WALDIR:-}" ]; then
    mkdir -p "$POSTGRES_INITDB_WALDIR"
    find "$POSTGRES_INITDB_WALDIR" \! -user postgres -exec chown postgres:postgres {} +
    chmod 700 "$POSTGRES_INITDB_WALDIR"
  fi
  exec setpriv --reuid=postgres --regid=postgres --init-groups \
    env HOME=/var/lib/postgresql USER=postgres LOGNAME=postgres "$0" "$@"
}

# psql on the server started for the initialisation (its socket only); the superuser's password is set.
sql() { psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password --username "$POSTGRES_USER" "$@"; }

run_init_file() {
  local file=$1
  case "$file" in
    *.sh)
      if [ -x "$file" ]; then
        log "running $file"
        "$file"
      else
        log "sourcing $file"
        # shellcheck disable=SC1090
        . "$file"
      fi
      ;;
    *.sql) log "running $file"; sql --dbname "$POSTGRES_DB" -f "$file" ;;
    *.sql.gz) log "running $file"; gzip -dc "$file" | sql --dbname "$POSTGRES_DB" ;;
    *.sql.xz) log "running $file"; xz -dc "$file" | sql --dbname "$POSTGRES_DB" ;;
    *.sql.zst) log "running $file"; zstd -dc "$file" | sql --dbname "$POSTGRES_DB" ;;
    *) log "ignoring $file (not .sh, .sql, .sql.gz, .sql.xz or .sql.zst)" ;;
  esac
}

initialise() {
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
    die "the data folder $PGDATA is empty and the superuser has no password: set POSTGRES_PASSWORD (or" \
      "POSTGRES_PASSWORD_FILE), or POSTGRES_HOST_AUTH_METHOD=trust to let anyone connect without one (not recommended)"
  fi
  [ "$POSTGRES_HOST_AUTH_METHOD" != trust ] ||
    log "warning: POSTGRES_HOST_AUTH_METHOD=trust: every connection from any host is accepted without a password"

  local arguments=(--username="$POSTGRES_USER")
  [ -z "${POSTGRES_INITDB_WALDIR:-}" ] || arguments+=(--waldir="$POSTGRES_INITDB_WALDIR")
  # POSTGRES_INITDB_ARGS is split on blanks, as the official image does: never evaluated, so $(…) or ; in it stay text.
  local extra=()
  read -r -a extra <<<"${POSTGRES_INITDB_ARGS:-}"
  log "initialising $PGDATA (superuser $POSTGRES_USER)"
  if [ -n "$POSTGRES_PASSWORD" ]; then
    initdb "${arguments[@]}" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") "${extra[@]}"
  else
    initdb "${arguments[@]}" "${extra[@]}"
  fi
  printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >>"$PGDATA/pg_hba.conf"

  export PGPASSWORD=${PGPASSWORD:-$POSTGRES_PASSWORD}
  pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -p ${PGPORT:-5432}" start
  sql --dbname postgres --set db="$POSTGRES_DB" <<'SQL'
SELECT format('CREATE DATABASE %I', :'db') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
  local file
  for file in /docker-entrypoint-initdb.d/*; do
    [ -e "$file" ] || continue
    run_init_file "$file"
  done
  pg_ctl -D "$PGDATA" -m fast -w stop
  unset PGPASSWORD
  log "PostgreSQL init process complete; ready for start up"
}

if [ "${1:0:1}" = - ]; then
  set -- postgres "$@"
fi
if [ "$1" != postgres ] || prints_only "$@"; then
  exec "$@"
fi

if [ "$(id -u)" = 0 ]; then
  as_root "$@"
fi

setting POSTGRES_PASSWORD
setting POSTGRES_USER postgres
setting POSTGRES_DB "$POSTGRES_USER"
setting POSTGRES_INITDB_ARGS
export POSTGRES_HOST_AUTH_METHOD=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}

if [ -s "$PGDATA/PG_VERSION" ]; then
  version=$(<"$PGDATA/PG_VERSION")
  [ "$version" = "$PG_MAJOR" ] ||
    die "$PGDATA holds the data of PostgreSQL $version, and this image runs PostgreSQL $PG_MAJOR (Debian's, built by" \
      "images/build), which cannot read it: run the image that made it, or start with an empty volume"
  log "$PGDATA holds a database already: no initialisation"
else
  initialise
fi

exec "$@"
