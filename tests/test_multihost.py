"""The deployment shape on one machine: nginx on loopback in front of two gunicorn processes, two
Celery workers, one PostgreSQL and one Redis. Both backends serve, a session made on one is valid on
the other, and every email and every deadline reminder is sent exactly once although two workers race
for the tasks."""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import free_port
from congress import demo

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parent.parent

NGINX_CONF = """
worker_processes 1;
user root;
pid {run}/nginx.pid;
error_log {run}/error.log;
events {{ worker_connections 128; }}
http {{
  access_log {run}/access.log;
  client_body_temp_path {run}/body; proxy_temp_path {run}/proxy; fastcgi_temp_path {run}/fastcgi;
  uwsgi_temp_path {run}/uwsgi; scgi_temp_path {run}/scgi;
  upstream portal_web {{ server 127.0.0.1:{web1}; server 127.0.0.1:{web2}; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://portal_web;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      add_header X-Upstream $upstream_addr always;
    }}
  }}
}}
"""


def wait_for(port, timeout=30, host="127.0.0.1"):
    """Wait until an HTTP server answers on ``host:port`` (any HTTP status counts as up)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen("http://%s:%d/healthz/" % (host, port), timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("nothing answers on %s:%d" % (host, port))


@pytest.fixture
def cluster(transactional_db, smtp_server, tmp_path, settings):
    from congress.backup import database_url

    demo.seed_core()
    demo.seed_accounts()
    env = dict(
        os.environ,
        DATABASE_URL=database_url(),
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="false",
        EMAIL_HOST=smtp_server[0],
        EMAIL_PORT=str(smtp_server[1]),
        PROXY_COUNT="1",
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    web = [free_port(), free_port()]
    port = free_port()
    procs, logs = [], {}
    for p in web:
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "congress.wsgi",
                    "--bind",
                    "127.0.0.1:%d" % p,
                    "--workers",
                    "1",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
            )
        )
    for name in ("w1", "w2"):
        logs[name] = tmp_path / ("%s.log" % name)
        out = open(logs[name], "w")
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "congress",
                    "worker",
                    "--pool=solo",
                    "--hostname",
                    "%s@multihost" % name,
                    "--without-gossip",
                    "--without-mingle",
                    "--loglevel",
                    "INFO",
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        )
    run = tmp_path / "nginx"
    run.mkdir()
    (run / "nginx.conf").write_text(NGINX_CONF.format(run=run, web1=web[0], web2=web[1], port=port))
    nginx = "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "nginx"
    procs.append(subprocess.Popen([nginx, "-c", str(run / "nginx.conf"), "-g", "daemon off;"]))
    try:
        for p in web + [port]:
            wait_for(p)
        yield {"port": port, "logs": logs}
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_two_backends_share_sessions_and_two_workers_send_each_mail_and_reminder_once(cluster, smtp_server):
    from congress.models import OutboundEmail, User
    from congress.services import notify
    from congress.tasks import outbox_flush, send_email

    base = "http://127.0.0.1:%d" % cluster["port"]
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = browser.open(base + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "staff", "password": demo.demo_password()}
    ).encode()
    assert browser.open(base + "/accounts/login/?next=/me/", data).url.endswith("/me/")

    upstreams = []
    for _ in range(20):
        response = browser.open(base + "/me/")
        assert response.url.endswith("/me/") and "王晓燕" in response.read().decode()  # still signed in
        upstreams.append(response.headers["X-Upstream"])
    assert len(set(upstreams)) == 2, upstreams  # both gunicorn backends served the same session

    _host, _port, inbox = smtp_server
    inbox.messages.clear()
    users = [User.objects.get(username=u) for u in ("deputy", "unit", "member", "leader")]
    for _ in range(10):
        notify(recipients=users, template="congress/email/welcome")  # each queues its send on commit
    ids = list(OutboundEmail.objects.values_list("pk", flat=True))
    assert len(ids) == 40
    for pk in ids:  # every task delivered a second time, and the flush from both workers at once
        send_email.delay(pk)
    outbox_flush.delay(), outbox_flush.delay()
    messages = inbox.wait_for(40, timeout=60)
    time.sleep(2)
    assert len(inbox.messages) == 40
    assert len({m["Message-ID"] for m in messages}) == 40
    assert OutboundEmail.objects.filter(sent_at__isnull=False).count() == 40
    worked = {name: log.read_text().count("succeeded") for name, log in cluster["logs"].items()}
    assert all(n > 0 for n in worked.values()), worked  # both workers took tasks

    # Deadline reminders: the daily sweep queued four times (beat misconfigured twice over, a manual
    # run...) is taken by both workers at once; every reminder is logged once and mailed once.
    import datetime as dt

    from django.utils import timezone

    from congress.models import ReminderLog
    from congress.tasks import reminders_sweep
    from proposals.models import Assignment
    from proposals.tests.factories import assigned_proposal

    people = {u.username: u for u in User.objects.all()}
    for n in range(8):
        assigned_proposal(people, title="关于第%d个停车场的建议" % (n + 1))
    open_assignments = Assignment.objects.filter(replied_on__isnull=True)
    open_assignments.update(deadline=timezone.localdate() + dt.timedelta(days=10))  # due for "15 days before"
    from congress.tests.factories import as_working_day

    as_working_day(timezone.localdate())  # reminders go out on working days only
    deadline = time.time() + 60
    while OutboundEmail.objects.filter(sent_at__isnull=True).exists() and time.time() < deadline:
        time.sleep(0.5)  # the assignment notices go out first
    mark = OutboundEmail.objects.order_by("-pk").values_list("pk", flat=True).first()
    inbox.messages.clear()
    results = [reminders_sweep.delay() for _ in range(4)]
    sent = [r.get(timeout=120) for r in results]
    assert sum(sent) == open_assignments.count() == ReminderLog.objects.count() == 16, sent
    reminders = OutboundEmail.objects.filter(pk__gt=mark)
    expected = reminders.count()
    assert expected > 0
    messages = inbox.wait_for(expected, timeout=60)
    time.sleep(2)
    assert len(inbox.messages) == expected and len({m["Message-ID"] for m in messages}) == expected
    assert reminders.filter(sent_at__isnull=True).count() == 0
    worked = {name: log.read_text().count("reminders_sweep") for name, log in cluster["logs"].items()}
    assert all(n > 0 for n in worked.values()), worked  # both workers ran a sweep


def visitor(source):
    """A browser whose connections come from the loopback address `source` (127.0.0.2, 127.0.0.3...):
    nginx sees a different client for each, as it would two people on the internet."""
    import functools
    import http.client

    class FromSource(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(functools.partial(http.client.HTTPConnection, source_address=(source, 0)), req)

    return urllib.request.build_opener(FromSource, urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def post_form(browser, url, fields, headers=None):
    page = browser.open(urllib.request.Request(url, headers=headers or {})).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(dict(fields, csrfmiddlewaretoken=token)).encode()
    try:
        response = browser.open(urllib.request.Request(url, data, headers=headers or {}))
        return response.status, response.url, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, url, exc.read().decode()


def test_two_visitors_behind_nginx_get_their_own_lockout_and_allowance(cluster):
    """Behind nginx (PROXY_COUNT=1) each visitor is throttled by their own address: five wrong
    passwords lock the account for the attacker only, a spoofed X-Forwarded-For buys nothing, and the
    public form's hourly allowance is per visitor. The recorded session holds the visitor's address."""

    from axes.models import AccessAttempt

    from congress.models import User, UserSession
    from deputies.models import PublicOpinion
    from deputies.tests.factories import LiaisonStationFactory

    base = "http://127.0.0.1:%d" % cluster["port"]
    login = base + "/accounts/login/?next=/me/"
    attacker, colleague = visitor("127.0.0.2"), visitor("127.0.0.3")
    for n in range(6):
        spoof = {"X-Forwarded-For": "10.66.0.%d" % n}  # a new "address" every try
        status, _url, _page = post_form(attacker, login, {"username": "staff", "password": "wrong-%d" % n}, spoof)
        assert status in (200, 429)
    status, _url, page = post_form(attacker, login, {"username": "staff", "password": demo.demo_password()})
    assert status == 429 and "登录失败次数过多" in page  # the right password no longer helps the attacker
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.2"}
    for _ in range(2):  # the colleague behind the same nginx signs in, twice
        status, url, _page = post_form(colleague, login, {"username": "staff", "password": demo.demo_password()})
        assert status == 200 and url.endswith("/me/")
    staff = User.objects.get(username="staff")
    assert set(UserSession.objects.filter(user=staff).values_list("ip", flat=True)) == {"127.0.0.3"}

    station = LiaisonStationFactory()
    url = base + "/deputies/stations/%d/" % station.pk
    for n in range(6):
        post_form(attacker, url, {"content": "第%d条留言内容" % n}, {"X-Forwarded-For": "10.77.0.%d" % n})
    assert PublicOpinion.objects.filter(station=station).count() == 5
    status, _url, page = post_form(attacker, url, {"content": "再来一条留言内容"})
    assert "太多" in page and PublicOpinion.objects.filter(station=station).count() == 5
    for n in range(2):
        status, _url, page = post_form(colleague, url, {"content": "另一位群众的第%d条留言" % n})
        assert status == 200 and "太多" not in page
    assert PublicOpinion.objects.filter(station=station).count() == 7


# --- the same shape with each host in a network namespace of its own --------------------------------


def _sh(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True)


@pytest.fixture
def hosts():
    """Four "hosts" (web1, web2, worker1, worker2), each a network namespace joined to this one by a
    veth pair: host i is 10.231.N.2 and reaches the services at 10.231.N.1 (this namespace, standing
    for the database/Redis/SMTP host). Removed afterwards."""
    import random
    import shutil as sh

    if os.geteuid() != 0 or not sh.which("ip"):
        pytest.skip("network namespaces need root and iproute2")
    tag = "%04x" % random.randrange(1 << 16)
    base = 4 * random.randrange(60)
    made = []
    try:
        for i, name in enumerate(("web1", "web2", "worker1", "worker2"), 1):
            ns, outer, inner = "portal-%s-%s" % (tag, name), "pv%s%d" % (tag, i), "pn%s%d" % (tag, i)
            net = "10.231.%d" % (base + i)
            _sh("ip", "netns", "add", ns)
            made.append((ns, outer))
            _sh("ip", "link", "add", outer, "type", "veth", "peer", "name", inner)
            _sh("ip", "link", "set", inner, "netns", ns)
            _sh("ip", "addr", "add", net + ".1/24", "dev", outer)
            _sh("ip", "link", "set", outer, "up")
            for cmd in (
                ["ip", "addr", "add", net + ".2/24", "dev", inner],
                ["ip", "link", "set", inner, "up"],
                ["ip", "link", "set", "lo", "up"],
                ["ip", "route", "add", "default", "via", net + ".1"],
            ):
                _sh("ip", "netns", "exec", ns, *cmd)
        yield {
            name: {"ns": ns, "address": "10.231.%d.2" % (base + i), "gateway": "10.231.%d.1" % (base + i)}
            for i, (name, ns) in enumerate(zip(("web1", "web2", "worker1", "worker2"), [m[0] for m in made]), 1)
        }
    finally:
        for ns, outer in made:
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)
            subprocess.run(["ip", "link", "del", outer], capture_output=True)


def test_hosts_in_their_own_network_namespaces(transactional_db, hosts, tmp_path):
    """Two web hosts and two worker hosts that share nothing but the network: each can reach only the
    service addresses (not this machine's loopback, where the development database listens). nginx
    balances over both web hosts, one session works on both, a deputy's submission is mailed once,
    and the reminder sweep sent four times is run by both worker hosts and sends each reminder once."""
    import datetime as dt

    import psycopg2
    from aiosmtpd.controller import Controller
    from celery import Celery
    from django.utils import timezone

    from congress.models import User
    from proposals.models import Assignment
    from proposals.tests.factories import assigned_proposal
    from tests.test_failure_drills import throwaway_cluster

    demo.seed_core()
    demo.seed_accounts()
    people = {u.username: u for u in User.objects.all()}
    for n in range(3):
        assigned_proposal(people, title="关于第%d条道路的建议" % (n + 1))
    Assignment.objects.filter(replied_on__isnull=True).update(deadline=timezone.localdate() + dt.timedelta(days=10))
    from congress.tests.factories import as_working_day

    as_working_day(timezone.localdate())  # reminders go out on working days only
    due = Assignment.objects.filter(replied_on__isnull=True).count()
    services = hosts["web1"]["gateway"]  # the services "host": this namespace's end of web1's link

    class Inbox:
        ids = []

        async def handle_DATA(self, server, session, envelope):
            from email import message_from_bytes, policy

            self.ids.append(message_from_bytes(envelope.content, policy=policy.default)["Message-ID"])
            return "250 OK"

    inbox = Inbox()
    smtp = Controller(inbox, hostname=services, port=free_port())
    smtp.start()
    procs = []
    with throwaway_cluster(listen=("127.0.0.1", services), trust_network="10.231.0.0/16") as db:
        with psycopg2.connect(db["url"]) as conn, conn.cursor() as cur:  # the copy's mail went out already
            cur.execute("update congress_outboundemail set sent_at = now() where sent_at is null")
            cur.execute("select coalesce(max(id), 0) from congress_outboundemail")
            mark = cur.fetchone()[0]
        try:
            redis_port = free_port()
            procs.append(
                subprocess.Popen(
                    [
                        "redis-server",
                        "--port",
                        str(redis_port),
                        "--bind",
                        "127.0.0.1 " + services,
                        "--protected-mode",
                        "no",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--maxmemory-policy",
                        "noeviction",
                        "--dir",
                        str(tmp_path),
                    ],
                    stdout=subprocess.DEVNULL,
                )
            )
            redis_url = "redis://%s:%d/0" % (services, redis_port)
            env = dict(
                os.environ,
                DATABASE_URL="postgres://portal@%s:%d/drill" % (services, db["port"]),
                REDIS_URL=redis_url,
                EMAIL_HOST=services,
                EMAIL_PORT=str(smtp.port),
                ALLOWED_HOSTS="127.0.0.1",
                DEBUG="false",
                CACHE_KEY_PREFIX="netns",
            )
            env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            logs = {}
            for name in ("web1", "web2"):
                procs.append(
                    subprocess.Popen(
                        [
                            "ip",
                            "netns",
                            "exec",
                            hosts[name]["ns"],
                            sys.executable,
                            "-m",
                            "gunicorn",
                            "congress.wsgi",
                            "--bind",
                            "%s:8000" % hosts[name]["address"],
                            "--workers",
                            "1",
                            "--no-control-socket",
                            "--log-level",
                            "warning",
                        ],
                        cwd=ROOT,
                        env=env,
                    )
                )
            for name in ("worker1", "worker2"):
                logs[name] = tmp_path / ("%s.log" % name)
                procs.append(
                    subprocess.Popen(
                        [
                            "ip",
                            "netns",
                            "exec",
                            hosts[name]["ns"],
                            sys.executable,
                            "-m",
                            "celery",
                            "-A",
                            "congress",
                            "worker",
                            "--pool=solo",
                            "--hostname",
                            "%s@netns" % name,
                            "--without-gossip",
                            "--without-mingle",
                            "--loglevel",
                            "INFO",
                        ],
                        cwd=ROOT,
                        env=env,
                        stdout=open(logs[name], "w"),
                        stderr=subprocess.STDOUT,
                    )
                )
            # both web hosts up before nginx starts, or it would mark a slow one failed and send
            # every request to the other for its fail_timeout
            for web in ("web1", "web2"):
                wait_for(8000, timeout=90, host=hosts[web]["address"])
            port = free_port()
            run = tmp_path / "nginx"
            run.mkdir()
            conf = NGINX_CONF.replace(
                "server 127.0.0.1:{web1}; server 127.0.0.1:{web2};", "server {web1}; server {web2};"
            )
            (run / "nginx.conf").write_text(
                conf.format(
                    run=run, port=port, web1=hosts["web1"]["address"] + ":8000", web2=hosts["web2"]["address"] + ":8000"
                )
            )
            procs.append(
                subprocess.Popen(
                    [
                        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "nginx",
                        "-c",
                        str(run / "nginx.conf"),
                        "-g",
                        "daemon off;",
                    ]
                )
            )
            wait_for(port, timeout=60)

            # a web host sees the services' address but not this machine's loopback
            probe = (
                "import socket, sys\ntry:\n socket.create_connection((sys.argv[1], int(sys.argv[2])), 2)\n"
                " print('open')\nexcept OSError:\n print('closed')"
            )
            seen = {
                addr: subprocess.run(
                    ["ip", "netns", "exec", hosts["web1"]["ns"], sys.executable, "-c", probe, addr, str(db["port"])],
                    capture_output=True,
                    text=True,
                ).stdout.strip()
                for addr in ("127.0.0.1", services)
            }
            assert seen == {"127.0.0.1": "closed", services: "open"}, seen

            base = "http://127.0.0.1:%d" % port
            browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

            def token(path):
                page = browser.open(base + path).read().decode()
                return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

            data = {
                "csrfmiddlewaretoken": token("/accounts/login/"),
                "username": "deputy",
                "password": demo.demo_password(),
            }
            assert browser.open(
                base + "/accounts/login/?next=/me/", urllib.parse.urlencode(data).encode()
            ).url.endswith("/me/")
            upstreams = set()
            for _ in range(12):
                response = browser.open(base + "/proposals/")
                assert response.url.endswith("/proposals/")  # still signed in, whichever host answered
                upstreams.add(response.headers["X-Upstream"])
            assert upstreams == {hosts["web1"]["address"] + ":8000", hosts["web2"]["address"] + ":8000"}
            data = {
                "csrfmiddlewaretoken": token("/proposals/new/"),
                "kind": "suggestion",
                "title": "关于增设公交站的建议",
                "category": "交通",
                "content": "建议在学校门口增设公交站。",
            }
            draft = browser.open(base + "/proposals/new/", urllib.parse.urlencode(data).encode()).url
            pk = re.search(r"/proposals/(\d+)/$", draft).group(1)
            data = {"csrfmiddlewaretoken": token("/proposals/%s/" % pk)}
            browser.open(base + "/proposals/%s/submit/" % pk, urllib.parse.urlencode(data).encode())

            # a client of the hosts' broker; not the current app, which later tests' tasks must keep using
            app = Celery(broker=redis_url, backend=redis_url, set_as_current=False)
            results = [app.send_task("congress.tasks.reminders_sweep") for _ in range(4)]
            assert sum(r.get(timeout=120) for r in results) == due
            app.close()

            with psycopg2.connect(db["url"]) as conn, conn.cursor() as cur:
                cur.execute("select status from proposals_proposal where id = %s", [pk])
                assert cur.fetchone()[0] == "submitted"
                cur.execute("select count(*) from congress_reminderlog")
                assert cur.fetchone()[0] == due
                deadline = time.time() + 60
                while True:
                    cur.execute("select count(*), count(sent_at) from congress_outboundemail where id > %s", [mark])
                    emails, sent = cur.fetchone()
                    conn.commit()
                    if emails == sent or time.time() > deadline:
                        break
                    time.sleep(0.5)
            time.sleep(2)
            assert emails == sent == len(inbox.ids) == len(set(inbox.ids)) and emails >= 1
            worked = {name: log.read_text().count("reminders_sweep") for name, log in logs.items()}
            assert all(n > 0 for n in worked.values()), worked  # both worker hosts ran a sweep
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
            smtp.stop()
