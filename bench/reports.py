#!/usr/bin/env python
"""The annual report, cold and warm, at the demo year and at 100 districts' worth of records, in a
database of its own (portal_bench_reports) and a cache key prefix of its own (bench-reports):

(a) the demo year (seed_demo), then (b) the same database with 100 districts' worth of rows added with
generate_series (bench data only, not through the services): 30,000 deputies, 250,000 proposals with
their lead assignments, replies and evaluations, and proportionate receptions, public opinions,
activities, commendations, meetings, livelihood projects with progress reports and supervision visits,
oversight activities and reports, appointments and media articles, spread over 2019–2026 so that a
year's figures read a slice of every table. At each scale:

* cold: the change stamp moved (nothing cached), GET /report/2023/ in-process: time and queries,
  median of five; and the figures alone (reports.figures.compute) per app, to show where time goes;
* warm: /report/2023/, /report/2023/data.json, the home page /, /projects/ and one project's page
  through gunicorn with a few keep-alive anonymous clients (no cookie: each a first visit), and the
  report's conditional GET (If-None-Match with the visitor's CSRF cookie: 304), against /healthz/ in the
  same run (req/s, p95, ratio).

Usage (with DATABASE_URL / REDIS_URL as bin/bench exports them): bin/bench reports [--seconds N]
[--clients N]. BENCH_REUSE=1 measures an already built database again without rebuilding it.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import gunicorn_on, manage_shell, measure, prepare_database  # noqa: E402

PREFIX = "bench-reports"  # the bench's own cache keys: the developer's cached report is never touched
DEPUTIES, PROPOSALS = 30_000, 250_000

# Every bulk row is marked (title/name/content starting with 压测) and dated over 2019–2026.
SCALE_SQL = """
create temporary table yrs as select generate_series(2019, 2026) y;
-- the g-th of n rows is dated in order over 2019–2026, as real records are written day after day
create or replace function pg_temp.day(g bigint, n bigint) returns date language sql immutable as
  $$ select date '2019-01-01' + (g * 2920 / n)::int $$;

-- deputies: 30,000 mandates of the 19th district term, 3,500 of them by-elected at 100 by-elections
insert into deputies_byelection (term_id, date, seats, note)
select (select t.id from congress_term t join congress_congress c on c.id = t.congress_id
        where c.level = 'district' and t.number = 19), pg_temp.day(g, 100), 35, '压测补选'
from generate_series(1, 100) g;
with t as (select t.id, t.congress_id from congress_term t join congress_congress c on c.id = t.congress_id
           where c.level = 'district' and t.number = 19),
     b as (select array_agg(id order by id) ids from deputies_byelection where note = '压测补选')
insert into deputies_deputy (full_name, gender, ethnicity, party, occupation, constituency, congress_id, term_id,
                             status, entry, by_election_id, id_number, phone, home_address)
select '压测代表' || lpad(g::text, 5, '0'), case when g %% 3 = 0 then 'F' else 'M' end, '汉族',
       case when g %% 4 = 0 then 'masses' else 'cpc' end, '压测单位职工', '第' || g || '选区', t.congress_id, t.id,
       case when g %% 50 = 0 then 'resigned' else 'in_office' end,
       case when g <= 3500 then 'by_election' else 'general' end,
       case when g <= 3500 then (select ids[1 + g %% 100] from b) end, '', '', ''
from generate_series(1, %(deputies)s) g, t;
insert into deputies_commendation (kind, year, citation, deputy_id)
select case when g %% 3 = 0 then 'proposal' else 'deputy' end, 2019 + g %% 8, '压测表彰',
       (select min(id) from deputies_deputy where full_name like '压测代表%%') + g %% %(deputies)s
from generate_series(1, 4500) g;

-- deputies' work: 100 stations, 200,000 receptions, 110,000 public opinions, 100,000 activities
insert into deputies_liaisonstation (name, kind, town, community, address, schedule, office_phone, is_active)
select '压测联络站' || g, 'station', '压测镇', '', '压测地址', '', '', true from generate_series(1, 100) g;
insert into deputies_reception (station_id, date, visitors, matters)
select (select min(id) from deputies_liaisonstation where name like '压测联络站%%') + g %% 100, pg_temp.day(g, 200000),
       1 + g %% 30, '压测'
