#!/usr/bin/env python
"""Global search at scale: 250,000 proposals with varied Chinese titles (1,500 verb × place × topic
combinations, a rare phrase in 1 of 10,000), one lead assignment each (a tenth to the demo unit) and a
reply on four in five, written with generate_series in a database of their own (portal_bench_search);
then /search/?q=<word> as staff and as the demo unit, and the similar-proposals endpoint, against
/healthz/ in the same run (req/s, p95, ratio).

The words: a common three-character word, the same as two characters, a rare four-character phrase, and
a two-character word that matches nothing; each narrows through the bigram index (congress migration
0008), the substring match rechecking what it finds.

Usage (with DATABASE_URL / REDIS_URL as bin/bench exports them): .venv/bin/python bench/search.py [--seconds N]
"""

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import gunicorn_on, measure, prepare_database, print_rows  # noqa: E402

PROPOSALS = 250_000

# the same indexes as proposals' migrations 0006 (the title's trigrams, for the similar list) and 0009
# (the search's bigrams), rebuilt after the bulk insert
INDEXES = [
    ("proposal_title_trgm", "proposals_proposal", "(upper(title::text)) gin_trgm_ops"),
    ("proposal_search_bigrams", "proposals_proposal", "portal_bigrams(title, content)"),
    ("reply_search_bigrams", "proposals_reply", "portal_bigrams(text)"),
]

BULK_SQL = """
with s as (select s.id from congress_session s join congress_term t on t.id = s.term_id
           where t.number = 19 and s.number = 2 limit 1),
     d as (select array_agg(id order by id) ids from deputies_deputy),
     w as (select array['加快','推进','改善','完善','加强','规范','优化','解决','提升','支持'] verb,
                  array['城区','乡村','学校周边','老旧小区','农贸市场','工业园区','汉江沿岸','社区','高新区','县城'] place,
                  array['停车场建设','道路交通','污水处理','垃圾分类','教育资源','医疗卫生','养老服务','供水管网',
                        '文化设施','就业创业','食品安全','绿化美化','电力供应','公共厕所','消防安全'] topic)
insert into proposals_proposal (session_id, number, kind, title, %(category_column)s, content, lead_id, status,
    not_registered_reason, key_supervision, published, submitted_on)
select (select id from s), 100000 + g, 'suggestion',
       '关于' || w.verb[1 + g %% 10] || w.place[1 + (g / 10) %% 10] || w.topic[1 + (g / 100) %% 15]
              || case when g %% 10000 = 7 then '和夜景照明' else '' end || '的建议', %(category)s,
       '建议内容：' || w.place[1 + (g / 7) %% 10] || '群众反映' || w.topic[1 + (g / 3) %% 15] || '问题较多，建议有关部门研究解决。',
       (select ids[1 + g %% array_length(ids, 1)] from d), case when g %% 5 = 0 then 'assigned' else 'closed' end,
       '', false, g %% 3 = 0, current_date - 200
from generate_series(1, %(n)s) g, w;
with u as (select array_agg(id order by id) ids from congress_organization where is_handling_unit),
     demo as (select id from congress_organization where name = '区住房和城乡建设局'),
     p as (select id, row_number() over (order by id) g from proposals_proposal where number > 100000)
insert into proposals_assignment (proposal_id, unit_id, role, assigned_on, deadline, replied_on, round, opinion)
select p.id, case when p.g %% 10 = 0 then (select id from demo) else (select ids[1 + p.g %% array_length(ids, 1)] from u) end,
       'lead', current_date - 100, current_date - 10,
       case when p.g %% 5 = 0 then null else current_date - 20 end, 1, ''
from p;
insert into proposals_reply (assignment_id, cls, text, replied_on)
select a.id, 'B', '经研究，' || p.title || '所提问题已列入计划，正在推进。', a.replied_on
from proposals_assignment a join proposals_proposal p on p.id = a.proposal_id
where p.number > 100000 and a.replied_on is not null;
analyze proposals_proposal; analyze proposals_assignment; analyze proposals_reply;
"""


def main():
    import psycopg2

    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--reuse", action="store_true", help="keep the migrated demo database; rebuild the bulk rows")
    args = parser.parse_args()

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    url = base + "/portal_bench_search"
    t0 = time.time()
    if not args.reuse:
        print("preparing portal_bench_search (migrate + demo data)…", flush=True)
        prepare_database(url, extra_orgs=0)
    conn = psycopg2.connect(url)
    with conn, conn.cursor() as cur:
        cur.execute(
            "delete from proposals_reply r using proposals_assignment a, proposals_proposal p"
            " where r.assignment_id = a.id and a.proposal_id = p.id and p.number > 100000;"
            " delete from proposals_assignment a using proposals_proposal p where a.proposal_id = p.id and p.number > 100000;"
            " delete from proposals_proposal where number > 100000"
        )
        for name, _table, _column in INDEXES:
            cur.execute("drop index if exists %s" % name)
        # the category is a text column, or a managed list (a foreign key) once proposals have one
        cur.execute(
            "select 1 from information_schema.columns where table_name = 'proposals_proposal' and column_name = 'category_id'"
        )
        if cur.fetchone():
            cur.execute(
                "insert into proposals_category (name, active, \"order\") select '城乡建设', true, 0"
                " where not exists (select 1 from proposals_category)"
            )
            category = {"category_column": "category_id", "category": "(select min(id) from proposals_category)"}
        else:
            category = {"category_column": "category", "category": "'城乡建设'"}
        cur.execute(BULK_SQL % {"n": PROPOSALS, **category})
    with conn, conn.cursor() as cur:  # after the insert's commit: its deferred foreign-key checks are done
        for name, table, column in INDEXES:
            cur.execute("create index %s on %s using gin (%s)" % (name, table, column))
        cur.execute("analyze proposals_proposal; analyze proposals_reply")  # the expression indexes' statistics
        cur.execute("select count(*) from proposals_proposal")
        proposals = cur.fetchone()[0]
        cur.execute("select count(*) from proposals_reply")
        replies = cur.fetchone()[0]
    conn.close()
    print("built %d proposals, %d replies in %.0f s" % (proposals, replies, time.time() - t0), flush=True)

    def q(word):
        return "/search/?q=" + quote(word)

    scenarios = [
        ("trivial view", "/healthz/", None),
        ("staff: 停车场 (common, 3 chars)", q("停车场"), "staff"),
        ("staff: 停车 (common, 2 chars)", q("停车"), "staff"),
        ("staff: 夜景照明 (rare, 4 chars)", q("夜景照明"), "staff"),
        ("staff: 量子 (no match, 2 chars)", q("量子"), "staff"),
        ("unit: 停车场", q("停车场"), "unit"),
        ("unit: 夜景照明", q("夜景照明"), "unit"),
        ("anonymous: 停车场", q("停车场"), None),
        (
            "deputy: similar to a typed title",
            "/proposals/similar/?title=" + quote("关于加快城区停车场建设的建议"),
            "deputy",
        ),
    ]
    with gunicorn_on(url) as port:
        rows = measure(url, port, scenarios, args.seconds, args.clients)
    print(
        "\n%d proposals, %d clients, %.0f s per scenario, on %d cores (load average %.1f)"
        % (proposals, args.clients, args.seconds, os.cpu_count(), os.getloadavg()[0])
    )
    print_rows(rows)
    print("total %.0f s" % (time.time() - t0))


if __name__ == "__main__":
    main()
