"""The shared deadline reminders (congress.reminders), exercised through the proposals' source:
exactly once under repetition, concurrency, a killed process and a stopped broker."""

import datetime as dt
import os
import shutil
import subprocess
import sys
import threading
import time

import pytest
from django.db import connections
from django.utils import timezone

from congress.models import Notification, OutboundEmail, ReminderLog
from congress.reminders import sweep
from proposals.models import Assignment, ProposalRules

pytestmark = pytest.mark.django_db


def _assigned(users, on=dt.date(2023, 1, 15), title="关于加快停车场建设的建议"):
    from proposals.tests.factories import assigned_proposal

    return assigned_proposal(users, on=on, title=title)


def _seeded():
    from congress import demo

    demo.seed_core()
    return {u.username: u for u in demo.seed_accounts()}


def test_each_reminder_once_per_kind_and_deadline(role_users):
    p = _assigned(role_users)  # lead due 2023-04-15, a Saturday → Monday 2023-04-17; assisting 2023-02-15
    lead = p.assignments.get(role="lead")
    assert lead.deadline == dt.date(2023, 4, 17)
    Assignment.objects.filter(proposal=p, role="assist").update(replied_on=dt.date(2023, 1, 20))
    assert sweep(today=dt.date(2023, 3, 31)) == 1  # 15 days before is Sunday 2 April: sent the Friday before
    assert sweep(today=dt.date(2023, 3, 31)) == 0  # run twice: nothing twice
    assert sweep(today=dt.date(2023, 4, 3)) == 0  # still inside the 15-day window: already sent
    assert Notification.objects.filter(recipient=role_users["unit"]).count() == 2  # assigned + 1 reminder
    assert OutboundEmail.objects.filter(to=role_users["unit"].email, subject__contains="2023-04-17").count() == 1
    assert sweep(today=dt.date(2023, 4, 10)) == 1  # 7 days before
    assert sweep(today=dt.date(2023, 4, 14)) == 1  # 1 day before is Sunday: the Friday before
    assert sweep(today=dt.date(2023, 4, 18)) == 1  # overdue, the day after
    assert sweep(today=dt.date(2023, 4, 20)) == 0
    staff_before = Notification.objects.filter(recipient=role_users["staff"]).count()
    assert sweep(today=dt.date(2023, 5, 17)) == 1  # seriously overdue: staff told too
    assert Notification.objects.filter(recipient=role_users["staff"]).count() == staff_before + 1
    assert set(ReminderLog.objects.filter(object_id=lead.pk).values_list("kind", flat=True)) == {
        "before_15",
        "before_7",
        "before_1",
        "overdue",
        "serious",
    }


def test_a_missed_day_is_caught_up_and_serious_notice_reaches_the_supervising_leader(role_users):
    from proposals import services

    p = _assigned(role_users)
    services.proposal_supervise(proposal_id=p.pk, mark=True, actor=role_users["leader"])
    assert sweep(today=dt.date(2023, 4, 3)) == 1  # the beat missed Friday 31 March: the 15-day notice on Monday
    assert sweep(today=dt.date(2023, 5, 22)) == 1  # the seriously-overdue notice, five days late
    assert Notification.objects.filter(recipient=role_users["leader"]).count() == 1


def test_an_extended_deadline_gets_reminders_of_its_own(role_users):
    from proposals import services

    p = _assigned(role_users)
    lead = p.assignments.get(role="lead")
    assert sweep(today=dt.date(2023, 3, 31)) >= 1
    ext = services.extension_request(
        assignment_id=lead.pk, new_deadline=dt.date(2023, 6, 30), reason="调研", actor=role_users["unit"]
    )
    services.extension_decide(extension_id=ext.pk, approve=True, actor=role_users["staff"])
    assert sweep(today=dt.date(2023, 4, 18)) == 0  # the old deadline passes: the lead is not late
    assert sweep(today=dt.date(2023, 6, 15)) == 1  # 15 days before the new deadline
    assert ReminderLog.objects.filter(object_id=lead.pk, kind="before_15").count() == 2


def test_offsets_are_the_congress_rules(role_users):
    p = _assigned(role_users)
    ProposalRules.objects.update_or_create(
        congress=p.session.term.congress, defaults={"remind_days": "10,3", "serious_after_days": 20}
    )
    Assignment.objects.filter(proposal=p, role="assist").update(replied_on=dt.date(2023, 1, 20))
    assert sweep(today=dt.date(2023, 3, 31)) == 0  # no 15-day notice in this congress
    assert sweep(today=dt.date(2023, 4, 7)) == 1  # 10 days before
    assert sweep(today=dt.date(2023, 5, 6)) == 1  # a make-up Saturday works: the overdue notice, caught up
    assert ReminderLog.objects.filter(kind="serious").count() == 0  # serious only from Sunday 7 May
    assert sweep(today=dt.date(2023, 5, 8)) == 1  # seriously overdue after 20 days: the next working day
    assert ReminderLog.objects.filter(kind="serious").count() == 1


