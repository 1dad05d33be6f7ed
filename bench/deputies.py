#!/usr/bin/env python
"""Deputies at scale: 30,000 deputies and 200,000 activity/reception rows.

Measures, in one run against the trivial view: the staff roster page (filtered, paginated), a busy
deputy's dossier and the public directory; then times a 10,000-row roster import (preview, then
confirm). Usage: bin/bench deputies [--seconds N] [--clients N]
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.run import drive, free_port, prepare_database, session_cookie  # noqa: E402

DEPUTIES, ACTIVITIES, RECEPTIONS, BUSY = 30000, 100000, 100000, 600

BULK_SQL = """
with t as (select id, congress_id from congress_term where number = 19 limit 1)
insert into deputies_deputy (full_name, gender, ethnicity, party, occupation, constituency, congress_id, term_id,
                             status, entry, id_number, phone, home_address)
select '压测代表' || lpad(g::text, 5, '0'), case when g % 3 = 0 then 'F' else 'M' end, '汉族',
       case when g % 4 = 0 then 'masses' else 'cpc' end, '压测单位职工', '第' || g || '选区', t.congress_id, t.id,
       case when g % 50 = 0 then 'resigned' else 'in_office' end, 'general', '', '', ''
from generate_series(1, {DEPUTIES}) g, t;

insert into deputies_liaisonstation (name, kind, town, community, address, schedule, office_phone, is_active)
select '压测联络站' || g, 'station', '压测镇', '', '压测地址', '', '', true from generate_series(1, 100) g;

insert into deputies_activity (kind, title, date, organizer, suggestions_count, suggestions)
select (array['training','research','inspection','group','attendance','dialogue'])[1 + g % 6], '压测活动' || g,
       date '2022-01-01' + (g % 730), '', g % 4, ''
from generate_series(1, {ACTIVITIES}) g;

insert into deputies_reception (station_id, date, visitors, matters)
select (select min(id) from deputies_liaisonstation where name like '压测联络站%') + g % 100,
       date '2022-01-01' + (g % 730), 1 + g % 30, ''
from generate_series(1, {RECEPTIONS}) g;
"""

LINK_SQL = """
with d as (select min(id) lo, max(id) hi from deputies_deputy where full_name like '压测代表%'),
     a as (select id, row_number() over (order by id) n from deputies_activity where title like '压测活动%')
insert into deputies_activity_participants (activity_id, deputy_id)
select a.id, case when a.n % 100 < 1 then d.lo else d.lo + (a.n * 7919) % (d.hi - d.lo + 1) end from a, d;

with d as (select min(id) lo, max(id) hi from deputies_deputy where full_name like '压测代表%'),
     r as (select id, row_number() over (order by id) n from deputies_reception)
insert into deputies_reception_deputies (reception_id, deputy_id)
select r.id, case when r.n % 200 < 1 then d.lo else d.lo + (r.n * 104729) % (d.hi - d.lo + 1) end from r, d;
"""


def build(url):
    import psycopg2

    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute(
            BULK_SQL.replace("{DEPUTIES}", str(DEPUTIES))
            .replace("{ACTIVITIES}", str(ACTIVITIES))
            .replace("{RECEPTIONS}", str(RECEPTIONS))
        )
        cur.execute(LINK_SQL)
        cur.execute("select min(id) from deputies_deputy where full_name like '压测代表%'")
        busy = cur.fetchone()[0]
        cur.execute("select count(*) from deputies_activity_participants where deputy_id = %s", [busy])
        busy_activities = cur.fetchone()[0]
        cur.execute("select count(*) from deputies_reception_deputies where deputy_id = %s", [busy])
        busy_receptions = cur.fetchone()[0]
        cur.execute("analyze")
    return busy, busy_activities, busy_receptions


def roster_cursors(url):
    """Keyset cursors (congress.paging) halfway down the roster, unfiltered and among the 29,400 in office."""
    import psycopg2

    from congress.paging import encode

    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute("select full_name, id from deputies_deputy order by full_name, id offset 15000 limit 1")
        deep = encode(list(cur.fetchone()))
        cur.execute(
            "select full_name, id from deputies_deputy where full_name like '压测%%' and status = 'in_office' "
            "order by full_name, id offset 14700 limit 1"
        )
        filtered = encode(list(cur.fetchone()))
    return deep, filtered


def time_import(url, rows=10000):
    """Write a rows-long roster, then preview and confirm it in-process; return both durations."""
    code = (
        r"""
