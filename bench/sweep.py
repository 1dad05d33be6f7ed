#!/usr/bin/env python
"""The daily reminder sweep's cost follows the reminders due, not the open records (issue 23).

In a database of its own (portal_bench_sweep: migrate + the demo data), open proposal assignments are
written with generate_series: first 40,000, then 400,000, each time with the same 1,000 of them overdue
on the sweep's day (the rest due months ahead, in no reminder window). At each scale the sweep of every
registered source runs in process (``congress.reminders.sweep``) and prints what it sent, its queries and
its time; then a second sweep of the same day (nothing left to send) shows what the sweep costs with no
reminder due. Emails stay in the outbox (not published to the broker): the figure is the sweep's own work.

The figures to compare are within the run: the 400,000-row sweep against the 40,000-row one (1.0 means
the open rows cost nothing), and the idle sweep against the sweep that sent 1,000.

Usage (with DATABASE_URL / REDIS_URL as bin/bench exports them): .venv/bin/python bench/sweep.py
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import manage_shell, prepare_database  # noqa: E402

SCALES, DUE = (40_000, 400_000), 1_000
FIRST = 500_000  # the bulk proposals' numbers start above the demo's

DAY = """
from congress.deadlines import Calendar
from django.utils import timezone
cal = Calendar()
day = timezone.localdate()
day = day if cal.is_working(day) else cal.next_working(day)
print("RESULT", day.isoformat())
"""

# Open assignments g = 1..n of proposals numbered FIRST + g: the first DUE are five days overdue on the
# sweep's day, the others due 60 to 360 days after it. Idempotent per range: rows already there stay.
BULK_SQL = """
with s as (select s.id from congress_session s join congress_term t on t.id = s.term_id
           where t.number = 19 and s.number = 2 limit 1),
     d as (select array_agg(id order by id) ids from deputies_deputy)
insert into proposals_proposal (session_id, number, kind, title, category_id, content, lead_id, status,
    not_registered_reason, key_supervision, published, submitted_on)
select (select id from s), %(first)s + g, 'suggestion', '提醒压测' || g,
       (select id from proposals_category where name = '城乡建设'), '建议内容',
       (select ids[1 + g %% array_length(ids, 1)] from d), 'assigned', '', false, false, %(day)s::date - 120
from generate_series(%(lo)s, %(hi)s) g;
with u as (select array_agg(id order by id) ids from congress_organization where is_handling_unit)
insert into proposals_assignment (proposal_id, unit_id, role, assigned_on, deadline, round, opinion)
select p.id, (select ids[1 + (p.number - %(first)s) %% array_length(ids, 1)] from u), 'lead', %(day)s::date - 100,
       case when p.number - %(first)s <= %(due)s then %(day)s::date - 5
            else %(day)s::date + 60 + ((p.number - %(first)s) %% 300)::int end,
       1, ''
from proposals_proposal p where p.number > %(first)s + %(lo)s - 1 and p.number <= %(first)s + %(hi)s;
analyze proposals_proposal; analyze proposals_assignment; analyze congress_reminderlog;
"""

# The same 1,000 are due again at the next scale: their reminders are forgotten (a bench database only).
FORGET_SQL = """
delete from congress_reminderlog r using proposals_assignment a, proposals_proposal p
 where r.object_id = a.id and a.proposal_id = p.id and p.number > %(first)s
   and r.content_type_id = (select id from django_content_type where app_label = 'proposals' and model = 'assignment');
"""

SWEEP = """
import datetime as dt, time
from django.db import connection
from congress import reminders, services
services._queue_email = lambda pk: None   # measured: the sweep's database work; the outbox keeps the mail
day = dt.date.fromisoformat("%(day)s")
count = [0]
def counted(execute, sql, params, many, context):  # connection.queries keeps only the last 9,000
    count[0] += 1
    return execute(sql, params, many, context)
def run():
    count[0] = 0
    with connection.execute_wrapper(counted):
        t = time.perf_counter(); n = reminders.sweep(today=day); t = time.perf_counter() - t
    return n, count[0], round(t, 3)
print("RESULT", *run(), *run())
"""


def main():
    import psycopg2

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    url = base + "/" + os.environ.get("BENCH_DB", "portal_bench_sweep")
    t0 = time.time()
    if os.environ.get("BENCH_REUSE"):  # the demo data is there: drop only the bulk rows and their reminders
        conn = psycopg2.connect(url)
        with conn, conn.cursor() as cur:
            cur.execute(FORGET_SQL % {"first": FIRST})
            cur.execute(
                "delete from proposals_assignment a using proposals_proposal p "
                "where a.proposal_id = p.id and p.number > %s; delete from proposals_proposal where number > %s",
                [FIRST, FIRST],
            )
        conn.close()
    else:
        print("preparing portal_bench_sweep (migrate + demo data)…", flush=True)
        prepare_database(url, extra_orgs=0)
    (day,) = manage_shell(url, DAY)
    print("sweep day %s (a working day); %d reminders due at each scale" % (day, DUE), flush=True)
    rows, built = [], 0
    for scale in SCALES:
        conn = psycopg2.connect(url)
        with conn, conn.cursor() as cur:
            cur.execute(FORGET_SQL % {"first": FIRST})
            cur.execute(BULK_SQL % {"first": FIRST, "lo": built + 1, "hi": scale, "day": "'%s'" % day, "due": DUE})
            cur.execute("select count(*) from proposals_assignment where replied_on is null and withdrawn_on is null")
            open_ = cur.fetchone()[0]
        conn.close()
        built = scale
        print("built %d open assignments (%.0f s so far)" % (open_, time.time() - t0), flush=True)
        sent, queries, seconds, again, idle_queries, idle_seconds = manage_shell(url, SWEEP % {"day": day})
        rows.append(
            (open_, int(sent), int(queries), float(seconds), int(again), int(idle_queries), float(idle_seconds))
        )

    print()
    print("| open assignments | reminders sent | queries | seconds | ms per reminder | idle sweep: sent, queries, ms |")
    print("|---:|---:|---:|---:|---:|---:|")
    for open_, sent, queries, seconds, again, idle_queries, idle_seconds in rows:
        per = 1000 * seconds / sent if sent else 0
        idle = "%s, %s, %.0f" % (again, idle_queries, 1000 * idle_seconds)
        print("| %s | %s | %s | %.2f | %.2f | %s |" % (f"{open_:,}", f"{sent:,}", f"{queries:,}", seconds, per, idle))
    small, large = rows[0], rows[-1]
    print()
    print(
        "ratio of the sweep at %s open to %s open: time %.2f, queries %.2f; idle sweep at %s open: %.0f ms"
        % (
            f"{large[0]:,}",
            f"{small[0]:,}",
            large[3] / small[3],
            large[2] / small[2],
            f"{large[0]:,}",
            1000 * large[6],
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
