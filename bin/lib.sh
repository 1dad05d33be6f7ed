# Shared helpers for the bin/ scripts (sourced, not run).
say() { printf '\033[1m[portal]\033[0m %s\n' "$*"; }
die() { printf '[portal] error: %s\n' "$*" >&2; exit 1; }

# The newest PostgreSQL server binaries directory, or nothing.
pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [[ -x $d/initdb && -x $d/pg_ctl ]] && { echo "$d"; return; }
  done
}

# Project-local service settings (override with the environment).
PG_PORT=${PG_PORT:-54329}
REDIS_PORT=${REDIS_PORT:-63799}
PG_USER=portal
PG_DB=${PG_DB:-portal}

# Export DATABASE_URL / REDIS_URL for the project-local services unless the caller set them.
export_service_urls() {
  if [[ -z ${DATABASE_URL:-} ]]; then
    export DATABASE_URL="postgres://${PG_USER}@127.0.0.1:${PG_PORT}/${PG_DB}"
    export PORTAL_LOCAL_PG=1
  fi
  if [[ -z ${REDIS_URL:-} ]]; then
    export REDIS_URL="redis://127.0.0.1:${REDIS_PORT}/0"
    export PORTAL_LOCAL_REDIS=1
  fi
}