from generate_series(1, 200000) g;
insert into deputies_publicopinion (content, raised_by, contact, place, source, received_on, status, outcome, closed_on)
select '压测意见' || g, '', '', '', 'other', pg_temp.day(g, 110000),
       case when g %% 10 < 7 then 'resolved' else 'new' end, '',
       case when g %% 10 < 7 then pg_temp.day(g, 110000) + 30 end
from generate_series(1, 110000) g;
insert into deputies_activity (kind, title, date, organizer, suggestions_count, suggestions)
select (array['training','research','inspection','group','attendance','dialogue'])[1 + g %% 6], '压测活动' || g,
       pg_temp.day(g, 100000), '', g %% 5, ''
from generate_series(1, 100000) g;
with d as (select min(id) lo from deputies_deputy where full_name like '压测代表%%'),
     a as (select id, row_number() over (order by id) n from deputies_activity where title like '压测活动%%')
insert into deputies_activity_participants (activity_id, deputy_id)
select a.id, d.lo + (a.n * 7 + k) %% %(deputies)s from a, d, generate_series(0, 2) k;

-- proposals: 250,000 submitted 2021–2025 in the 19th term's sessions, 80%% closed with a reply, 90%% of
-- those evaluated; every registered one with its first-round lead assignment
with s as (select array_agg(s.id order by s.id) ids from congress_session s join congress_term t on t.id = s.term_id
           join congress_congress c on c.id = t.congress_id where c.level = 'district' and t.number = 19),
     d as (select min(id) lo from deputies_deputy where full_name like '压测代表%%')
insert into proposals_proposal (session_id, number, kind, title, category_id, content, lead_id, status,
    not_registered_reason, key_supervision, published, submitted_on)
select (select ids[1 + g %% array_length(ids, 1)] from s), 100000 + g, 'suggestion', '压测建议' || g, (select id from proposals_category where name = '城乡建设'),
       '建议内容', d.lo + g %% %(deputies)s, case when g %% 5 = 0 then 'assigned' else 'closed' end, '', g %% 97 = 0,
       g %% 3 = 0, date '2021-01-01' + (g * 1825 / %(proposals)s)::int
from generate_series(1, %(proposals)s) g, d;
with u as (select array_agg(id order by id) ids from congress_organization where is_handling_unit),
     p as (select id, submitted_on, number - 100000 g from proposals_proposal where number > 100000)
insert into proposals_assignment (proposal_id, unit_id, role, assigned_on, deadline, replied_on, round, opinion)
select p.id, (select ids[1 + p.g %% array_length(ids, 1)] from u), 'lead', p.submitted_on + 20,
       p.submitted_on + 110, case when p.g %% 5 <> 0 then p.submitted_on + 60 + (p.g %% 80)::int end, 1, ''
from p;
insert into proposals_reply (assignment_id, cls, text, replied_on)
select a.id, (array['A','B','C','D'])[1 + a.id %% 4], '压测答复', a.replied_on
from proposals_assignment a join proposals_proposal p on p.id = a.proposal_id
where p.number > 100000 and a.replied_on is not null;
insert into proposals_evaluation (proposal_id, round, result, comment, "on")
select p.id, 1, (array['satisfied','satisfied','basic','unsatisfied'])[1 + p.id %% 4], '', p.submitted_on + 150
from proposals_proposal p where p.number > 100000 and p.status = 'closed' and p.id %% 10 <> 0;

-- meetings: 8,000 of the counted types (and standing-committee meetings)
insert into meetings_meeting (type, title, date, place, convener, minutes)
select (array['party','study','themed','exchange','standing','delegation','chairs','forum'])[1 + g %% 8],
       '压测会议' || g, pg_temp.day(g, 8000), '', '', ''
