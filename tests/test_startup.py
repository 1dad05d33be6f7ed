"""A wrong setting stops startup with one clear line, not a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(args, **env):
    drop = ("DJANGO_ENV", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    full = {k: v for k, v in os.environ.items() if k not in drop}
    full.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=full,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("env, expected", [
    ({"DATABASE_URL": "mysql://u:p@127.0.0.1/x"}, "DATABASE_URL must point at PostgreSQL"),
    ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
    ({"REDIS_URL": "http://127.0.0.1:6379"}, "REDIS_URL must start with"),
    ({"DJANGO_ENV": "staging"}, "DJANGO_ENV must be"),
    ({"DJANGO_ENV": "production", "SECRET_KEY": "x" * 60, "DEBUG": "true"}, "DEBUG must be off"),
    ({"DJANGO_ENV": "production"}, "SECRET_KEY must be set"),
    ({"DEBUG": "maybe"}, "DEBUG"),
    ({"EMAIL_PORT": "twenty-five"}, "EMAIL_PORT"),
    ({"APPOINTMENT_VOTE_MODE": "show of hands"}, "APPOINTMENT_VOTE_MODE must be"),
    ({"PROJECTS_REPORT_EVERY_DAYS": "quarterly"}, "PROJECTS_REPORT_EVERY_DAYS"),
])
def test_bad_setting_is_one_line(env, expected):
    result = run(["check"], **env)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("configuration error:") and expected in lines[0]


def test_unreachable_database_is_one_line():
    result = run(["preflight"], DATABASE_URL="postgres://portal@127.0.0.1:1/portal")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "cannot use the database portal at 127.0.0.1:1 (check DATABASE_URL)" in result.stderr


def test_unreachable_redis_is_one_line():
    result = run(["preflight"], REDIS_URL="redis://127.0.0.1:1/0")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "cannot reach Redis at redis://127.0.0.1:1/0 (check REDIS_URL)" in result.stderr


def test_migrate_against_a_missing_database_is_one_line(settings):
    db = settings.DATABASES["default"]
    url = "postgres://%s@%s:%s/no_such_database" % (db["USER"], db["HOST"], db["PORT"])
    result = run(["migrate"], DATABASE_URL=url)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("cannot use the database no_such_database")


def test_demo_data_refused_in_production():
    result = run(["seed_demo"], DJANGO_ENV="production", SECRET_KEY="k" * 60, ALLOWED_HOSTS="portal.example")
    assert result.returncode != 0
    assert "refuses to run with DJANGO_ENV=production" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_pass_check_deploy():
    import secrets

    key = secrets.token_urlsafe(60)
    result = run(["check", "--deploy", "--fail-level", "WARNING"], DJANGO_ENV="production",
                 SECRET_KEY=key, ALLOWED_HOSTS="portal.example")
    assert result.returncode == 0, result.stdout + result.stderr
