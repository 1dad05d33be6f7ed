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
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "env, expected",
    [
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
    ],
)
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
    result = run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_ENV="production",
        SECRET_KEY=key,
        ALLOWED_HOSTS="portal.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- installing: hash-locked requirements, production without test tools, only the static files used ---


def lock_pins(path):
    import re

    return {
        re.sub(r"[-_.]+", "-", m.group(1).lower()): m.group(2)
        for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==([^ \\\n]+)", Path(path).read_text(), re.M)
    }


def test_the_locks_pin_every_package_with_hashes_and_production_has_no_test_tools():
    prod, dev = lock_pins(ROOT / "requirements.lock"), lock_pins(ROOT / "requirements-dev.lock")
    assert {"django", "celery", "gunicorn", "kombu", "asgiref"} <= set(prod)  # transitive ones too
    assert not {"pytest", "playwright", "pytest-playwright", "factory-boy", "faker", "honcho"} & set(prod)
    assert {"pytest", "playwright", "honcho", "aiosmtpd"} <= set(dev)
    assert all(dev[name] == version for name, version in prod.items())  # one version of each package
    for lock in ("requirements.lock", "requirements-dev.lock"):
        chunks = (ROOT / lock).read_text().split("==")[1:]  # from each pin to the next
        assert all("--hash=sha256:" in chunk for chunk in chunks), lock  # every pin has its hashes


def run_lock_check(tmp_path, lock, extra_line="", ci=True):
    """bin/lib.sh's install_python_lock in a copy of the requirement files, with a stand-in pip that
    records how it was called."""
    import shutil

    for name in ("requirements.txt", "requirements-dev.txt", "requirements.lock", "requirements-dev.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    if extra_line:
        with open(tmp_path / "requirements.txt", "a") as out:
            out.write(extra_line + "\n")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    pip = tmp_path / ".venv" / "bin" / "pip"
    pip.write_text('#!/bin/sh\necho "$@" >> "%s/pip-calls"\n' % tmp_path)
    pip.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "true"
    result = subprocess.run(
        ["bash", "-c", '. "%s/bin/lib.sh"; install_python_lock %s' % (ROOT, lock)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    calls = (tmp_path / "pip-calls").read_text().splitlines() if (tmp_path / "pip-calls").exists() else []
    installs = [call for call in calls if call.startswith("install")]
    return result, installs[-1] if installs else ""


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_setup_and_release_install_the_lock_with_hashes(tmp_path, lock):
    result, args = run_lock_check(tmp_path, lock)
    assert result.returncode == 0, result.stderr
    assert args.split()[-3:] == ["--require-hashes", "-r", lock]
    # pip itself is first brought to a pinned, hash-checked release: the interpreter's pip 23.2 checks an
    # extra's requirement (weasyprint's fonttools[woff]) against the newest release instead of the pin
    calls = (tmp_path / "pip-calls").read_text().splitlines()
    bootstrap = next(call for call in calls if call.startswith("install"))
    assert "--require-hashes" in bootstrap and bootstrap != args


def test_a_package_added_without_relocking_fails_ci_and_a_release(tmp_path):
    result, args = run_lock_check(tmp_path, "requirements-dev.lock", "tablib==3.8.0")
    assert result.returncode != 0 and "run bin/lock" in result.stderr and "tablib" in result.stderr and not args
    (tmp_path / "release").mkdir()
    result, args = run_lock_check(tmp_path / "release", "requirements.lock", "tablib==3.8.0", ci=False)
    assert result.returncode != 0 and not args  # a release never installs an unlocked package
    # a developer's machine warns and goes on without hashes until someone runs bin/lock
    (tmp_path / "dev").mkdir()
    result, args = run_lock_check(tmp_path / "dev", "requirements-dev.lock", "tablib==3.8.0", ci=False)
    assert (
        result.returncode == 0
        and "run bin/lock" in result.stdout
        and args.split()[-2:] == ["-r", "requirements-dev.txt"]
    )


def test_setup_and_release_share_the_static_ignore_list_and_collect_only_built_files():
    setup, release = (ROOT / "bin" / "setup").read_text(), (ROOT / "deploy" / "release.sh").read_text()
    assert "\ncollect_static" in setup and "\ncollect_static" in release and "collectstatic" not in release
    assert "install_python_lock requirements.lock" in release and "npm ci --omit=dev" in release
    assert "install_python_lock requirements-dev.lock" in setup
    collected = ROOT / "staticfiles"
    if not (collected / "staticfiles.json").exists():
        pytest.skip("bin/setup has not collected the static files here")
    names = [p.name for p in collected.rglob("*") if p.is_file()]
    assert not [n for n in names if ".esm" in n or n.endswith((".scss", ".ts")) or n == "echarts.js"]
    assert sum(p.stat().st_size for p in collected.rglob("*") if p.is_file()) < 30 * 1024 * 1024
