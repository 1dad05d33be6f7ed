#!/usr/bin/env python
"""Soak test: mixed traffic for 30 minutes (``--minutes``) against the multi-host shape on one machine.

The shape, as deploy/README.md lays it out: nginx on loopback in front of two gunicorn processes
(``--web-workers`` sync workers each), two Celery workers and one Celery beat, one PostgreSQL
database (``portal_soak`` on the project-local cluster, rebuilt with the demo data) and one Redis of
its own (``maxmemory-policy noeviction``), with a loopback SMTP server counting every email.

Traffic, every request through nginx:

* anonymous readers cycling through the public pages (home, annual report and its data.json,
  deputies' directory, liaison stations, published proposals);
* a deputy writing a proposal draft and submitting it (each submission notifies staff by email);
* the handling unit replying to its assigned proposals with a signed PDF letter (notifies the deputy);
* staff reading their work pages (my work, proposal list, audit trail);
* a vote of 300 deputies through the meetings engine every 10 minutes (at least one): each voter
  loads the phone voting page and casts a ballot, 30 at a time.

Sampled every 5 s: the resident memory (RSS) of every gunicorn and Celery worker process and the
number of PostgreSQL connections to the soak database (pg_stat_activity). The report gives errors
(any status other than the expected one, any connection failure), requests per second, p50/p95 per
kind, each worker's RSS growth from the end of the warm-up (the first tenth of the run, at most
3 minutes) to the end, the peak of database connections against their bound (web workers + Celery
processes + beat + this script), and the checks that nothing was lost or doubled: every submitted
proposal numbered once, every reply stored, every ballot counted once, every email sent exactly once.
Exit status 1 if there was an error, a worker grew by 10% or more, or a check failed.

Usage (with DATABASE_URL as bin/bench exports it): bin/bench soak [--minutes 30] [--web-workers 2]
"""

import argparse
import http.client
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import free_port, prepare_database  # noqa: E402

VOTERS, VOTE_CONCURRENCY = 300, 30
PUBLIC = ["/", "/report/2023/", "/report/2023/data.json", "/deputies/", "/deputies/stations/", "/proposals/published/"]
STAFF = ["/me/", "/proposals/manage/", "/audit/"]
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

NGINX_CONF = """
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {run}/body; proxy_temp_path {run}/proxy; fastcgi_temp_path {run}/fastcgi;
  uwsgi_temp_path {run}/uwsgi; scgi_temp_path {run}/scgi;
  client_max_body_size 20m;
  upstream portal_web {{ server 127.0.0.1:{web1}; server 127.0.0.1:{web2}; keepalive 16; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://portal_web;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_read_timeout 120s;
      add_header X-Upstream $upstream_addr always;
    }}
  }}
}}
"""

