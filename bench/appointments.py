#!/usr/bin/env python
"""Appointments at scale: 20,000 nominations decided in earlier years (written with generate_series)
beside the 2023 demo year, 300 still in the pipeline (half after a failed first exam), 20 on the agenda
of an upcoming meeting, and 2,000 performance reviews, 300 of them with the report due within 15 days,
in a database of its own (portal_bench_appointments), then

* the year's selectors (person-times, per organ and kind, posts left unfilled, late reports): time and
  queries;
* the daily reminder sweep over the review reports due: reminders sent, time and queries;
* the public year page, the public meeting page, the staff pipeline (300 open, 50 a page), the staff meeting page,
  the members' next-meeting page and the unit's report list against /healthz/ in the same run (req/s,
  p95, ratio).

Usage (with DATABASE_URL / REDIS_URL as bin/bench exports them): .venv/bin/python bench/appointments.py
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import gunicorn_on, manage_shell, measure, prepare_database, print_rows  # noqa: E402

DECIDED, OPEN, UPCOMING, REVIEWS, DUE = 20_000, 300, 20, 2_000, 300

BULK_SQL = """
with gov as (select id from congress_organization where name = '汉滨区人民政府')
insert into appointments_nomination (kind, person, post, organ_id, nominated_by, status, exam_exempt_reason, statement,
    votes_for, votes_against, votes_abstain, base, decided_on)
select (array['appoint','appoint','remove','resign'])[1 + g %% 4], '压测' || g, '压测职务' || (g %% 500),
       (select id from gov), 'party', case when g %% 4 < 2 then 'sworn' else 'adopted' end, '', '',
       27, 1, 1, 29, date '2000-01-26' + (g %% 8000)
from generate_series(1, %(decided)s) g;
insert into appointments_examsitting (date, place, paper) values (current_date - 10, '会议室', '压测试卷');
with gov as (select id from congress_organization where name = '汉滨区人民政府')
insert into appointments_nomination (kind, person, post, organ_id, nominated_by, status, exam_exempt_reason, statement)
select 'appoint', '待办' || g, '待办职务' || g, (select id from gov), 'government',
       case when g %% 3 = 0 then 'qualified' else 'nominated' end, case when g %% 3 = 0 then '连任' else '' end, '供职报告'
from generate_series(1, %(open)s) g;
insert into appointments_examresult (sitting_id, nomination_id, attempt, score)
select (select max(id) from appointments_examsitting), id, 1, 50
from appointments_nomination where person like '待办%%' and status = 'nominated' and id %% 2 = 0;
insert into meetings_meeting (type, title, date, place, convener, minutes)
values ('standing', '压测常委会会议（即将召开）', current_date + 10, '会议室', '主任会议', ''),
       ('standing', '压测常委会会议（述职评议）', current_date + 30, '会议室', '主任会议', '');
with gov as (select id from congress_organization where name = '汉滨区人民政府'),
     m as (select id from meetings_meeting where title = '压测常委会会议（即将召开）')
insert into appointments_nomination (kind, person, post, organ_id, nominated_by, status, exam_exempt_reason, statement,
    meeting_id)
select 'appoint', '议程' || g, '议程职务' || g, (select id from gov), 'party', 'qualified', '连任',
       repeat('供职报告内容。', 200), (select id from m)
from generate_series(1, %(upcoming)s) g;
with unit as (select id from congress_organization where name = '区住房和城乡建设局'),
     m as (select id from meetings_meeting where title = '压测常委会会议（述职评议）'),
     n as (select id, row_number() over (order by id) r from appointments_nomination where person like '压测%%'
           and kind = 'appoint')
insert into appointments_review (nomination_id, meeting_id, unit_id, report_due, status, report, filed_on)
select n.id, (select id from m), (select id from unit),
       case when n.r <= %(due)s then current_date + 1 + (n.r %% 15)::int else date '2000-01-26' + (n.r %% 8000)::int end,
       case when n.r <= %(due)s then 'due' else 'filed' end, case when n.r <= %(due)s then '' else '述职报告' end,
       case when n.r <= %(due)s then null else date '2000-01-20' + (n.r %% 8000)::int end
