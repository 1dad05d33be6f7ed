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

# The installed Python set: requirements-dev.lock (bin/setup: production + tests) or requirements.lock
# (deploy/release.sh), hash-checked. A lock that lacks a pin of the requirements files (someone added a
# package without running bin/lock) fails CI and a release; on a developer's machine it warns and
# installs the requirements file without hashes, so work goes on until the locks are regenerated.
install_python_lock() {
  local lock=$1 source=requirements.txt
  [[ $lock == requirements-dev.lock ]] && source=requirements-dev.txt
  if ! python3 - "$lock" <<'PY'; then
import re, sys
lock = sys.argv[1]
def pins(path):
    found = {}
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            found.update(pins(line[3:].strip()))
        elif "==" in line:
            name, version = line.split("==", 1)
            found[re.sub(r"[-_.]+", "-", re.sub(r"\[.*\]", "", name).strip().lower())] = version.strip(" \\")
    return found
source = "requirements-dev.txt" if lock.endswith("requirements-dev.lock") else "requirements.txt"
locked = pins(lock)
stale = [n for n, v in pins(source).items() if locked.get(n) != v]
if stale:
    print("not in %s as pinned: %s" % (lock, ", ".join(sorted(stale))), file=sys.stderr)
    sys.exit(1)
PY
    if [[ -n ${CI:-} || $lock == requirements.lock ]]; then
      die "$lock does not match $source: run bin/lock and commit the locks"
    fi
    say "warning: $lock does not match $source (run bin/lock); installing $source without hashes"
    .venv/bin/pip install -q --disable-pip-version-check -r "$source"
    return
  fi
  bootstrap_pip
  .venv/bin/pip install -q --disable-pip-version-check --require-hashes -r "$lock"
}

# The interpreter's own pip (23.2 here) checks an extra's requirement (weasyprint's fonttools[woff]>=…)
# against the newest release instead of the locked pin, so a hash-checked install breaks whenever such a
# package publishes a release. The venv's pip is pinned, hash-checked, before the lock is installed.
PIP_PIN='pip==25.3 --hash=sha256:9655943313a94722b7774661c21049070f6bbb0a1516bf02f7c8d5d9201514cd'
bootstrap_pip() {
  local pin version=${PIP_PIN%% *}
  [[ $(.venv/bin/pip --version | cut -d' ' -f2) == "${version#pip==}" ]] && return
  pin=$(mktemp)
  echo "$PIP_PIN" >"$pin"
  .venv/bin/pip install -q --disable-pip-version-check --require-hashes -r "$pin"
  rm -f "$pin"
}

# Only the built files pages use: the npm packages also ship sources, ES modules and extensions
# (~60 MB that WhiteNoise would otherwise compress). Used by bin/setup and deploy/release.sh.
STATIC_IGNORE=('echarts.common*' 'echarts.esm*' 'echarts.simple*' 'echarts.js' 'echarts.js.map' extension ext
  'htmx.amd.js' 'htmx.cjs.js' 'htmx.esm*' 'htmx.js' '*.d.ts' '*.ts' '*.gz' package.json 'bootstrap.esm*'
  'bootstrap.js' 'bootstrap.js.map' 'bootstrap-grid*' 'bootstrap-reboot*' 'bootstrap-utilities*' '*.rtl.*'
  'bootstrap.css' 'bootstrap.css.map' 'bootstrap.bundle.js' 'bootstrap.bundle.js.map' '*.scss'
  'bootstrap-icons.css' 'bootstrap-icons.json' 'bootstrap-icons.svg')

collect_static() {
  .venv/bin/python manage.py collectstatic --noinput -v 0 "${STATIC_IGNORE[@]/#/--ignore=}"
}