import time
from io import BytesIO
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from congress.models import Term, User
from deputies import importers
book = Workbook(write_only=True); sheet = book.create_sheet()
sheet.append(["姓名", "性别", "民族", "出生年月", "党派", "工作单位及职务", "选区", "手机"])
for i in range(%d):
    sheet.append(["导入代表%%05d" %% i, "男" if i %% 2 else "女", "汉族", "1970.%%02d" %% (1 + i %% 12), "中共党员",
                  "导入测试单位", "第%%d选区" %% i, "139%%08d" %% i])
out = BytesIO(); book.save(out)
term = Term.objects.get(number=19, congress__level="district"); staff = User.objects.get(username="staff")
token = importers.stash_upload(SimpleUploadedFile("r.xlsx", out.getvalue()))
t0 = time.perf_counter(); p = importers.preview(token=token, term=term); t1 = time.perf_counter()
assert p["error"] == 0, p["error"]
r = importers.apply(token=token, term=term, actor=staff); t2 = time.perf_counter()
print(p["new"], r["created"], "%%.2f" %% (t1 - t0), "%%.2f" %% (t2 - t1))
"""
        % rows
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        check=True,
        text=True,
        capture_output=True,
        env=dict(os.environ, DATABASE_URL=url),
    ).stdout.split()
    return int(out[-4]), int(out[-3]), float(out[-2]), float(out[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + os.environ.get("BENCH_DB", "portal_bench_deputies")
    print(
        "building: demo data, %d deputies, %d activities, %d receptions…" % (DEPUTIES, ACTIVITIES, RECEPTIONS),
        flush=True,
    )
    t0 = time.perf_counter()
    prepare_database(url, extra_orgs=0)
    busy, busy_a, busy_r = build(url)
    print(
        "built in %.0f s; busy deputy has %d activities and %d receptions" % (time.perf_counter() - t0, busy_a, busy_r)
    )

    port = free_port()
    env = dict(
        os.environ, DATABASE_URL=url, ALLOWED_HOSTS="127.0.0.1", DEBUG="false"
    )  # cached templates, as in production
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "congress.wsgi",
            "--bind",
            "127.0.0.1:%d" % port,
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deep, deep_filtered = roster_cursors(url)
    scenarios = [
        ("trivial view (ceiling)", "/healthz/", None),
        ("staff roster, unfiltered, first page", "/deputies/manage/roster/", "staff"),
        ("staff roster, keyset cursor 15,000 deep", "/deputies/manage/roster/?after=" + deep, "staff"),
        (
            "staff roster, all 29,400 match, cursor deep",
            "/deputies/manage/roster/?q=%E5%8E%8B%E6%B5%8B&status=in_office&after=" + deep_filtered,
            "staff",
        ),
        ("staff roster, name search", "/deputies/manage/roster/?q=%E5%8E%8B%E6%B5%8B%E4%BB%A3%E8%A1%A801234", "staff"),
        ("dossier of the busiest deputy, whole term", "/deputies/%d/dossier/?year=all" % busy, "leader"),
        ("dossier, one year", "/deputies/%d/dossier/?year=2023" % busy, "leader"),
        ("public directory, page 10", "/deputies/?page=10", None),
    ]
    rows = []
    try:
        time.sleep(2)
        cookies = {u: session_cookie(url, u) for u in ("staff", "leader")}
        for name, path, user in scenarios:
            drive(port, path, cookies.get(user), 1.0, args.clients)
            lat, errors = drive(port, path, cookies.get(user), args.seconds, args.clients)
            if not lat:
                raise SystemExit("%s: no successful request (%d errors)" % (path, errors))
            lat.sort()
            rows.append(
                (
                    name,
                    len(lat) / args.seconds,
                    statistics.median(lat) * 1000,
                    lat[int(len(lat) * 0.95) - 1] * 1000,
                    errors,
                )
            )
    finally:
        server.terminate()
        server.wait(timeout=20)
    ceiling = rows[0][1]
    print(
        "\n%d deputies, %d activity and %d reception rows; %d gunicorn workers, %d clients, %.0f s each"
        % (DEPUTIES, ACTIVITIES, RECEPTIONS, args.workers, args.clients, args.seconds)
    )
    print("%-44s %9s %9s %9s %8s %6s" % ("scenario", "req/s", "p50 ms", "p95 ms", "ratio", "errors"))
    for name, rps, p50, p95, errors in rows:
        print("%-44s %9.1f %9.1f %9.1f %8.3f %6d" % (name, rps, p50, p95, rps / ceiling, errors))
    new, created, preview_s, apply_s = time_import(url)
    print(
        "\nroster import of %d rows: preview %.1f s, confirm %.1f s (%d created, audited)"
        % (new, preview_s, apply_s, created)
    )


if __name__ == "__main__":
    main()
