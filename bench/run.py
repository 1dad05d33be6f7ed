#!/usr/bin/env python
"""Throughput and latency of portal pages against a trivial view, measured in the same run.

Builds a bench database (migrate + demo data + scale rows), starts gunicorn on it, drives each
scenario with keep-alive HTTP clients on loopback for a fixed time, and prints requests per second,
p50/p95 latency and each scenario's throughput as a share of the trivial view's (the ceiling).
Later issues add their scenarios to SCENARIOS. Usage: bin/bench [--seconds N] [--clients N]
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# name, path, signed in as (a demo username) or None
SCENARIOS = [
    ("trivial view (ceiling)", "/healthz/", None),
    ("public home", "/", None),
    ("staff home (my work)", "/me/", "staff"),
    ("organization list, 25 of {orgs} rows", "/manage/organizations/", "staff"),
    ("audit trail, 50 of {audit} rows", "/audit/", "staff"),
    ("audit trail, keyset cursor halfway", "/audit/?after={audit_deep}", "staff"),
    ("audit trail, action filter (updates)", "/audit/?action=~", "staff"),
]
SCALE_ORGS = 2000


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_database(url, extra_orgs=SCALE_ORGS):
    """Create a fresh bench database with the demo data and ``extra_orgs`` extra organizations."""
    import psycopg2
    from psycopg2 import sql

    base, name = url.rsplit("/", 1)
    admin = psycopg2.connect(base + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(sql.SQL("drop database if exists {}").format(sql.Identifier(name)))
        cur.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    admin.close()
    env = dict(os.environ, DATABASE_URL=url)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    code = (
        """
from congress.models import Congress, Organization, OrganizationKind, User, AuditEntry
from congress.audit import as_actor
staff = User.objects.get(username="staff")
district = Congress.objects.get(level="district")
for i in range(%d):
    as_actor(Organization(name="压测单位%%05d" %% i, kind=OrganizationKind.DEPARTMENT, congress=district), staff).save()
print(Organization.objects.count(), AuditEntry.objects.count())
"""
        % extra_orgs
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return {"orgs": int(out[-2]), "audit": int(out[-1])}


def audit_cursor(url, offset):
    """The audit trail's keyset cursor (congress.paging) ``offset`` rows down, newest first."""
    import psycopg2

    from congress.paging import encode

    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute(
            "select created_at, id from congress_auditentry order by created_at desc, id desc offset %s limit 1",
            [offset],
        )
        return encode(list(cur.fetchone()))


def session_cookie(url, username):
    env = dict(os.environ, DATABASE_URL=url)
    code = (
        "from django.contrib.sessions.backends.cached_db import SessionStore;"
        "from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY;"
        "from congress.models import User; u=User.objects.get(username=%r); s=SessionStore();"
        "s[SESSION_KEY]=str(u.pk); s[BACKEND_SESSION_KEY]='django.contrib.auth.backends.ModelBackend';"
        "s[HASH_SESSION_KEY]=u.get_session_auth_hash(); s.create(); print(s.session_key)" % username
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return "sessionid=%s" % out[-1]


def drive(port, path, cookie, seconds, clients):
    """Return (latencies in seconds, errors) from ``clients`` keep-alive connections for ``seconds``."""
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.perf_counter() + seconds
    headers = {"Cookie": cookie} if cookie else {}

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok = False
            if ok:
                mine.append(time.perf_counter() - start)
            else:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors[0]


def manage_shell(url, code, **env):
    """Run ``code`` in ``manage.py shell`` on the database ``url``; return the fields of the last line
    it printed that starts with RESULT."""
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        check=True,
        text=True,
        capture_output=True,
        env=dict(os.environ, DATABASE_URL=url, **env),
    ).stdout
    return [line for line in out.splitlines() if line.startswith("RESULT")][-1].split()[1:]


@contextmanager
def gunicorn_on(url, workers=2, **env):
    """Serve the portal on ``url`` with gunicorn (``DEBUG`` off: cached templates, as in production);
    yield its port once /healthz/ answers."""
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, ALLOWED_HOSTS="127.0.0.1", DEBUG="false", **env)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "congress.wsgi",
            "--bind",
            "127.0.0.1:%d" % port,
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz/")
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=20)


def measure(url, port, scenarios, seconds=8.0, clients=4):
    """Drive each (name, path, username or None) scenario after a one-second warm-up; return rows of
    (name, path, req/s, p50 ms, p95 ms, errors). The first scenario should be the trivial view."""
    cookies, rows = {}, []
    for name, path, user in scenarios:
        if user and user not in cookies:
            cookies[user] = session_cookie(url, user)
        cookie = cookies.get(user)
        drive(port, path, cookie, 1.0, clients)
        lat, errors = drive(port, path, cookie, seconds, clients)
        if not lat:
            raise SystemExit("%s: no successful request (%d errors)" % (path, errors))
        lat.sort()
        rows.append(
            (
                name,
                path,
                len(lat) / seconds,
                statistics.median(lat) * 1000,
                lat[int(len(lat) * 0.95) - 1] * 1000,
                errors,
            )
        )
    return rows


def print_rows(rows):
    """Print the rows of ``measure`` with each throughput as a share of the first row's (the ceiling)."""
    ceiling = rows[0][2]
    print("%-42s %-34s %9s %9s %9s %8s %6s" % ("scenario", "path", "req/s", "p50 ms", "p95 ms", "ratio", "errors"))
    for name, path, rps, p50, p95, errors in rows:
        print(
            "%-42s %-34s %9.1f %9.1f %9.1f %8.3f %6d" % (name, path, rps, p50, p95, rps / ceiling, errors), flush=True
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    url = base + "/" + os.environ.get("BENCH_DB", "portal_bench")
    print("preparing bench database (demo data + %d organizations)…" % SCALE_ORGS, flush=True)
    sizes = prepare_database(url)
    sizes["audit_deep"] = audit_cursor(url, sizes["audit"] // 2)
    with gunicorn_on(url, args.workers) as port:
        rows = measure(
            url,
            port,
            [(name.format(**sizes), path.format(**sizes), user) for name, path, user in SCENARIOS],
            args.seconds,
            args.clients,
        )
    print(
        "\n%d gunicorn workers, %d clients, %.0f s per scenario, on %d cores"
        % (args.workers, args.clients, args.seconds, os.cpu_count())
    )
    print_rows(rows)


if __name__ == "__main__":
    main()
