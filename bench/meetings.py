#!/usr/bin/env python
"""E-voting under load: a congress-session poll with 300 voters and a 25-candidate slate (secret),
cast over HTTP against gunicorn all at once (60 of them twice), and a 1,000-ballot poll's pages.

Measured in one run: the trivial view (/healthz/) and a bare view that inserts one row under a unique
constraint (the ceiling for a ballot), each hit by 300 simultaneous requests like the ballots are;
ballots per second and p95 as ratios to both; the live results page's latency while voting runs;
then req/s and p95 of the results, projector and voting pages (ratios to /healthz/ at the same
concurrency). Afterwards it closes the slate (its secret choices move from Redis into Ballot in one
shuffled insert) and checks every ballot was recorded once. Usage: bin/bench meetings
[--seconds N] [--clients N] [--workers N]
"""

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VOTERS, CANDIDATES, BIG, TWICE = 300, 25, 1000, 60

# --- the ceiling view: gunicorn serves this module; one path is answered here, the rest by Django ---

_django = None


def application(environ, start_response):
    """WSGI entry for the bench server: /bench/insert/ inserts one row under a unique constraint."""
    global _django
    if _django is None:
        from congress.wsgi import application as django_app

        _django = django_app
    if environ.get("PATH_INFO") == "/bench/insert/":
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("insert into bench_ceiling (k) values (%s)", [uuid.uuid4().hex])
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"ok"]
    return _django(environ, start_response)


BUILD = r"""
import json
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.db import connection
from congress.models import User
from meetings import services
from meetings.models import AgendaItem, Ballot, Meeting, Poll, PollVoter, VoteRecord

with connection.cursor() as cur:
    cur.execute("create table if not exists bench_ceiling (id bigserial primary key, k text not null unique)")
admin = User.objects.get(username="admin")
deputy = Group.objects.get(name="deputy")
users = User.objects.bulk_create([User(username="bv%04d" % i, full_name="压测代表%04d" % i) for i in range(VOTERS)])
User.groups.through.objects.bulk_create([User.groups.through(user_id=u.pk, group_id=deputy.pk) for u in users])
meeting = Meeting.objects.create(type="congress", title="压测：区第十九届人民代表大会第三次会议", date="2030-01-10")
item = AgendaItem.objects.create(meeting=meeting, kind="decision", title="民生实事项目票决")
slate = services.poll_create(agenda_item=item, question="2030年民生实事项目票决", kind="slate", mode="secret",
                             rule="deputies", base=VOTERS, electorate=users,
                             options=["民生实事候选项目%02d" % i for i in range(CANDIDATES)], actor=admin)
services.poll_open(poll_id=slate.pk, actor=admin)
many = User.objects.bulk_create([User(username="bb%05d" % i, full_name="压测票%05d" % i) for i in range(BIG)])
item2 = AgendaItem.objects.create(meeting=meeting, kind="decision", title="决议")
big = services.poll_create(agenda_item=item2, question="表决：决议（1000票）", rule="deputies", base=BIG + 1,
                           electorate=many + [users[0]], actor=admin)
services.poll_open(poll_id=big.pk, actor=admin)
option = big.options.get().pk
VoteRecord.objects.bulk_create([VoteRecord(poll=big, user=u) for u in many])
Ballot.objects.bulk_create([Ballot(poll=big, voter=u, choices={str(option): "YNA"[i % 3]}) for i, u in enumerate(many)])
options = list(slate.options.values_list("pk", flat=True))
keys = []
for u in users:
    s = SessionStore()
    s[SESSION_KEY], s[BACKEND_SESSION_KEY] = str(u.pk), "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = u.get_session_auth_hash()
    s.create()
    keys.append(s.session_key)
with connection.cursor() as cur:
    cur.execute("analyze")
print(json.dumps({"slate": slate.pk, "big": big.pk, "options": options, "keys": keys}))
"""


