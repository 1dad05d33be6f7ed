#!/usr/bin/env bash
# One release, run ONCE per deployment from any one host with the new code and /etc/portal/portal.env:
# install requirements, compile messages, collect static files once, migrate once, then restart the
# units on every host. Usage: deploy/release.sh web1 web2 worker1 worker2 (the hosts, over ssh)
set -euo pipefail
cd /srv/portal/app
set -a; . /etc/portal/portal.env; set +a
.venv/bin/pip install -q -r requirements.txt
.venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
# static files collected once into the shared folder nginx serves (hashed names: old pages keep working)
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/python manage.py preflight
# migrations once; in production migrate also marks the database as the production one
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py check --deploy --fail-level WARNING
for host in "$@"; do
  ssh "$host" 'for u in portal-web portal-worker portal-beat; do
                 systemctl is-enabled --quiet $u 2>/dev/null && sudo systemctl restart $u; done; true'
done
