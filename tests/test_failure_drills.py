"""Failure drills with real servers: Redis stopped while people use the portal, a Celery worker killed
mid-batch, PostgreSQL restarted under a running web server."""

import contextlib
import shutil
import subprocess
import time

import pytest
from django.core.cache import caches
from django.urls import reverse

from conftest import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def throwaway_redis(tmp_path, settings):
    """A redis-server of this test's own, used as the cache; stop() kills it mid-test."""
    port = free_port()
    proc = subprocess.Popen(
        [
            shutil.which("redis-server") or "/usr/bin/redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.3)
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:%d/0" % port},
    }
    proc.stop = lambda: (proc.terminate(), proc.wait(10))
    yield proc
    if proc.poll() is None:
        proc.terminate()
        proc.wait(10)


def test_pages_sessions_and_submissions_keep_working_without_redis(client, client_as, role_users, throwaway_redis):
    from deputies.models import PublicOpinion
    from deputies.tests.factories import LiaisonStationFactory

    station = LiaisonStationFactory()
    deputy = client_as("deputy")
    assert deputy.get(reverse("congress:home")).status_code == 200
    caches["default"].set("probe", 1)
    assert caches["default"].get("probe") == 1  # the cache really was Redis

    throwaway_redis.stop()
    assert caches["default"].get("probe") is None  # a miss, not an error
    assert client.get(reverse("reports:home")).status_code == 200
    assert deputy.get(reverse("congress:home")).status_code == 200  # the session is read from PostgreSQL
    response = client.post(reverse("deputies:station", args=[station.pk]), {"content": "停电期间也能留言吗"})
    assert response.status_code == 302
    assert PublicOpinion.objects.filter(station=station).count() == 1
    assert client.get(reverse("reports:report", args=[2023])).status_code in (200, 404)


def test_report_figures_are_computed_when_the_cache_is_away(client, role_users, throwaway_redis):
    from reports.models import ReportYear

    ReportYear.objects.create(year=2023, published=True)
    throwaway_redis.stop()
    data = client.get(reverse("reports:report_data", args=[2023])).json()
    assert data["figures"] and all("value" in f for f in data["figures"])


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_loses_no_mail(role_users, smtp_server, tmp_path):
    """kill -9 a worker while it sends a batch; a second worker finishes it. Every message arrives;
    at most the one message the killed worker had handed to the mail server but not yet marked sent
    can arrive twice, and its twin has the same Message-ID."""
    import os
    import signal
    import sys

    from congress.backup import database_url
    from congress.celery import app
    from congress.models import OutboundEmail, User
    from congress.services import notify
    from congress.tasks import send_email

    _host, port, inbox = smtp_server
    inbox.messages.clear()
    app.control.purge()
    users = list(User.objects.filter(username__in=["deputy", "unit", "member", "leader"]))
    for _ in range(15):  # 60 mails, each committed (transactional test) and queued on commit
        notify(recipients=users, template="congress/email/welcome")
    env = dict(os.environ, DATABASE_URL=database_url(), EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(port))
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def worker(name):
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "congress",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--hostname",
                "%s@drill" % name,
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            env=env,
            stdout=open(tmp_path / ("%s.log" % name), "w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    first = worker("first")
    deadline = time.time() + 60
    while len(inbox.messages) < 10 and time.time() < deadline:
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)  # the whole worker, mid-batch
    first.wait(10)
    assert 0 < len(inbox.messages) < 60, (
        "the kill should land mid-batch: %s" % (tmp_path / "first.log").read_text()[-3000:]
    )
    second = worker("second")
    try:
        # The second worker drains the queue. The task the dead worker held comes back only after the
        # broker's visibility timeout (an hour on Redis); the periodic outbox flush re-queues what is still
        # unsent, which is what this loop does once the queue has gone quiet.
        deadline, last = time.time() + 120, -1
        while OutboundEmail.objects.filter(sent_at__isnull=True).exists() and time.time() < deadline:
            time.sleep(3)
            if len(inbox.messages) == last:
                for pk in OutboundEmail.objects.filter(sent_at__isnull=True).values_list("pk", flat=True):
                    send_email.delay(pk)
            last = len(inbox.messages)
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(30)
    ids = [m["Message-ID"] for m in inbox.messages]
    assert OutboundEmail.objects.filter(sent_at__isnull=True).count() == 0
    assert len(set(ids)) == 60  # nothing lost
    assert len(ids) - len(set(ids)) <= 1  # at most the one in flight twice, same Message-ID


# --- PostgreSQL restarted under a running web server ------------------------------------------


@contextlib.contextmanager
def throwaway_cluster(listen=("127.0.0.1",), trust_network=None):
    """A PostgreSQL cluster of its own (initdb in a temporary folder, a free port, on ``listen``),
    holding a copy of the test database made with the backup commands (so commit what it should hold
    first). Yields {"url", "port", "start", "stop"}; the shared development cluster is never touched."""
    import os
    import tempfile
    from pathlib import Path

    from congress.backup import _pg_tool, backup_create, backup_restore

    folder = Path(tempfile.mkdtemp(prefix="portal-drill-pg-", dir="/var/tmp"))
    os.chmod(folder, 0o755)
    as_owner = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(folder, "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    data = folder / "data"
    subprocess.run(
        as_owner
        + [_pg_tool("initdb"), "-D", str(data), "-U", "portal", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
        check=True,
        capture_output=True,
    )
    if trust_network:
        subprocess.run(
            as_owner + ["sh", "-c", "echo 'host all all %s trust' >> %s" % (trust_network, data / "pg_hba.conf")],
            check=True,
        )

    def pg_ctl(*args):
        return subprocess.run(
            as_owner + [_pg_tool("pg_ctl"), "-D", str(data), "-w", "-s", *args],
            capture_output=True,
            text=True,
            timeout=60,
        )

    options = "-p %d -k %s -c listen_addresses=%s -c fsync=off" % (port, folder, ",".join(listen))
    start = lambda: pg_ctl("-l", str(folder / "server.log"), "-o", options, "start")  # noqa: E731
    stop = lambda: pg_ctl("-m", "fast", "stop")  # noqa: E731
    assert start().returncode == 0, (folder / "server.log").read_text()
    try:
        subprocess.run([_pg_tool("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "portal", "drill"], check=True)
        url = "postgresql://portal@127.0.0.1:%d/drill" % port
        backup = backup_create(dest_root=folder / "backup", media_root=folder / "no-media")
        backup_restore(folder=backup, url=url, media_root=folder / "media")
        yield {"url": url, "port": port, "start": start, "stop": stop}
    finally:
        stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def throwaway_postgres(transactional_db):
    """A cluster of this test's own with the demo accounts and a liaison station; stopped mid-test."""
    from congress import demo
    from deputies.tests.factories import LiaisonStationFactory

    demo.seed_core()
    demo.seed_accounts()
    station = LiaisonStationFactory()
    with throwaway_cluster() as cluster:
        yield dict(cluster, station=station.pk)


def test_postgres_restart_fails_cleanly_with_503_and_recovers(throwaway_postgres, tmp_path):
    """Stop PostgreSQL under a running gunicorn: pages that need the database answer 503 with the
    portal's own page (no traceback), the trivial view keeps answering, a message posted meanwhile is
    refused rather than half-written; start it again and the same server, the same session and the
    same form work, without restarting anything."""
    import http.cookiejar
    import os
    import re
    import sys
    import urllib.error
    import urllib.parse
    import urllib.request
    from pathlib import Path

    import psycopg2

    from congress import demo

    url = throwaway_postgres["url"]
    port = free_port()
    env = dict(
        os.environ, DATABASE_URL=url, ALLOWED_HOSTS="127.0.0.1", DEBUG="false", CACHE_KEY_PREFIX="drill-%d" % port
    )  # the message form's rate limit starts from zero
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log = tmp_path / "gunicorn.log"
    root = Path(__file__).resolve().parent.parent
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "congress.wsgi",
            "--bind",
            "127.0.0.1:%d" % port,
            "--workers",
            "1",
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=root,
        env=env,
        stdout=open(log, "w"),
        stderr=subprocess.STDOUT,
    )
    base = "http://127.0.0.1:%d" % port
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(path, data=None):
        try:
            response = browser.open(base + path, data, timeout=30)
            return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def token(path):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', get(path)[1]).group(1)

    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token("/accounts/login/"), "username": "deputy", "password": demo.demo_password()}
        ).encode()
        assert get("/accounts/login/", form)[0] == 200
        status, body = get("/me/")
        assert status == 200 and "陈秀兰" in body
        station = "/deputies/stations/%d/" % throwaway_postgres["station"]
        message = token(station)

        assert throwaway_postgres["stop"]().returncode == 0
        for path in ("/", "/me/", "/deputies/"):
            status, body = get(path)
            assert status == 503, (path, status, body[:300])
            assert "系统暂时无法使用" in body and "Traceback" not in body
        assert urllib.request.urlopen(base + "/healthz/", timeout=5).status == 200  # the process itself is alive
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": message, "content": "数据库重启时的留言"}).encode()
        assert get(station, data)[0] == 503

        assert throwaway_postgres["start"]().returncode == 0
        status, body = get("/me/")  # the same server, the same session
        assert status == 200 and "陈秀兰" in body
        assert get("/")[0] == 200
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token(station), "content": "恢复后的留言"}).encode()
        assert get(station, data)[0] == 200
        with psycopg2.connect(url) as conn, conn.cursor() as cur:
            cur.execute(
                "select content from deputies_publicopinion where station_id = %s", [throwaway_postgres["station"]]
            )
            assert [r[0] for r in cur.fetchall()] == ["恢复后的留言"]  # nothing half-written during the outage
    finally:
        server.terminate()
        server.wait(20)