def test_the_sweep_reads_only_due_records(role_users, django_assert_num_queries):
    _assigned(role_users)
    for i in range(30):
        _assigned(role_users, on=dt.date(2023, 6, 1), title="远未到期%d" % i)
    with django_assert_num_queries(28):
        assert sweep(today=dt.date(2023, 1, 20)) == 0  # nothing due: a few indexed queries, none per record


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once():
    users = _seeded()
    for i in range(6):
        _assigned(users, title="并发%d" % i)
    results, barrier = [], threading.Barrier(2)

    def run():
        barrier.wait()
        try:
            results.append(sweep(today=dt.date(2023, 3, 31)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sum(results) == 6 and ReminderLog.objects.count() == 6
    assert OutboundEmail.objects.filter(to=users["unit"].email, subject__contains="2023-04-17").count() == 6


def _run_sweep_in_a_process(today: str, kill_before_queueing: bool):
    from congress.backup import database_url

    code = """
import django, os, signal, datetime
django.setup()
from congress import services, reminders
if %r:
    services._queue_email = lambda pk: os.kill(os.getpid(), signal.SIGKILL)   # dies right after the commit
print(reminders.sweep(today=datetime.date.fromisoformat(%r)))
""" % (kill_before_queueing, today)
    env = dict(os.environ, DATABASE_URL=database_url(), DJANGO_SETTINGS_MODULE="congress.settings")
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.django_db(transaction=True)
def test_two_sweep_processes_at_once_send_each_reminder_once():
    users = _seeded()
    for i in range(10):
        _assigned(users, title="进程%d" % i)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        outs = list(pool.map(lambda _: _run_sweep_in_a_process("2023-03-31", False), range(2)))
    assert all(o.returncode == 0 for o in outs), [o.stderr[-2000:] for o in outs]
    assert sum(int(o.stdout.split()[-1]) for o in outs) == 10
    assert ReminderLog.objects.count() == 10


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_sweep_killed_after_the_log_row_sends_the_mail_once_later(celery_worker_process, smtp_server):
    from congress.tasks import outbox_flush

    _host, _port, inbox = smtp_server
    users = _seeded()
    p = _assigned(users)
    Assignment.objects.filter(proposal=p, role="assist").update(replied_on=dt.date(2023, 1, 20))
    OutboundEmail.objects.update(sent_at=timezone.now())  # the assignment notices are not under test
    inbox.messages.clear()
    out = _run_sweep_in_a_process("2023-03-31", True)
    assert out.returncode == -9, out.stderr[-2000:]  # SIGKILL between the commit and the queueing
    (log,) = ReminderLog.objects.all()
    row = OutboundEmail.objects.get(sent_at__isnull=True)  # written with the log row, still pending
    assert _run_sweep_in_a_process("2023-03-31", False).stdout.split()[-1] == "0"  # no second reminder
    OutboundEmail.objects.filter(pk=row.pk).update(created_at=timezone.now() - dt.timedelta(minutes=5))
    assert outbox_flush.delay().get(timeout=60) == 1  # the periodic flush re-queues it
    inbox.wait_for(1)
    time.sleep(1)
    assert outbox_flush.delay().get(timeout=60) == 0
    assert [m["Message-ID"] for m in inbox.messages] == [row.message_id]
    assert log.kind == "before_15"


@pytest.fixture
def stopped_broker(tmp_path):
    """Point the Celery producer at a redis-server of this test's own, then stop it."""
    from conftest import free_port
    from congress.celery import app

    port = free_port()
    proc = subprocess.Popen(
        [
            shutil.which("redis-server") or "/usr/bin/redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.3)
    old = app.conf.broker_url
    _use_broker("redis://127.0.0.1:%d/0" % port)
    proc.terminate()
    proc.wait(10)
    yield lambda: _use_broker(old)
    _use_broker(old)


def _use_broker(url):
    from congress.celery import app

    app._pool = None  # kombu keeps one pool per broker URL; these select the URL's
    app.amqp._producer_pool = None
    app.conf.broker_url = url


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_redis_stopped_during_the_sweep_loses_nothing(celery_worker_process, smtp_server, request):
    from congress.tasks import outbox_flush

    _host, _port, inbox = smtp_server
    users = _seeded()
    p = _assigned(users)
    Assignment.objects.filter(proposal=p, role="assist").update(replied_on=dt.date(2023, 1, 20))
    OutboundEmail.objects.update(sent_at=timezone.now())
    inbox.messages.clear()
    restore = request.getfixturevalue("stopped_broker")
    assert sweep(today=dt.date(2023, 3, 31)) == 1  # written although the broker is away
    assert sweep(today=dt.date(2023, 3, 31)) == 0
    row = OutboundEmail.objects.get(sent_at__isnull=True)
    restore()  # the broker comes back
    OutboundEmail.objects.filter(pk=row.pk).update(created_at=timezone.now() - dt.timedelta(minutes=5))
    assert outbox_flush.delay().get(timeout=60) == 1
    assert [m["Message-ID"] for m in inbox.wait_for(1)] == [row.message_id]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_beat_task_in_a_real_worker_mails_the_unit_through_smtp(celery_worker_process, smtp_server):
    from congress.tasks import reminders_sweep

    _host, _port, inbox = smtp_server
    from congress.tests.factories import as_working_day

    users = _seeded()
    today = timezone.localdate()
    as_working_day(today)  # the sweep sends on working days only
    p = _assigned(users, on=today - dt.timedelta(days=3))
    Assignment.objects.filter(proposal=p, role="lead").update(deadline=today + dt.timedelta(days=7))
    Assignment.objects.filter(proposal=p, role="assist").update(replied_on=today)
    OutboundEmail.objects.update(sent_at=timezone.now())
    inbox.messages.clear()
    assert reminders_sweep.delay().get(timeout=60) == 1
    assert reminders_sweep.delay().get(timeout=60) == 0
    messages = inbox.wait_for(1)
    time.sleep(1)
    assert len(inbox.messages) == 1 and messages[0]["To"] == users["unit"].email
    assert (today + dt.timedelta(days=7)).isoformat() in messages[0]["Subject"]
