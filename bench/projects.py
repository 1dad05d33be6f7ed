#!/usr/bin/env python
"""Livelihood projects under load: 300 deputies voting a 25-project slate over HTTP (the slate put to
the vote by the projects services, the ballots cast through the meetings engine's voting page, as in
bench/meetings.py whose burst code this reuses), and the public projects page of a year with 20
district + 2,000 town projects and 50,000 progress reports (built by generate_series).

Measured in one run: the trivial view (/healthz/) at the same concurrency as each page; req/s, p95
and their ratio; queries per page; then the 300 ballots at once against 300 /healthz/ at once, the
vote closed and decided from the engine's count. Usage: bin/bench projects [--seconds N] [--clients N]
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.meetings import burst, csrf_for, p95  # noqa: E402  (the e-voting scenario's code)

VOTERS, CANDIDATES, PLACES, DISTRICT, TOWN, REPORTS, YEAR = 300, 25, 20, 20, 2000, 50000, 2030

BUILD = r"""
import datetime as dt, json
from decimal import Decimal
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.db import connection
from congress.models import Congress, Organization, Session, Term, User
from meetings import services as engine
from projects import services
from projects.models import Project, Slate

admin = User.objects.get(username="admin")
deputy = Group.objects.get(name="deputy")
users = User.objects.bulk_create([User(username="pv%04d" % i, full_name="压测代表%04d" % i) for i in range(VOTERS)])
User.groups.through.objects.bulk_create([User.groups.through(user_id=u.pk, group_id=deputy.pk) for u in users])
district = Congress.objects.get(level="district", name="安康市汉滨区人民代表大会")
term = Term.objects.get(congress=district, number=19)
session = Session.objects.create(term=term, number=9, start_date=dt.date(YEAR + 1, 1, 6), end_date=dt.date(YEAR + 1, 1, 9))
unit = Organization.objects.filter(kind="department", congress=district).first()
slate = Slate.objects.create(session=session, year=YEAR + 1, places=PLACES, electorate=VOTERS)
Project.objects.bulk_create([Project(slate=slate, title="压测候选项目%02d" % i, implementing_unit=unit, total_wan=Decimal("3175.50"),
                                     year_plan_wan=Decimal(3000), content="压测") for i in range(CANDIDATES)])
services.slate_open_vote(slate_id=slate.pk, actor=admin, electorate=users)
slate.refresh_from_db()
engine.poll_open(poll_id=slate.poll_id, actor=admin)
options = list(slate.poll.options.values_list("pk", flat=True))

# the public page's year: 20 district projects and 2,000 over the towns, 50,000 progress reports
towns = list(Session.objects.filter(term__congress__level="town", number=2).values_list("pk", flat=True))
with connection.cursor() as cur:
    cur.execute("insert into projects_slate (session_id, year, places, electorate, status, decided_on, decision_note, vote_kind)"
                " select s, %s, 1000, 40, 'decided', %s, '', 'slate' from unnest(%s::int[]) s returning id",
                [YEAR, dt.date(YEAR, 1, 10), [Session.objects.get(term=term, number=2).pk] + towns])
    slates = [r[0] for r in cur.fetchall()]
    cur.execute("insert into projects_project (slate_id, title, implementing_unit_id, total_wan, year_plan_wan, content,"
                " status, votes_for, votes_against, votes_abstain, rank)"
                " select %s, '区级压测项目' || i, %s, 3175.50, 3000, '压测', 'in_progress', 290 - i, 5, 3, i"
                " from generate_series(1, %s) i", [slates[0], unit.pk, DISTRICT])
    cur.execute("insert into projects_project (slate_id, title, implementing_unit_id, total_wan, year_plan_wan, content,"
                " status, votes_for, votes_against, votes_abstain, rank)"
                " select (%s::int[])[1 + i %% %s], '镇级压测项目' || i, %s, 909, 800, '压测',"
                " (array['in_progress','completed','mostly','unfinished'])[1 + i %% 4], 35, 2, 1, 1 + i / %s"
                " from generate_series(1, %s) i", [slates[1:], len(slates) - 1, unit.pk, len(slates) - 1, TOWN])
    cur.execute("insert into projects_progressreport (project_id, date, completed_wan, note, photo, photo_type)"
                " select p.id, %s::date + (i %% 360), (i %% 2800) + 0.25, '压测进度', '', ''"
                " from (select id, row_number() over (order by id) n from projects_project p"
                "       where slate_id = any(%s)) p, generate_series(1, %s) i"
                " where i %% %s = p.n - 1",
                [dt.date(YEAR, 1, 15), slates, REPORTS, DISTRICT + TOWN])
    cur.execute("select count(*) from projects_progressreport p join projects_project j on j.id = p.project_id"
                " join projects_slate s on s.id = j.slate_id where s.year = %s", [YEAR])
    reports = cur.fetchone()[0]
keys = []
for u in users:
    s = SessionStore()
    s[SESSION_KEY], s[BACKEND_SESSION_KEY] = str(u.pk), "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = u.get_session_auth_hash()
    s.create()
    keys.append(s.session_key)
with connection.cursor() as cur:
    cur.execute("analyze")
print(json.dumps({"slate": slate.pk, "poll": slate.poll_id, "options": options, "keys": keys, "reports": reports,
                  "projects": Project.objects.filter(slate__year=YEAR).count()}))
"""

QUERIES = r"""
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
c = Client(HTTP_HOST="127.0.0.1")
for path in PATHS:
    c.get(path)
    with CaptureQueriesContext(connection) as ctx:
        status = c.get(path).status_code
    print(path, status, len(ctx.captured_queries))
