# The two commands: `make run` (portal with demo data) and `make test` (the whole suite).
PORT ?= 8000
export PORT

.PHONY: run test setup services-start services-stop bench messages backup restore

run:
	bin/run

test:
	bin/test

setup:
	bin/setup

services-start:
	bin/services start

services-stop:
	bin/services stop

# Throughput and latency against a trivial view, measured in the same run (see bench/README.md).
bench:
	bin/bench

# Refresh the translation catalogues after changing strings (then edit locale/*/LC_MESSAGES/django.po).
messages:
	.venv/bin/python manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=node_modules --ignore=var

# Back up the database and uploaded files into var/backups/<time>/ (see README "Backups").
backup:
	bin/manage backup

# Restore a backup folder: make restore BACKUP=var/backups/20240101T000000000000Z
restore:
	bin/manage restore "$(BACKUP)"