BUILD = r"""
import json
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.db import connection
from congress.models import Organization, Session, User
from deputies.selectors import mandate_for
from meetings import services as meetings
from meetings.models import AgendaItem, Meeting
from proposals import services as proposals

admin = User.objects.get(username="admin")
deputy_group = Group.objects.get(name="deputy")
voters = User.objects.bulk_create([User(username="soak%04d" % i, full_name="浸泡代表%04d" % i) for i in range(VOTERS)])
User.groups.through.objects.bulk_create([User.groups.through(user_id=u.pk, group_id=deputy_group.pk) for u in voters])
meeting = Meeting.objects.create(type="standing", title="浸泡测试：常委会会议", date="2030-01-10")
polls = []
for n in range(POLLS):
    item = AgendaItem.objects.create(meeting=meeting, kind="decision", title="表决事项%d" % (n + 1))
    poll = meetings.poll_create(agenda_item=item, question="表决：决定草案%d" % (n + 1), rule="deputies", base=VOTERS,
                                electorate=voters, actor=admin)
    meetings.poll_open(poll_id=poll.pk, actor=admin)
    polls.append({"id": poll.pk, "option": poll.options.get().pk})
keys = []
for u in voters:
    s = SessionStore()
    s[SESSION_KEY], s[BACKEND_SESSION_KEY] = str(u.pk), "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = u.get_session_auth_hash()
    s.create()
    keys.append(s.session_key)

deputy = User.objects.get(username="deputy")
unit_user = User.objects.get(username="unit")
mandate = mandate_for(deputy)
session = Session.objects.filter(term=mandate.term).order_by("-start_date").first()
unit = Organization.objects.get(name="区住房和城乡建设局")
assignments = []
for i in range(REPLIES):
    p = proposals.proposal_create(lead=mandate, session=session, kind="suggestion", title="浸泡测试待答复建议%04d" % i,
                                  category="城乡建设", content="请尽快改善老旧小区的排水设施。", actor=deputy)
    proposals.proposal_submit(proposal_id=p.pk, actor=deputy)
    proposals.proposal_register(proposal_id=p.pk, actor=admin)
    a = proposals.proposal_assign(proposal_id=p.pk, lead=unit, actor=admin)[0]
    assignments.append({"proposal": p.pk, "assignment": a.pk})
with connection.cursor() as cur:
    cur.execute("analyze")
print(json.dumps({"polls": polls, "keys": keys, "assignments": assignments, "session": session.pk,
                  "unit": unit.pk}))
"""


# --- measuring -----------------------------------------------------------------------------------


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = {}
        self.errors = []
        self.counts = {}

    def ok(self, kind, seconds):
        with self.lock:
            self.latency.setdefault(kind, []).append(seconds)

    def error(self, kind, what):
        with self.lock:
            self.errors.append((time.strftime("%H:%M:%S"), kind, what))

    def bump(self, name, n=1):
        with self.lock:
            self.counts[name] = self.counts.get(name, 0) + n


class Client:
    """One keep-alive connection to nginx with its own cookies."""

    def __init__(self, port, stats, cookies=None):
        self.port, self.stats, self.cookies = port, stats, dict(cookies or {})
        self.conn = None

    def request(self, kind, method, path, body=None, headers=None, expect=(200,)):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        start = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            self.conn = None
            self.stats.error(kind, "%s %s: %r" % (method, path, exc))
            return None, b""
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value in ('""', ""):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        if response.status not in expect:
            self.stats.error(kind, "%s %s: HTTP %d" % (method, path, response.status))
            return response, data
        self.stats.ok(kind, time.perf_counter() - start)
        return response, data

    def csrf(self, kind, path):
        response, body = self.request(kind, "GET", path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body or b"")
        return match.group(1).decode() if match else None

    def post(self, kind, path, fields, token, files=None, expect=(302,)):
        headers = {"Referer": "http://127.0.0.1:%d%s" % (self.port, path), "X-CSRFToken": token}
        fields = dict(fields, csrfmiddlewaretoken=token)
        if files:
            boundary = uuid.uuid4().hex
            out = io.BytesIO()
            for name, value in fields.items():
                out.write(
                    (
                        '--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary, name, value)
                    ).encode()
                )
            for name, (filename, payload, mime) in files.items():
                out.write(
                    (
                        '--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n'
                        "Content-Type: %s\r\n\r\n" % (boundary, name, filename, mime)
                    ).encode()
                )
                out.write(payload + b"\r\n")
            out.write(("--%s--\r\n" % boundary).encode())
            headers["Content-Type"] = "multipart/form-data; boundary=%s" % boundary
            body = out.getvalue()
        else:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode(fields)
        return self.request(kind, "POST", path, body=body, headers=headers, expect=expect)

    def login(self, username, password):
        token = self.csrf("login", "/accounts/login/")
        response, _ = self.post(
            "login", "/accounts/login/?next=/me/", {"username": username, "password": password}, token
        )
        if response is None or not response.headers.get("Location", "").endswith("/me/"):
            raise SystemExit("could not log in as %s through nginx" % username)