from generate_series(1, 8000) g;
insert into meetings_agendaitem ("order", kind, title, text, meeting_id, object_id, opinions)
select 1, 'decision', '压测决定', '', m.id, '', '' from meetings_meeting m
where m.title like '压测会议%%' and m.type = 'standing';

-- livelihood projects: per year one district slate of 2,000 and town slates of 1,000 (adopted mostly),
-- 4 progress reports per adopted district project, supervision visits with suggestions
insert into congress_session (term_id, number, start_date, end_date, place)
select t.id, 100 + y - 2019, make_date(y, 1, 6), make_date(y, 1, 9), '压测'
from yrs, congress_term t join congress_congress c on c.id = t.congress_id
where c.level in ('district', 'town') and t.number = 19;
insert into projects_slate (year, places, electorate, status, decided_on, decision_note, session_id, vote_kind)
select extract(year from s.start_date), case when c.level = 'district' then 1800 else 200 end,
       case when c.level = 'district' then 300 else 40 end, 'decided', s.start_date, '压测', s.id, 'slate'
from congress_session s join congress_term t on t.id = s.term_id join congress_congress c on c.id = t.congress_id
where s.place = '压测';
insert into projects_project (title, total_wan, year_plan_wan, content, status, implementing_unit_id, slate_id)
select '压测项目' || s.id || '-' || g, 100 + g %% 900, (100 + g %% 900) * 0.8, '',
       case when g %% 10 = 0 then 'not_adopted' when g %% 3 = 0 then 'completed' else 'in_progress' end,
       (select min(id) from congress_organization where is_handling_unit), s.id
from projects_slate s, generate_series(1, 2000) g
where s.decision_note = '压测' and (s.places = 1800 or g <= 220);
insert into projects_progressreport (date, completed_wan, note, project_id, photo, photo_type)
select make_date(s.year, 3 * k, 20), (p.total_wan * k / 4)::numeric(12, 2), '压测', p.id, '', ''
from projects_project p join projects_slate s on s.id = p.slate_id, generate_series(1, 4) k
where s.places = 1800 and p.status <> 'not_adopted';
insert into projects_inspection (date, findings, project_id)
select make_date(s.year, (1 + p.id %% 12)::int, 10), '压测视察', p.id
from projects_project p join projects_slate s on s.id = p.slate_id
where s.places = 1800 and p.status <> 'not_adopted' and p.id %% 2 = 0;
insert into projects_suggestion (text, status, response, inspection_id)
select '压测建议', 'open', '', i.id from projects_inspection i, generate_series(1, 2) k where i.findings = '压测视察';

-- oversight: 20,000 activities, 8,000 reports heard
insert into oversight_oversightactivity (kind, title, law, start_date, end_date, findings, report, report_status,
    report_adopted_on, published)
select (array['inspection','research','enforcement','supervision'])[1 + g %% 4], '压测活动' || g,
       case when g %% 4 = 2 then '某法' else '' end, pg_temp.day(g, 20000), pg_temp.day(g, 20000) + 2, '', '',
       case when g %% 4 = 1 then 'adopted' else 'none' end, case when g %% 4 = 1 then pg_temp.day(g, 20000) + 20 end, true
from generate_series(1, 20000) g;
insert into oversight_specialreport (kind, title, organization_id, meeting, heard_on, opinions, opinions_sent_on,
    response_due, response, responded_on, published)
select (array['special','special','audit','budget'])[1 + g %% 4], '压测报告' || g,
       (select min(id) from congress_organization where is_handling_unit), '常委会会议', pg_temp.day(g, 8000), '审议意见',
       pg_temp.day(g, 8000) + 10, pg_temp.day(g, 8000) + 70, '已整改', pg_temp.day(g, 8000) + 50 + g %% 40, true
from generate_series(1, 8000) g;

-- appointments: 4,500 person-times decided; media articles: 40,000
insert into appointments_nomination (kind, person, post, nominated_by, status, exam_exempt_reason, statement,
    decided_on, organ_id)
select (array['appoint','appoint','remove','resign'])[1 + g %% 4], '压测' || g, '压测职务', 'party', 'adopted', '', '',
       pg_temp.day(g, 4500), (select id from congress_organization where name = '汉滨区人民政府')