def build(url):
    from bench.run import prepare_database

    prepare_database(url, extra_orgs=0)
    code = "VOTERS, CANDIDATES, BIG = %d, %d, %d\n" % (VOTERS, CANDIDATES, BIG) + BUILD
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        check=True,
        text=True,
        capture_output=True,
        env=dict(os.environ, DATABASE_URL=url),
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def burst(port, requests):
    """Send ``requests`` [(method, path, headers, body)] all at once, one connection each; return
    (elapsed seconds, latencies, statuses)."""
    barrier = threading.Barrier(len(requests) + 1)
    latencies, statuses, lock = [], [], threading.Lock()

    def one(method, path, headers, body):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        barrier.wait()
        start = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
        with lock:
            latencies.append(time.perf_counter() - start)
            statuses.append(status)
        conn.close()

    threads = [threading.Thread(target=one, args=r) for r in requests]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, sorted(latencies), statuses


def p95(values):
    return values[max(0, int(len(values) * 0.95) - 1)] * 1000


def csrf_for(port, path, cookie):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Cookie": cookie})
    response = conn.getresponse()
    body = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    cookie_token = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "").group(1)
    conn.close()
    return token, cookie_token


def main():
    from bench.run import drive, free_port, session_cookie

    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/portal_bench_meetings"
    print(
        "building: demo data, %d voters with sessions, a %d-candidate secret slate, a %d-ballot poll…"
        % (VOTERS, CANDIDATES, BIG),
        flush=True,
    )
    t0 = time.perf_counter()
    built = build(url)
    print("built in %.0f s" % (time.perf_counter() - t0), flush=True)
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, ALLOWED_HOSTS="127.0.0.1", DEBUG="false")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.meetings:application",
            "--bind",
            "127.0.0.1:%d" % port,
            "--workers",
            str(args.workers),
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    slate, big = built["slate"], built["big"]
    cookies = ["sessionid=%s" % k for k in built["keys"]]
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz/")
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(1)
        staff = session_cookie(url, "staff")
        # -- pages at steady load: req/s and p95 against /healthz/
        pages = [
            ("trivial view (ceiling)", "/healthz/", None),
            ("bare insert under a unique constraint", "/bench/insert/", None),
            ("voting page, 25-candidate slate", "/meetings/polls/%d/" % slate, cookies[0]),
            ("voting page, yes/no (1,000 ballots)", "/meetings/polls/%d/" % big, cookies[0]),
            ("chair's page, 1,000 ballots", "/meetings/polls/%d/" % big, staff),
            ("live results fragment, 1,000 ballots", "/meetings/polls/%d/live/" % big, staff),
            ("projector page, 1,000 ballots", "/meetings/polls/%d/projector/" % big, staff),
        ]
        rows = []
        for name, path, cookie in pages:
            drive(port, path, cookie, 1.0, args.clients)
            lat, errors = drive(port, path, cookie, args.seconds, args.clients)
            if not lat:
                raise SystemExit("%s: no successful request (%d errors)" % (path, errors))
            lat.sort()
            rows.append((name, len(lat) / args.seconds, statistics.median(lat) * 1000, p95(lat), errors))

        # -- 300 at once: the trivial view, the bare insert, then the ballots (60 voters twice)
        trivial_s, trivial_lat, _ = burst(port, [("GET", "/healthz/", {}, None)] * VOTERS)
        insert_s, insert_lat, _ = burst(port, [("GET", "/bench/insert/", {}, None)] * VOTERS)
        choices = {"o%d" % o: "YNA"[i % 3] for i, o in enumerate(built["options"])}
        posts = []
        for _i, cookie in enumerate(cookies):
            token, cookie_token = csrf_for(port, "/meetings/polls/%d/" % slate, cookie)
            headers = {
                "Cookie": "%s; csrftoken=%s" % (cookie, cookie_token),
                "X-CSRFToken": token,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": "http://127.0.0.1:%d/" % port,
            }
            body = urlencode(dict(choices, confirm="1", csrfmiddlewaretoken=token))
            posts.append(("POST", "/meetings/polls/%d/" % slate, headers, body))
        posts += posts[:TWICE]
        live, stop = [], threading.Event()

        def watch():  # the chair's live results while the ballots come in
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            while not stop.is_set():
                start = time.perf_counter()
                conn.request("GET", "/meetings/polls/%d/live/" % slate, headers={"Cookie": staff})
                conn.getresponse().read()
                live.append(time.perf_counter() - start)

        watcher = threading.Thread(target=watch)
        watcher.start()
        ballots_s, ballot_lat, statuses = burst(port, posts)
        stop.set()
        watcher.join()
    finally:
        server.terminate()
        server.wait(timeout=20)

    check = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            (
                "from meetings.models import Ballot, VoteRecord, Poll; from congress.models import User;"
                "from meetings.services import poll_close, poll_result;"
                "poll_close(poll_id=%d, actor=User.objects.get(username='admin'));"  # secret choices: Redis -> Ballot
                "p = Poll.objects.get(pk=%d); r = poll_result(p);"
                "print(VoteRecord.objects.filter(poll=p).count(), Ballot.objects.filter(poll=p).count(),"
                " min(x['for'] + x['against'] + x['abstain'] for x in r['rows']),"
                " max(x['for'] + x['against'] + x['abstain'] for x in r['rows']))"
            )
            % (slate, slate),
        ],
        cwd=ROOT,
        check=True,
        text=True,
        capture_output=True,
        env=dict(os.environ, DATABASE_URL=url),
    ).stdout.split()
    records, ballots, low, high = map(int, check[-4:])

    ceiling = rows[0][1]
    print(
        "\n%d gunicorn workers, %d clients, %.0f s per page, on %d cores"
        % (args.workers, args.clients, args.seconds, os.cpu_count())
    )
    print("%-40s %9s %9s %9s %8s %6s" % ("page", "req/s", "p50 ms", "p95 ms", "ratio", "errors"))
    for name, rps, p50, p95_ms, errors in rows:
        print("%-40s %9.1f %9.1f %9.1f %8.3f %6d" % (name, rps, p50, p95_ms, rps / ceiling, errors))
    print("\n%d requests at the same moment, one connection each:" % VOTERS)
    print("%-40s %9s %9s %14s %14s" % ("burst", "per s", "p95 ms", "ratio trivial", "ratio insert"))
    trivial_rate, insert_rate = VOTERS / trivial_s, VOTERS / insert_s
    ballot_rate = len(posts) / ballots_s
    for name, rate, lat in [
        ("trivial view", trivial_rate, trivial_lat),
        ("bare insert", insert_rate, insert_lat),
        ("ballots (%d voters + %d repeats)" % (VOTERS, TWICE), ballot_rate, ballot_lat),
    ]:
        print("%-40s %9.1f %9.1f %14.3f %14.3f" % (name, rate, p95(lat), rate / trivial_rate, rate / insert_rate))
    print(
        "ballot p95 / trivial p95 = %.2f; ballot p95 / insert p95 = %.2f"
        % (p95(ballot_lat) / p95(trivial_lat), p95(ballot_lat) / p95(insert_lat))
    )
    live.sort()
    if live:
        print(
            "live results during the burst: %d requests, p50 %.1f ms, p95 %.1f ms"
            % (len(live), statistics.median(live) * 1000, p95(live))
        )
    print("statuses: %s" % {s: statuses.count(s) for s in sorted(set(statuses))})
    print(
        "recorded: %d vote records, %d ballots, every candidate counted %d–%d times (expected %d each)"
        % (records, ballots, low, high, VOTERS)
    )
    if not (records == ballots == low == high == VOTERS):
        raise SystemExit("ballots lost or counted twice")


if __name__ == "__main__":
    main()
