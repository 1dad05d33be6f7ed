#!/usr/bin/env bash
# One release, run ONCE per deployment from any one host with the new code and /etc/portal/portal.env:
# install the locked production requirements and npm assets, compile messages, collect static files once,
# migrate once, then restart the units on every host.
# Usage: deploy/release.sh web1 web2 worker1 worker2 (the hosts, over ssh)
set -euo pipefail
cd /srv/portal/app
. bin/lib.sh
set -a; . /etc/portal/portal.env; set +a
[[ -x .venv/bin/python ]] || python3 -m venv .venv
# the production runtime only (no test tools), every package pinned and hash-checked
install_python_lock requirements.lock
# the front-end assets pages use, as pinned in package-lock.json (no test-only packages)
npm ci --omit=dev --no-audit --no-fund --loglevel=error
.venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
# static files collected once into the shared folder nginx serves (hashed names: old pages keep working);
# only the built files pages use (the same ignore list as bin/setup)
collect_static
.venv/bin/python manage.py preflight
# migrations once; in production migrate also marks the database as the production one
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py check --deploy --fail-level WARNING
for host in "$@"; do
  ssh "$host" 'for u in portal-web portal-worker portal-beat; do
                 systemctl is-enabled --quiet $u 2>/dev/null && sudo systemctl restart $u; done; true'
done