from generate_series(1, 4500) g;
insert into reports_article (title, outlet, published_on, link)
select '压测报道' || g, '压测媒体', pg_temp.day(g, 40000), '' from generate_series(1, 40000) g;
analyze;
"""

COLD = r"""
import json, statistics, time
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from reports import figures

def cold():
    try:
        cache.incr(figures.STAMP_KEY)       # what any counted write does: nothing cached is read again
    except ValueError:
        cache.set(figures.STAMP_KEY, 2, timeout=None)

client = Client()
client.get("/healthz/")                      # the connection is opened outside the measurement
pages = []
for _ in range(5):
    cold()
    with CaptureQueriesContext(connection) as q:
        t = time.perf_counter(); response = client.get("/report/2023/"); t = time.perf_counter() - t
    assert response.status_code == 200, response.status_code
    pages.append((t * 1000, len(q), len(response.content)))
with CaptureQueriesContext(connection) as q:
    t = time.perf_counter(); response = client.get("/report/2023/"); t = time.perf_counter() - t
warm = (t * 1000, len(q))
apps = []
for provider in figures.providers():
    with CaptureQueriesContext(connection) as q:
        t = time.perf_counter(); provider(2023); t = time.perf_counter() - t
    apps.append((provider.__module__.split(".")[0], round(t * 1000, 1), len(q)))
values = {f.key: float(f.value) for f in figures.compute(2023)}
print("RESULT " + json.dumps(separators=(",", ":"), obj={"page_ms": statistics.median(p[0] for p in pages), "page_max_ms": max(p[0] for p in pages),
                             "queries": sorted({p[1] for p in pages}), "kb": pages[-1][2] / 1024, "warm": warm, "apps": apps, "values": values}))
