# The two commands: `make run` (portal with demo data) and `make test` (the whole suite).
PORT ?= 8000
export PORT

.PHONY: run test setup services-start services-stop bench messages

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