"""

DECIDE = r"""
from congress.models import User
from meetings import services as engine
from meetings.models import Ballot, VoteRecord
from projects import services
from projects.models import Slate
admin = User.objects.get(username="admin")
slate = Slate.objects.get(pk=SLATE)
engine.poll_close(poll_id=slate.poll_id, actor=admin)
try:
    adopted = len(services.slate_decide(slate_id=slate.pk, actor=admin))
except services.ProjectError as exc:
    adopted = str(exc)
print(VoteRecord.objects.filter(poll_id=slate.poll_id).count(), Ballot.objects.filter(poll_id=slate.poll_id).count(), adopted)
"""


def shell(url, code):
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        check=True,
        text=True,
        capture_output=True,
        env=dict(os.environ, DATABASE_URL=url, ALLOWED_HOSTS="127.0.0.1"),
    ).stdout


def main():
    from bench.run import drive, free_port, prepare_database

    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/portal_bench_projects"
    print(
        "building: demo data, %d voters with sessions, a %d-candidate slate put to the vote, %d district + %d town "
        "projects with %d progress reports…" % (VOTERS, CANDIDATES, DISTRICT, TOWN, REPORTS),
        flush=True,
    )
    t0 = time.perf_counter()
    prepare_database(url, extra_orgs=0)
    consts = "VOTERS, CANDIDATES, PLACES, DISTRICT, TOWN, REPORTS, YEAR = %d, %d, %d, %d, %d, %d, %d\n" % (
        VOTERS,
        CANDIDATES,
        PLACES,
        DISTRICT,
        TOWN,
        REPORTS,
        YEAR,
    )
    built = json.loads(shell(url, consts + BUILD).strip().splitlines()[-1])
    print(
        "built in %.0f s: %d projects and %d progress reports in %d"
        % (time.perf_counter() - t0, built["projects"], built["reports"], YEAR),
        flush=True,
    )
    public = "/projects/?year=%d" % YEAR
    queries = [
        line
        for line in shell(url, "PATHS = %r\n" % ["/healthz/", public] + QUERIES).splitlines()
        if line.startswith("/")
    ]

    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, ALLOWED_HOSTS="127.0.0.1", DEBUG="false")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "congress.wsgi:application",
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
    poll = built["poll"]
    cookies = ["sessionid=%s" % k for k in built["keys"]]
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz/")
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(1)
        rows = []
        for name, path, cookie in [
            ("trivial view (ceiling)", "/healthz/", None),
            ("public projects page (%d projects, %d reports)" % (built["projects"], built["reports"]), public, None),
            ("deputy's voting page, 25-candidate slate", "/meetings/polls/%d/" % poll, cookies[0]),
            ("deputy's projects page", "/projects/deputy/", cookies[0]),
        ]:
            drive(port, path, cookie, 1.0, args.clients)
            lat, errors = drive(port, path, cookie, args.seconds, args.clients)
            if not lat:
                raise SystemExit("%s: no successful request (%d errors)" % (path, errors))
            lat.sort()
            rows.append((name, len(lat) / args.seconds, statistics.median(lat) * 1000, p95(lat), errors))
        trivial_s, trivial_lat, _ = burst(port, [("GET", "/healthz/", {}, None)] * VOTERS)
        choices = {"o%d" % o: "NA"[i % 2] if i >= PLACES else "Y" for i, o in enumerate(built["options"])}
        posts = []
        for cookie in cookies:
            token, cookie_token = csrf_for(port, "/meetings/polls/%d/" % poll, cookie)
            headers = {
                "Cookie": "%s; csrftoken=%s" % (cookie, cookie_token),
                "X-CSRFToken": token,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": "http://127.0.0.1:%d/" % port,
            }
            posts.append(
                (
                    "POST",
                    "/meetings/polls/%d/" % poll,
                    headers,
                    urlencode(dict(choices, confirm="1", csrfmiddlewaretoken=token)),
                )
            )
        ballots_s, ballot_lat, statuses = burst(port, posts)
    finally:
        server.terminate()
        server.wait(timeout=20)
    records, ballots, adopted = shell(url, "SLATE = %d\n" % built["slate"] + DECIDE).split()[-3:]

    ceiling = rows[0][1]
    print(
        "\n%d gunicorn workers, %d clients, %.0f s per page, on %d cores"
        % (args.workers, args.clients, args.seconds, os.cpu_count())
    )
    print("%-52s %9s %9s %9s %8s %6s" % ("page", "req/s", "p50 ms", "p95 ms", "ratio", "errors"))
    for name, rps, p50, p95_ms, errors in rows:
        print("%-52s %9.1f %9.1f %9.1f %8.3f %6d" % (name, rps, p50, p95_ms, rps / ceiling, errors))
    print("queries per page (second request): %s" % "; ".join(queries))
    trivial_rate, ballot_rate = VOTERS / trivial_s, VOTERS / ballots_s
    print(
        "\n%d requests at the same moment: /healthz/ %.1f/s (p95 %.1f ms); ballots %.1f/s (p95 %.1f ms), ratio %.3f"
        % (VOTERS, trivial_rate, p95(trivial_lat), ballot_rate, p95(ballot_lat), ballot_rate / trivial_rate)
    )
    print("statuses: %s" % {s: statuses.count(s) for s in sorted(set(statuses))})
    print(
        "recorded: %s vote records, %s ballots; decided from the engine's count: %s projects adopted"
        % (records, ballots, adopted)
    )
    if not (int(records) == int(ballots) == VOTERS and adopted == str(PLACES)):
        raise SystemExit("ballots lost or counted twice, or the decision is wrong")


if __name__ == "__main__":
    main()
