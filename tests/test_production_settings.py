"""Production settings, checked the way production runs them: with DJANGO_ENV=production and the other
environment variables of .env.example in a separate process.

* the security headers and cookies of real responses: HSTS, the SSL redirect, secure and HttpOnly
  cookies, a Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval', X-Frame-Options,
  the referrer policy, nosniff;
* DEBUG cannot be on with the production database: `migrate` in production marks the database, and a
  process with DEBUG on refuses it with one line;
* every setting is an environment variable documented in deploy/README.md and .env.example, and the
  example nginx site is valid.
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest

from congress import demo
from congress.backup import database_url

ROOT = Path(__file__).resolve().parent.parent
HOST = "portal.example.gov.cn"


def production_env(**extra):
    drop = ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "OTP_REQUIRED_ROLES")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS=HOST,
        CSRF_TRUSTED_ORIGINS="https://" + HOST,
        SITE_URL="https://" + HOST,
        PROXY_COUNT="1",
    )
    env.update(extra)
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


PROBE = r"""
import json
from django.test import Client
c = Client(HTTP_HOST=%(host)r)
out = {}
r = c.get("/")
out["plain"] = [r.status_code, r.get("Location", "")]
r = c.get("/", secure=True)
out["home"] = [r.status_code, dict(r.headers.items())]
r = c.get("/accounts/login/", secure=True)
csrf = c.cookies["csrftoken"]
out["csrf_cookie"] = {"secure": bool(csrf["secure"]), "httponly": bool(csrf["httponly"]), "samesite": csrf["samesite"]}
r = c.post("/accounts/login/", {"username": "deputy", "password": %(password)r}, secure=True)
out["login"] = [r.status_code, r.get("Location", "")]
s = c.cookies["sessionid"]
out["session_cookie"] = {"secure": bool(s["secure"]), "httponly": bool(s["httponly"]), "samesite": s["samesite"]}
r = c.get("/me/", secure=True)
out["me"] = [r.status_code, dict(r.headers.items())]
print("PROBE" + json.dumps(out))
"""


@pytest.mark.django_db(transaction=True)
def test_production_responses_carry_the_security_headers_and_cookies():
    demo.seed_core()
    demo.seed_accounts()
    result = manage(
        "shell",
        "-c",
        PROBE % {"host": HOST, "password": demo.demo_password()},
        env=production_env(DATABASE_URL=database_url()),
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.split("PROBE", 1)[1])

    assert out["plain"] == [301, "https://%s/" % HOST]  # plain http goes to https
    for page in ("home", "me"):
        status, headers = out[page]
        assert status == 200, page
        hsts = headers["Strict-Transport-Security"]
        assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert out["csrf_cookie"] == {"secure": True, "httponly": True, "samesite": "Lax"}
    assert out["login"] == [302, "/me/"]
    assert out["session_cookie"] == {"secure": True, "httponly": True, "samesite": "Lax"}


def test_check_deploy_is_clean_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "DEBUG", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.fixture
def fresh_database(settings):
    db = dict(settings.DATABASES["default"], NAME="prodmark_%s" % uuid.uuid4().hex[:10])
    admin = psycopg2.connect(database_url({**db, "NAME": "postgres"}))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute('create database "%s"' % db["NAME"])
    try:
        yield database_url(db)
    finally:
        with admin.cursor() as cur:
            cur.execute('drop database if exists "%s" with (force)' % db["NAME"])
        admin.close()


def test_debug_is_refused_on_the_database_that_production_migrated(fresh_database):
    # before production has used it, a developer may point DEBUG at this database
    development = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    development.update(DATABASE_URL=fresh_database, DEBUG="true")
    assert manage("preflight", env=development).returncode == 0

    result = manage("migrate", "-v0", env=production_env(DATABASE_URL=fresh_database))
    assert result.returncode == 0, result.stderr

    refused = manage("shell", "-c", "from congress.models import User; print(User.objects.count())", env=development)
    assert refused.returncode == 2
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in refused.stderr, refused.stderr
    assert lines[0].startswith("configuration error: DEBUG is on but DATABASE_URL points at the production database")
    assert manage("preflight", env=development).returncode != 0
    # with DEBUG off (production, or a maintenance command) the same database is fine
    allowed = manage(
        "shell",
        "-c",
        "from congress.models import User; print(User.objects.count())",
        env=dict(development, DEBUG="false"),
    )
    assert allowed.returncode == 0, allowed.stderr


def test_every_setting_is_an_environment_variable_documented_in_the_deploy_readme_and_env_example():
    import re

    read = set(re.findall(r'env\.\w+\("([A-Z_][A-Z0-9_]*)"', (ROOT / "congress" / "settings.py").read_text()))
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DJANGO_ENV"} <= read
    table = (ROOT / "deploy" / "README.md").read_text()
    example = (ROOT / ".env.example").read_text()
    assert not [v for v in read if "`%s`" % v not in table], "missing from deploy/README.md's table"
    assert not [v for v in read if not re.search(r"^#? ?%s=" % v, example, re.M)], "missing from .env.example"


def test_the_example_nginx_site_is_valid(tmp_path):
    """deploy/nginx/portal.conf as shipped (only the certificate paths and ports replaced) passes nginx -t."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists() or not shutil.which("openssl"):
        pytest.skip("needs nginx (bin/setup --browser) and openssl")
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            tmp_path / "key.pem",
            "-out",
            tmp_path / "cert.pem",
            "-days",
            "1",
            "-subj",
            "/CN=" + HOST,
        ],
        check=True,
        capture_output=True,
    )
    site = (ROOT / "deploy" / "nginx" / "portal.conf").read_text()
    site = (
        site.replace("/etc/ssl/portal/fullchain.pem", str(tmp_path / "cert.pem"))
        .replace("/etc/ssl/portal/privkey.pem", str(tmp_path / "key.pem"))
        .replace("listen 443 ssl", "listen 127.0.0.1:18443 ssl")
        .replace("listen 80;", "listen 127.0.0.1:18080;")
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        "pid %(d)s/nginx.pid; error_log %(d)s/error.log; events {}\n"
        "http { include /etc/nginx/mime.types; include %(d)s/site.conf; }\n" % {"d": tmp_path}
    )
    result = subprocess.run([nginx, "-t", "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


LOGGING_PROBE = r"""
from django.test import Client
from django.urls import path
import congress.urls
from congress.models import User

def broken(request):
    raise RuntimeError("a real bug")

congress.urls.urlpatterns.append(path("broken-for-the-probe/", broken))
c = Client(HTTP_HOST=%(host)r, raise_request_exception=False)
print("PROBE", c.get("/no-such-page/", secure=True).status_code, c.get("/no-such-page/", secure=True).status_code)
c.force_login(User.objects.get(username="deputy"))
print("PROBE", c.get("/deputies/manage/export/roster.xlsx", secure=True).status_code)
print("PROBE", Client(HTTP_HOST="scanner.example").get("/", secure=True).status_code)
print("PROBE", c.get("/broken-for-the-probe/", secure=True).status_code)
"""


@pytest.mark.django_db(transaction=True)
def test_production_mails_admins_errors_only(smtp_server):
    """In production a 404, a 403 and a scanner's wrong Host header are logged, not mailed to ADMINS;
    an unhandled error (500) is mailed once, over real SMTP."""
    import time

    demo.seed_core()
    demo.seed_accounts()
    host, port, inbox = smtp_server
    inbox.messages.clear()  # the server is the session's: earlier tests' mail is not this test's
    env = production_env(
        DATABASE_URL=database_url(),
        ADMINS="ops@example.localhost",
        EMAIL_HOST=host,
        EMAIL_PORT=str(port),
        OTP_REQUIRED_ROLES="",
    )
    result = manage("shell", "-c", LOGGING_PROBE % {"host": HOST}, env=env)
    assert result.returncode == 0, result.stderr
    statuses = [line.split()[1:] for line in result.stdout.splitlines() if line.startswith("PROBE")]
    assert statuses == [["404", "404"], ["403"], ["400"], ["500"]], statuses
    inbox.wait_for(1, timeout=10)
    time.sleep(1)
    to_admins = [m for m in inbox.messages if "ops@example.localhost" in str(m["To"])]
    assert len(to_admins) == 1, [m["Subject"] for m in to_admins]
    assert "broken-for-the-probe" in to_admins[0]["Subject"]
    assert "Not Found" in result.stderr or "no-such-page" in result.stderr  # the 404 is still logged