"""


def shell(url, code):
    return json.loads(manage_shell(url, code, CACHE_KEY_PREFIX=PREFIX, DEBUG="false", ALLOWED_HOSTS="testserver")[0])


def counts(url):
    import psycopg2

    tables = [
        "deputies_deputy",
        "proposals_proposal",
        "proposals_assignment",
        "deputies_reception",
        "deputies_publicopinion",
        "deputies_activity",
        "meetings_meeting",
        "projects_project",
        "oversight_oversightactivity",
        "appointments_nomination",
        "reports_article",
    ]
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute(" union all ".join("select '%s', count(*) from %s" % (t, t) for t in tables))
        return dict(cur.fetchall())


def conditional(port, path, seconds, clients):
    """A returning visitor's conditional GET: each client takes the page once (its ETag and CSRF
    cookie), then asks again with If-None-Match for ``seconds``; only 304 answers count."""
    import http.client
    import statistics
    import threading

    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path)
        first = conn.getresponse()
        first.read()
        cookie = "; ".join(c.split(";", 1)[0] for c in first.headers.get_all("Set-Cookie") or [])
        headers = {"If-None-Match": first.headers["ETag"], **({"Cookie": cookie} if cookie else {})}
        mine, bad = [], 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status == 304:
                mine.append(time.perf_counter() - start)
            else:
                bad += 1
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if not latencies:
        raise SystemExit("%s: no 304 (%d other answers)" % (path, errors[0]))
    latencies.sort()
    return (
        "report 2023, 304",
        path,
        len(latencies) / seconds,
        statistics.median(latencies) * 1000,
        latencies[int(len(latencies) * 0.95) - 1] * 1000,
        errors[0],
    )


def a_project(url):
    import psycopg2

    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute(
            "select id from projects_project where status in ('in_progress', 'completed', 'mostly', 'unfinished')"
            " order by id limit 1"
        )
        return cur.fetchone()[0]


def serve(url, seconds, clients):
    """Return measure()'s rows for the trivial view and the warm public pages (anonymous visitors),
    and the conditional GET of the report (If-None-Match: 304)."""
    with gunicorn_on(url, CACHE_KEY_PREFIX=PREFIX) as port:
        rows = measure(
            url,
            port,
            [
                ("trivial view", "/healthz/", None),
                ("report 2023, warm", "/report/2023/", None),
                ("data.json 2023, warm", "/report/2023/data.json", None),
                ("home, warm", "/", None),
                ("projects, warm", "/projects/", None),
                ("a project, warm", "/projects/%d/" % a_project(url), None),
            ],
            seconds,
            clients,
        )
        return [*rows, conditional(port, "/report/2023/", seconds, clients)]


def both(label, url, args):
    cold = shell(url, COLD)
    warm = serve(url, args.seconds, args.clients)
    return {"label": label, "cold": cold, "warm": warm, "rows": counts(url)}


def print_warm(r, args):
    """Print one scale's cold figures and its warm rows, each as a share of the trivial view's req/s."""
    print(
        "\nThe annual report /report/2023/: cold = change stamp moved (nothing cached), in-process, median of 5;"
        "\nwarm = gunicorn, 2 workers, %d clients, %.0f s per path, on %d cores"
        % (args.clients, args.seconds, os.cpu_count())
    )
    print(
        "%-14s %9s %10s %8s %8s %8s | %-22s %9s %8s %8s %7s %6s"
        % (
            "scale",
            "deputies",
            "proposals",
            "page KB",
            "cold ms",
            "queries",
            "warm",
            "req/s",
            "p50 ms",
            "p95 ms",
            "ratio",
            "errors",
        )
    )
    ceiling = r["warm"][0][2]
    for i, (name, _path, rps, p50, p95, errors) in enumerate(r["warm"]):
        head = (
            "%-14s %9d %10d %8.0f %8.0f %8s"
            % (
                r["label"],
                r["rows"]["deputies_deputy"],
                r["rows"]["proposals_proposal"],
                r["cold"]["kb"],
                r["cold"]["page_ms"],
                "/".join(map(str, r["cold"]["queries"])),
            )
            if i == 0
            else " " * 62
        )
        print("%s | %-22s %9.1f %8.1f %8.1f %7.3f %6d" % (head, name, rps, p50, p95, rps / ceiling, errors))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    import psycopg2

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    url = base + "/portal_bench_reports"
    t0 = time.time()
    results = []
    if not os.environ.get("BENCH_REUSE"):
        print("preparing portal_bench_reports (migrate + demo data)…", flush=True)
        prepare_database(url, extra_orgs=0)
        results.append(both("demo year", url, args))
        print_warm(results[-1], args)  # at once: the scale rows take long to build
        print("demo year measured; adding 100 districts' worth of rows…", flush=True)
        t1 = time.time()
        with psycopg2.connect(url) as conn, conn.cursor() as cur:
            cur.execute(SCALE_SQL % {"deputies": DEPUTIES, "proposals": PROPOSALS})
        conn.close()
        print("built in %.0f s" % (time.time() - t1), flush=True)
    results.append(both("100 districts", url, args))

    for r in results:
        print_warm(r, args)
    print("\ncold compute per app (figures of 2023 only, ms / queries):")
    for r in results:
        print("  %-14s " % r["label"] + "  ".join("%s %.0f/%d" % tuple(a) for a in r["cold"]["apps"]))
    print(
        "  warm page in-process: "
        + ", ".join("%s %.1f ms, %d queries" % (r["label"], *r["cold"]["warm"]) for r in results)
    )
    big = results[-1]
    print("rows at scale: " + ", ".join("%s %d" % (t.split("_", 1)[1], n) for t, n in big["rows"].items()))
    v = big["cold"]["values"]
    print(
        "2023 at scale: proposals %d (reply rate %.1f%%), deputies in office %d, receptions %d person-times, "
        "district projects %d (%.2f 亿元)"
        % (
            v["proposals.received"],
            v["proposals.reply_rate"],
            v["deputies.in_office"],
            v["deputies.reception_visits"],
            v["projects.district_voted"],
            v["projects.district_total"],
        )
    )
    print("total %.0f s" % (time.time() - t0))


if __name__ == "__main__":
    main()
