#!/usr/bin/env python
"""Proposals at scale: 250,000 proposals with 400,000 assignments written with generate_series in a
database of their own (portal_bench_proposals), then

* the daily reminder sweep when 1,000 reminders are due: time and queries (it must follow the due
  records, not all of them); emails are left in the outbox (not published to the broker) so the
  figure is the sweep's own work;
* the staff list and the unit dashboard against /healthz/ in the same run (req/s, p95, ratios);
* 200 deputies' drafts submitted at once (40 connections): all numbered 1..200 in their session.

Usage (with DATABASE_URL / REDIS_URL as bin/bench exports them): .venv/bin/python bench/proposals.py
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import gunicorn_on, manage_shell, measure, prepare_database, print_rows  # noqa: E402

PROPOSALS, DUE = 250_000, 1_000

BULK_SQL = """
with s as (select s.id from congress_session s join congress_term t on t.id = s.term_id
           where t.number = 19 and s.number = 2 limit 1),
     d as (select array_agg(id order by id) ids from deputies_deputy)
insert into proposals_proposal (session_id, number, kind, title, category_id, content, lead_id, status,
    not_registered_reason, key_supervision, published, submitted_on)
select (select id from s), 100000 + g, 'suggestion', '压测建议' || g, (select id from proposals_category where name = '城乡建设'), '建议内容',
       (select ids[1 + g %% array_length(ids, 1)] from d), case when g %% 5 = 0 then 'assigned' else 'closed' end,
       '', g %% 97 = 0, false, current_date - 200
from generate_series(1, %(n)s) g;
"""
ASSIGN_SQL = """
with u as (select array_agg(id order by id) ids from congress_organization where is_handling_unit),
     demo as (select id from congress_organization where name = '区住房和城乡建设局'),
     p as (select id, row_number() over (order by id) g from proposals_proposal where number > 100000)
insert into proposals_assignment (proposal_id, unit_id, role, assigned_on, deadline, replied_on, round, opinion)
select p.id, case when p.g % 10 = 0 then (select id from demo) else (select ids[1 + p.g % array_length(ids, 1)] from u) end,
       'lead', current_date - 100,
       case when p.g % 250 = 0 then current_date + 15
            when p.g % 5 = 0 then current_date + 40 + (p.g % 300)::int else current_date - 10 end,
       case when p.g % 5 = 0 then null else current_date - 20 end, 1, ''
from p;
with u as (select array_agg(id order by id) ids from congress_organization where is_handling_unit)
insert into proposals_assignment (proposal_id, unit_id, role, assigned_on, deadline, replied_on, round, opinion)
select p.id, (select ids[1 + (p.g + 1) % array_length(ids, 1)] from u), 'assist', current_date - 100,
       current_date - 70, current_date - 75, 1, '意见'
from (select id, row_number() over (order by id) g from proposals_proposal where number > 100000) p
where p.g <= 166667 and p.g % 10 <> 0;
analyze proposals_proposal; analyze proposals_assignment;
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

SUBMIT = """
from concurrent.futures import ThreadPoolExecutor
from django.db import connections
from congress.models import Session, User
from deputies.models import Deputy
from proposals import services
from proposals.models import Proposal
session = Session.objects.get(term__congress__name="安康市汉滨区人民代表大会", term__number=19, number=2)
admin = User.objects.get(username="admin")
deputies = list(Deputy.objects.filter(term=session.term).order_by("pk")[:200])
drafts = [services.proposal_create(lead=d, session=session, kind="suggestion", title="同时提交%%d" %% i,
                                   category="x", content="y", actor=admin) for i, d in enumerate(deputies)]
def submit(p):
    try:
        services.proposal_submit(proposal_id=p.pk, actor=p.lead.user or admin)
    finally:
        connections.close_all()
import time
t = time.perf_counter()
with ThreadPoolExecutor(%(threads)d) as pool:
    list(pool.map(submit, drafts))
t = time.perf_counter() - t
numbers = sorted(Proposal.objects.filter(session=session, title__startswith="同时提交").values_list("number", flat=True))
print("RESULT", len(drafts), len(numbers), numbers == list(range(numbers[0], numbers[0] + len(drafts))), round(t, 2))
"""


CURSORS = """
from congress.models import User
from congress.paging import encode
from proposals.models import Assignment, Proposal
unit = User.objects.get(username="unit").organization_id
deep = Proposal.objects.order_by("-pk").values_list("pk", flat=True)[125000]
mine = Assignment.objects.filter(unit_id=unit, replied_on__isnull=True, withdrawn_on__isnull=True)
n = mine.count()
a = mine.order_by("deadline", "pk").values_list("deadline", "pk")[n // 2]
print("RESULT", encode([deep]), encode(list(a)), n)
"""


def main():
    import argparse

    import psycopg2

    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    url = base + "/" + os.environ.get("BENCH_DB", "portal_bench_proposals")
    t0 = time.time()
    conn = None
    if os.environ.get("BENCH_REUSE"):  # the demo data is there: drop only the bulk rows
        conn = psycopg2.connect(url)
        with conn, conn.cursor() as cur:
            cur.execute(
                "delete from proposals_assignment a using proposals_proposal p "
                "where a.proposal_id = p.id and p.number > 100000; "
                "delete from proposals_proposal where number > 100000"
            )
    else:
        print("preparing portal_bench_proposals (migrate + demo data)…", flush=True)
        prepare_database(url, extra_orgs=0)
    conn = psycopg2.connect(url)
    with conn, conn.cursor() as cur:
        cur.execute(BULK_SQL % {"n": PROPOSALS})
        cur.execute(ASSIGN_SQL)
        cur.execute("select count(*) from proposals_proposal")
        proposals = cur.fetchone()[0]
        cur.execute("select count(*) from proposals_assignment")
        assignments = cur.fetchone()[0]
    conn.close()
    print("built %d proposals, %d assignments in %.0f s" % (proposals, assignments, time.time() - t0), flush=True)

    sent, queries, seconds = manage_shell(url, SWEEP)
    print("daily sweep: %s reminders due, %s queries, %s s" % (sent, queries, seconds), flush=True)

    deep, deep_unit, open_unit = manage_shell(url, CURSORS)
    scenarios = [
        ("trivial view", "/healthz/", None),
        ("staff list, 25 of 250k, first page", "/proposals/manage/", "staff"),
        ("staff list, keyset cursor 125,000 deep", "/proposals/manage/?after=" + deep, "staff"),
        ("staff list, status filter (50k match)", "/proposals/manage/?year=&status=assigned", "staff"),
        ("staff list, key supervision, deep", "/proposals/manage/?year=&key_supervision=true&after=" + deep, "staff"),
        ("unit dashboard, 50 of %s open" % open_unit, "/proposals/unit/", "unit"),
        ("unit dashboard, cursor halfway", "/proposals/unit/?after=" + deep_unit, "unit"),
    ]
    with gunicorn_on(url) as port:
        print_rows(measure(url, port, scenarios, args.seconds, args.clients))

    drafts, numbered, gap_free, seconds = manage_shell(url, SUBMIT % {"threads": 40})
    print(
        "200 deputies at once: %s drafts, %s numbered, gap-free and unique: %s, %s s"
        % (drafts, numbered, gap_free, seconds)
    )
    print("total %.0f s" % (time.time() - t0))


if __name__ == "__main__":
    main()
