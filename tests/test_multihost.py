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


def wait_for(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen("http://127.0.0.1:%d/healthz/" % port, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("nothing answers on port %d" % port)


@pytest.fixture
def cluster(transactional_db, smtp_server, tmp_path, settings):
    from congress.backup import database_url

    demo.seed_core()
    demo.seed_accounts()
    env = dict(os.environ, DATABASE_URL=database_url(), ALLOWED_HOSTS="127.0.0.1", DEBUG="false",
               EMAIL_HOST=smtp_server[0], EMAIL_PORT=str(smtp_server[1]))
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    web = [free_port(), free_port()]
    port = free_port()
    procs, logs = [], {}
    for p in web:
        procs.append(subprocess.Popen([sys.executable, "-m", "gunicorn", "congress.wsgi", "--bind", "127.0.0.1:%d" % p,
                                       "--workers", "1", "--log-level", "warning"], cwd=ROOT, env=env))
    for name in ("w1", "w2"):
        logs[name] = tmp_path / ("%s.log" % name)
        out = open(logs[name], "w")
        procs.append(subprocess.Popen([sys.executable, "-m", "celery", "-A", "congress", "worker", "--pool=solo",
                                       "--hostname", "%s@multihost" % name, "--without-gossip", "--without-mingle",
                                       "--loglevel", "INFO"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT))
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
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "staff",
                                   "password": demo.demo_password()}).encode()
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