def rss_kb(pid):
    try:
        for line in Path("/proc/%d/status" % pid).read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def children(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except (FileNotFoundError, ProcessLookupError):
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


# --- the run -------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn sync workers in each of the two hosts")
    parser.add_argument("--readers", type=int, default=3, help="anonymous readers of public pages")
    args = parser.parse_args()

    from aiosmtpd.controller import Controller

    seconds = args.minutes * 60
    polls = max(1, int(args.minutes // 10))
    replies = max(40, int(seconds / 3) + 20)
    password = os.environ.get("DEMO_PASSWORD") or "hanbin-demo-2023"
    work = Path(tempfile.mkdtemp(prefix="portal-soak-"))
    os.chmod(work, 0o755)
    procs = []

    # Redis of its own, as production has it (noeviction), so no other process takes the soak's tasks.
    redis_port = free_port()
    procs.append(
        (
            "redis",
            subprocess.Popen(
                [
                    shutil.which("redis-server") or "/usr/bin/redis-server",
                    "--port",
                    str(redis_port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--maxmemory-policy",
                    "noeviction",
                    "--dir",
                    str(work),
                ],
                stdout=subprocess.DEVNULL,
            ),
        )
    )
    redis_url = "redis://127.0.0.1:%d/0" % redis_port

    class Inbox:
        def __init__(self):
            self.ids, self.lock = [], threading.Lock()

        async def handle_DATA(self, server, session, envelope):
            from email import message_from_bytes, policy

            message = message_from_bytes(envelope.content, policy=policy.default)
            with self.lock:
                self.ids.append(message["Message-ID"])
            return "250 OK"

    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()

    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/portal_soak"
    db_name = url.rsplit("/", 1)[1]
    env = dict(
        os.environ,
        DATABASE_URL=url,
        REDIS_URL=redis_url,
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="false",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp.port),
        MEDIA_ROOT=str(work / "media"),
        DEMO_PASSWORD=password,
        OTP_REQUIRED_ROLES="",
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    os.environ["REDIS_URL"] = redis_url  # prepare_database's commands write sessions to this Redis
    os.environ["DEMO_PASSWORD"] = password
    os.environ["MEDIA_ROOT"] = env["MEDIA_ROOT"]
    stats = Stats()
    try:
        t0 = time.perf_counter()
        print(
            "building %s: demo data, %d voters with sessions, %d poll(s), %d assigned proposals…"
            % (db_name, VOTERS, polls, replies),
            flush=True,
        )
        prepare_database(url, extra_orgs=0)
        code = "VOTERS, POLLS, REPLIES = %d, %d, %d\n" % (VOTERS, polls, replies) + BUILD
        out = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            check=True,
            text=True,
            capture_output=True,
            env=env,
        ).stdout
        built = json.loads(out.strip().splitlines()[-1])
        print("built in %.0f s" % (time.perf_counter() - t0), flush=True)

        web = [free_port(), free_port()]
        port = free_port()
        masters = {}
        for i, p in enumerate(web, 1):
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "congress.wsgi",
                    "--bind",
                    "127.0.0.1:%d" % p,
                    "--workers",
                    str(args.web_workers),
                    "--timeout",
                    "120",
                    "--no-control-socket",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
            )
            procs.append(("web%d" % i, proc))
            masters["web%d" % i] = proc.pid
        logs = {}
        for name in ("worker1", "worker2"):
            logs[name] = open(work / ("%s.log" % name), "w")
            proc = subprocess.Popen(
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
                    "%s@soak" % name,
                    "--without-gossip",
                    "--without-mingle",
                    "--loglevel=WARNING",
                ],
                cwd=ROOT,
                env=env,
                stdout=logs[name],
                stderr=subprocess.STDOUT,
            )
            procs.append((name, proc))
            masters[name] = proc.pid
        procs.append(
            (
                "beat",
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "celery",
                        "-A",
                        "congress",
                        "beat",
                        "--loglevel=WARNING",
                        "--schedule",
                        str(work / "beat-schedule"),
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                ),
            )
        )
        run = work / "nginx"
        run.mkdir()
        (run / "nginx.conf").write_text(NGINX_CONF.format(run=run, web1=web[0], web2=web[1], port=port))
        nginx = "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "nginx"
        procs.append(
            (
                "nginx",
                subprocess.Popen(
                    [nginx, "-c", str(run / "nginx.conf"), "-g", "daemon off;"], stderr=subprocess.DEVNULL
                ),
            )
        )
        for p in web + [port]:
            for _ in range(300):
                try:
                    c = http.client.HTTPConnection("127.0.0.1", p, timeout=2)
                    c.request("GET", "/healthz/")
                    if c.getresponse().status == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.2)
            else:
                raise SystemExit("nothing answers on port %d" % p)

        deputy, unit, staff = Client(port, stats), Client(port, stats), Client(port, stats)
        deputy.login("deputy", password)
        unit.login("unit", password)
        staff.login("staff", password)

        import psycopg2

        pg = psycopg2.connect(url)
        pg.autocommit = True
        sample = {"connections": [], "rss": {}, "upstreams": set()}
        stop = threading.Event()
        start = time.time()
        warmup = min(180.0, seconds / 10)

        def workers():
            """{label: pid} of every worker process (gunicorn's and Celery's children)."""
            found = {}
            for name, master in masters.items():
                for _n, pid in enumerate(sorted(children(master)), 1):
                    found["%s/%d" % (name, pid)] = pid
            return found

        def sampler():
            while not stop.is_set():
                with pg.cursor() as cur:
                    cur.execute(
                        "select count(*) from pg_stat_activity where datname = %s and pid <> pg_backend_pid()",
                        [db_name],
                    )
                    sample["connections"].append(cur.fetchone()[0])
                now = time.time() - start
                for label, pid in workers().items():
                    kb = rss_kb(pid)
                    if kb is None:
                        continue
                    entry = sample["rss"].setdefault(label, {"first": kb, "base": None, "last": kb})
                    if entry["base"] is None and now >= warmup:
                        entry["base"] = kb
                    entry["last"] = kb
                stop.wait(5)

        def public(n):
            c = Client(port, stats)
            i = n
            while not stop.is_set():
                response, _ = c.request("public page", "GET", PUBLIC[i % len(PUBLIC)])
                if response is not None and response.headers.get("X-Upstream"):
                    sample["upstreams"].add(response.headers["X-Upstream"])
                i += 1
                stop.wait(0.3)

        def submitter():
            n = 0
            while not stop.is_set():
                token = deputy.csrf("deputy: new proposal form", "/proposals/new/")
                if token:
                    n += 1
                    response, _ = deputy.post(
                        "deputy: save draft",
                        "/proposals/new/",
                        {
                            "kind": "suggestion",
                            "title": "浸泡测试建议%05d" % n,
                            "category": "城乡建设",
                            "content": "关于增设社区养老服务站点的建议。" * 5,
                        },
                        token,
                    )
                    location = response.headers.get("Location", "") if response is not None else ""
                    match = re.search(r"/proposals/(\d+)/", location)
                    if match:
                        pk = match.group(1)
                        token = deputy.csrf("deputy: proposal page", "/proposals/%s/" % pk)
                        response, _ = deputy.post("deputy: submit", "/proposals/%s/submit/" % pk, {}, token)
                        if response is not None and response.status == 302:
                            stats.bump("submitted")
                    elif response is not None:
                        stats.error("deputy: save draft", "no redirect to the draft (%d)" % response.status)
                stop.wait(2)

        def replier():
            queue = list(built["assignments"])
            while not stop.is_set() and queue:
                item = queue.pop(0)
                token = unit.csrf("unit: proposal page", "/proposals/%d/" % item["proposal"])
                unit.request("unit: dashboard", "GET", "/proposals/unit/")
                if token:
                    response, _ = unit.post(
                        "unit: reply with letter",
                        "/proposals/assignments/%d/reply/" % item["assignment"],
                        {"cls": "A", "text": "已纳入年度计划，年底前完成改造。"},
                        token,
                        files={"letter": ("答复函.pdf", PDF, "application/pdf")},
                    )
                    if response is not None and response.status == 302:
                        stats.bump("replied")
                stop.wait(3)
            if not queue:
                stats.error("unit: reply with letter", "ran out of prepared assignments")

        def staff_reader():
            i = 0
            while not stop.is_set():
                staff.request("staff page", "GET", STAFF[i % len(STAFF)])
                i += 1
                stop.wait(1)

        def vote(poll):
            pending = list(built["keys"])
            lock = threading.Lock()

            def voter():
                while True:
                    with lock:
                        if not pending:
                            return
                        key = pending.pop()
                    c = Client(port, stats, {"sessionid": key})
                    path = "/meetings/polls/%d/" % poll["id"]
                    token = c.csrf("voter: voting page", path)
                    if token:
                        response, _ = c.post(
                            "voter: ballot",
                            path,
                            {"o%d" % poll["option"]: "YNA"[len(pending) % 3], "confirm": "1"},
                            token,
                            expect=(200, 302),
                        )
                        if response is not None:
                            stats.bump("ballots posted")
                    c.conn and c.conn.close()

            t = time.perf_counter()
            threads = [threading.Thread(target=voter) for _ in range(VOTE_CONCURRENCY)]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            stats.bump("vote seconds x1000", int((time.perf_counter() - t) * 1000))

        def voting():
            for n, poll in enumerate(built["polls"]):
                at = start + seconds * (n + 0.5) / len(built["polls"])
                if stop.wait(max(0, at - time.time())):
                    return
                print(
                    "  %s vote %d of %d: %d voters…" % (time.strftime("%H:%M:%S"), n + 1, len(built["polls"]), VOTERS),
                    flush=True,
                )
                vote(poll)

        threads = [threading.Thread(target=sampler)]
        threads += [threading.Thread(target=public, args=(n,)) for n in range(args.readers)]
        threads += [threading.Thread(target=f) for f in (submitter, replier, staff_reader, voting)]
        print(
            "soak: %.0f min through nginx on 127.0.0.1:%d (2 gunicorn × %d workers, 2 Celery workers, beat)"
            % (args.minutes, port, args.web_workers),
            flush=True,
        )
        for th in threads:
            th.start()
        while time.time() - start < seconds:
            time.sleep(min(60, seconds - (time.time() - start)))
            done = sum(len(v) for v in stats.latency.values())
            print(
                "  %s %4.0f s: %d requests, %d errors, max %d db connections"
                % (
                    time.strftime("%H:%M:%S"),
                    time.time() - start,
                    done,
                    len(stats.errors),
                    max(sample["connections"] or [0]),
                ),
                flush=True,
            )
        stop.set()
        for th in threads:
            th.join()
        elapsed = time.time() - start
        # final RSS of the workers, before anything is stopped
        for label, pid in workers().items():
            if label in sample["rss"]:
                sample["rss"][label]["last"] = rss_kb(pid) or sample["rss"][label]["last"]

        # Let the workers send what is still queued, then count.
        with pg.cursor() as cur:
            deadline = time.time() + 120
            while time.time() < deadline:
                cur.execute("select count(*) from congress_outboundemail where sent_at is null")
                if cur.fetchone()[0] == 0:
                    break
                time.sleep(2)
            cur.execute("select count(*), count(sent_at) from congress_outboundemail")
            emails, sent = cur.fetchone()
            cur.execute(
                "select count(*), count(distinct number) from proposals_proposal where session_id = %s "
                "and title like '浸泡测试建议%%' and number is not null",
                [built["session"]],
            )
            numbered, distinct_numbers = cur.fetchone()
            cur.execute(
                "select count(*) from proposals_assignment where unit_id = %s and replied_on is not null "
                "and proposal_id = any(%s)",
                [built["unit"], [a["proposal"] for a in built["assignments"]]],
            )
            replied = cur.fetchone()[0]
            votes = []
            for poll in built["polls"]:
                cur.execute(
                    "select (select count(*) from meetings_voterecord where poll_id = %s),"
                    " (select count(*) from meetings_ballot where poll_id = %s)",
                    [poll["id"], poll["id"]],
                )
                votes.append(cur.fetchone())
        pg.close()
        time.sleep(2)
    finally:
        for _name, proc in reversed(procs):
            proc.terminate()
        for _name, proc in reversed(procs):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        smtp.stop()

    # --- the report ---
    total = sum(len(v) for v in stats.latency.values())
    print(
        "\nsoak of %.1f min, %d cores: %d requests through nginx, %.1f req/s, %d errors; both upstreams served: %s"
        % (elapsed / 60, os.cpu_count(), total, total / elapsed, len(stats.errors), len(sample["upstreams"]) == 2)
    )
    print("%-28s %8s %8s %9s %9s" % ("kind", "requests", "req/s", "p50 ms", "p95 ms"))
    for kind, lat in sorted(stats.latency.items()):
        lat.sort()
        print(
            "%-28s %8d %8.2f %9.1f %9.1f"
            % (
                kind,
                len(lat),
                len(lat) / elapsed,
                statistics.median(lat) * 1000,
                lat[max(0, int(len(lat) * 0.95) - 1)] * 1000,
            )
        )
    for when, kind, what in stats.errors[:20]:
        print("  error %s %s: %s" % (when, kind, what))
    print("\nworker memory (RSS, MB): after warm-up (%.0f s) → end" % warmup)
    worst = 0.0
    for label, entry in sorted(sample["rss"].items()):
        base = entry["base"] or entry["first"]
        growth = (entry["last"] - base) / base * 100
        worst = max(worst, growth)
        print(
            "  %-22s start %6.1f  warm %6.1f  end %6.1f  growth %+5.1f%%"
            % (label, entry["first"] / 1024, base / 1024, entry["last"] / 1024, growth)
        )
    bound = 2 * args.web_workers + 2 * 2 + 1 + 1
    peak = max(sample["connections"] or [0])
    print(
        "PostgreSQL connections to %s: max %d, mean %.1f (bound: %d web workers + 2 Celery workers × "
        "(main + child) + beat + this script = %d)"
        % (db_name, peak, statistics.mean(sample["connections"] or [0]), 2 * args.web_workers, bound)
    )
    print(
        "deputies submitted %d proposals: %d numbered, %d distinct numbers"
        % (stats.counts.get("submitted", 0), numbered, distinct_numbers)
    )
    print("unit replies posted %d, stored %d" % (stats.counts.get("replied", 0), replied))
    for poll, (records, ballots) in zip(built["polls"], votes):
        print("vote %d: %d vote records, %d ballots (expected %d each)" % (poll["id"], records, ballots, VOTERS))
    print(
        "emails: %d written, %d marked sent, %d received by SMTP, %d distinct Message-IDs"
        % (emails, sent, len(inbox.ids), len(set(inbox.ids)))
    )

    failures = []
    if stats.errors:
        failures.append("%d errors" % len(stats.errors))
    if worst >= 10:
        failures.append("a worker grew by %.1f%%" % worst)
    if peak > bound:
        failures.append("database connections exceeded their bound")
    if len(sample["upstreams"]) != 2:
        failures.append("nginx did not use both gunicorn hosts")
    if numbered != distinct_numbers or numbered != stats.counts.get("submitted", 0):
        failures.append("submissions lost or numbered twice")
    if replied != stats.counts.get("replied", 0):
        failures.append("replies lost")
    if any(r != VOTERS or b != VOTERS for r, b in votes):
        failures.append("ballots lost or doubled")
    if not (emails == sent == len(inbox.ids) == len(set(inbox.ids))):
        failures.append("emails lost or sent twice")
    print("\nresult: %s" % ("; ".join(failures) if failures else "OK"))
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
