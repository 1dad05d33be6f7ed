#!/usr/bin/env python
"""Oversight at scale: 50,000 activities and 20,000 reports heard (earlier years, written with
generate_series) beside the 2023 demo year, 600 of them still waiting for a response (half overdue),
in a database of its own (portal_bench_oversight), then

* the annual-report selector (every oversight count of 2023): time and queries;
* the daily reminder sweep over the review opinions due: time and queries;
* the public year page, the decisions page, the staff pending dashboard (600 rows by organization),
  the staff list and the organization's own page against /healthz/ in the same run (req/s, p95, ratio).

Usage (with DATABASE_URL / REDIS_URL as bin/bench exports them): .venv/bin/python bench/oversight.py
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import gunicorn_on, manage_shell, measure, prepare_database, print_rows  # noqa: E402

ACTIVITIES, REPORTS, PENDING = 50_000, 20_000, 600

BULK_SQL = """
insert into oversight_oversightactivity (kind, title, law, start_date, end_date, findings, report, report_status,
    report_adopted_on, published)
select (array['inspection','research','enforcement','supervision'])[1 + g %% 4], '压测活动' || g,
       case when g %% 4 = 2 then '某法' else '' end, d, d + 2, '发现', '报告',
       case when g %% 4 = 1 then 'adopted' else 'none' end, case when g %% 4 = 1 then d + 20 end, g %% 2 = 0
from (select g, date '2000-01-10' + (g %% 8000) as d from generate_series(1, %(activities)s) g) s;
with u as (select array_agg(id order by id) ids from congress_organization where is_handling_unit),
     demo as (select id from congress_organization where name = '区住房和城乡建设局')
insert into oversight_specialreport (kind, title, organization_id, meeting, heard_on, opinions, opinions_sent_on,
    response_due, response, responded_on, published)
select 'special', '压测报告' || g,
       case when g %% 10 = 0 then (select id from demo) else (select ids[1 + g %% array_length(ids, 1)] from u) end,
       '常委会会议', h, '审议意见', h + 10, h + 70,
       case when g <= %(pending)s then '' else '已整改' end,
       case when g <= %(pending)s then null else h + 60 end, true
from (select g, case when g <= %(pending)s then current_date - 100 + (g %% 60) else date '2000-01-10' + (g %% 8000) end
      as h from generate_series(1, %(reports)s) g) s;
analyze oversight_oversightactivity; analyze oversight_specialreport;
"""

FIGURES = """
import time
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oversight.selectors import year_figures
year_figures(2022)   # the connection is opened outside the measurement
with CaptureQueriesContext(connection) as q:
    t = time.perf_counter(); f = year_figures(2023); t = time.perf_counter() - t
print("RESULT", f["research_reports"], f["reports_heard"], f["decisions_adopted"], len(q), round(t * 1000, 1))
"""

SWEEP = """
import time
from django.db import connection
from django.test.utils import CaptureQueriesContext
from congress import reminders, services
services._queue_email = lambda pk: None   # measured: the sweep's database work; the outbox keeps the mail
with CaptureQueriesContext(connection) as q:
    t = time.perf_counter(); n = reminders.sweep(); t = time.perf_counter() - t
print("RESULT", n, len(q), round(t, 2))
"""


def main():
    import psycopg2

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    url = base + "/portal_bench_oversight"
    t0 = time.time()
    if os.environ.get("BENCH_REUSE"):  # the demo data is there: drop only the bulk rows
        conn = psycopg2.connect(url)
        with conn, conn.cursor() as cur:
            cur.execute(
                "delete from oversight_oversightactivity where title like '压测活动%%'; "
                "delete from congress_reminderlog where content_type_id = (select id from django_content_type "
                "where app_label = 'oversight' and model = 'specialreport') and object_id in "
                "(select id from oversight_specialreport where title like '压测报告%%'); "
                "delete from oversight_specialreport where title like '压测报告%%'"
            )
        conn.close()
    else:
        print("preparing portal_bench_oversight (migrate + demo data)…", flush=True)
        prepare_database(url, extra_orgs=0)
    conn = psycopg2.connect(url)
    with conn, conn.cursor() as cur:
        cur.execute(BULK_SQL % {"activities": ACTIVITIES, "reports": REPORTS, "pending": PENDING})
        cur.execute("select count(*) from oversight_oversightactivity")
        activities = cur.fetchone()[0]
        cur.execute(
            "select count(*), count(*) filter (where responded_on is null and opinions_sent_on is not null) "
            "from oversight_specialreport"
        )
        reports, pending = cur.fetchone()
    conn.close()
    print(
        "built %d activities, %d reports (%d pending) in %.0f s" % (activities, reports, pending, time.time() - t0),
        flush=True,
    )

    research, heard, adopted, queries, ms = manage_shell(url, FIGURES)
    print(
        "annual-report selector 2023: research reports %s, reports heard %s, decisions adopted %s; %s queries, %s ms"
        % (research, heard, adopted, queries, ms),
        flush=True,
    )
    sent, queries, seconds = manage_shell(url, SWEEP)
    print("daily sweep: %s reminders sent, %s queries, %s s" % (sent, queries, seconds), flush=True)

    scenarios = [
        ("trivial view", "/healthz/", None),
        ("public year page", "/oversight/?year=2023", None),
        ("decisions 2023 (public)", "/oversight/decisions/?year=2023", None),
        ("pending by organization", "/oversight/manage/pending/", "staff"),
        ("staff list, 25 of 20k", "/oversight/manage/reports/", "staff"),
        ("organization's own", "/oversight/mine/", "unit"),
    ]
    with gunicorn_on(url) as port:
        print_rows(measure(url, port, scenarios))
    print("total %.0f s" % (time.time() - t0))


if __name__ == "__main__":
    main()