from n where n.r <= %(reviews)s;
analyze appointments_nomination; analyze appointments_review; analyze appointments_examresult;
"""

FIGURES = """
import time
from django.db import connection
from django.test.utils import CaptureQueriesContext
from appointments import selectors
selectors.year_figures(2022)   # the connection is opened outside the measurement
with CaptureQueriesContext(connection) as q:
    t = time.perf_counter()
    f = selectors.year_figures(2023); c = selectors.counts(2023)
    u = list(selectors.unfilled(2023)); late = list(selectors.late_reviews(2023))
    t = time.perf_counter() - t
print("RESULT", f["person_times"], c["total"], len(c["organs"]), len(u), len(late), len(q), round(t * 1000, 1))
"""

SWEEP = """
import time
from django.db import connection
from django.test.utils import CaptureQueriesContext
from congress import reminders, services
services._queue_email = lambda pk: None   # measured: the sweep's database work; the outbox keeps the mail
with CaptureQueriesContext(connection) as q:
    t = time.perf_counter(); n = reminders.sweep(); t = time.perf_counter() - t
again = reminders.sweep()
print("RESULT", n, len(q), round(t, 2), again)
"""


def main():
    import psycopg2

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    url = base + "/portal_bench_appointments"
    t0 = time.time()
    print("preparing portal_bench_appointments (migrate + demo data)…", flush=True)
    prepare_database(url, extra_orgs=0)
    conn = psycopg2.connect(url)
    with conn, conn.cursor() as cur:
        cur.execute(BULK_SQL % {"decided": DECIDED, "open": OPEN, "upcoming": UPCOMING, "reviews": REVIEWS, "due": DUE})
        cur.execute(
            "select count(*), count(*) filter (where status in ('nominated', 'qualified', 'voting')) "
            "from appointments_nomination"
        )
        nominations, open_ = cur.fetchone()
        cur.execute("select count(*), count(*) filter (where status = 'due') from appointments_review")
        reviews, due = cur.fetchone()
        cur.execute("select id from meetings_meeting where type = 'standing' and title like '%%第16次%%' limit 1")
        meeting = cur.fetchone()[0]
    conn.close()
    print(
        "built %d nominations (%d open), %d reviews (%d reports due) in %.0f s"
        % (nominations, open_, reviews, due, time.time() - t0),
        flush=True,
    )

    person_times, total, organs, unfilled, late, queries, ms = manage_shell(url, FIGURES)
    print(
        "year selectors 2023: %s person-times (%s in the per-organ table, %s organs), %s posts unfilled, "
        "%s late reports; %s queries, %s ms" % (person_times, total, organs, unfilled, late, queries, ms),
        flush=True,
    )
    sent, queries, seconds, again = manage_shell(url, SWEEP)
    print(
        "daily sweep: %s reminders sent, %s queries, %s s; a second sweep sent %s" % (sent, queries, seconds, again),
        flush=True,
    )

    scenarios = [
        ("trivial view", "/healthz/", None),
        ("public year page", "/appointments/?year=2023", None),
        ("public meeting page", "/appointments/meetings/%d/" % meeting, None),
        ("staff pipeline, 50 of 300", "/appointments/manage/", "staff"),
        ("staff meeting page", "/appointments/manage/meetings/%d/" % meeting, "staff"),
        ("members' next meeting", "/appointments/member/", "member"),
        ("unit's reports, 25 of 2k", "/appointments/unit/", "unit"),
    ]
    with gunicorn_on(url) as port:
        print_rows(measure(url, port, scenarios))
    print("total %.0f s" % (time.time() - t0))


if __name__ == "__main__":
    main()
