"""The daily retention sweep: unconfirmed roster uploads, expired sessions and old login records go;
everything recent stays; a second run deletes nothing more."""

import datetime as dt
import io
import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from congress import retention
from congress.tasks import retention_sweep


def xlsx_upload():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "公民身份号码"])
    book.active.append(["张三", "610902197501010011"])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("roster.xlsx", out.getvalue())


def age(path, days):
    stamp = time.time() - days * 86400
    os.utime(path, (stamp, stamp))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_unconfirmed_uploads_are_deleted_after_the_retention_period(media, settings):
    from deputies import importers

    old, recent = importers.stash_upload(xlsx_upload()), importers.stash_upload(xlsx_upload())
    folder = media / "imports"
    age(folder / ("%s.xlsx" % old), 3)
    age(folder / ("%s.xlsx" % recent), 1)
    (folder / "notes.txt").write_text("not an upload")  # only the uploads' own files are touched
    age(folder / "notes.txt", 30)
    assert retention.import_files_purge(older_than_days=settings.RETENTION_IMPORT_DAYS) == 1
    assert sorted(p.name for p in folder.iterdir()) == sorted(["%s.xlsx" % recent, "notes.txt"])
    with pytest.raises(importers.ImportFileError):  # the staff's old preview now says it has expired
        importers._path(old)
    assert retention.import_files_purge(older_than_days=2) == 0  # the second run


def test_sweep_clears_expired_sessions_and_old_login_records(media, client, role_users, settings):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.sessions.models import Session

    from congress import demo
    from congress.models import UserSession

    for _ in range(2):
        client.post("/accounts/login/", {"username": "member", "password": "wrong-password"})
    client.post("/accounts/login/", {"username": "deputy", "password": demo.demo_password()})
    assert (
        AccessLog.objects.count() == 1 and AccessFailureLog.objects.count() == 2 and AccessAttempt.objects.count() == 1
    )
    live = client.session.session_key
    long_ago = timezone.now() - dt.timedelta(days=settings.RETENTION_LOGIN_DAYS + 1)
    recently = timezone.now() - dt.timedelta(days=settings.RETENTION_LOGIN_DAYS - 1)
    Session.objects.create(session_key="x" * 32, session_data="", expire_date=timezone.now() - dt.timedelta(hours=1))
    old_session = UserSession.objects.create(user=role_users["staff"], session_key="old", ended_at=long_ago)
    UserSession.objects.filter(pk=old_session.pk).update(created_at=long_ago, last_seen_at=long_ago)
    UserSession.objects.create(user=role_users["staff"], session_key="kept", ended_at=recently)
    AccessFailureLog.objects.filter(pk=AccessFailureLog.objects.first().pk).update(attempt_time=long_ago)
    AccessLog.objects.update(attempt_time=recently)

    counts = retention_sweep()  # the task as beat runs it (called in the test process)
    assert counts == {
        "import_files": 0,
        "sessions": 1,
        "user_sessions": 1,
        "access_logs": 0,
        "access_failures": 1,
        "access_attempts": 0,
    }
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
    assert set(UserSession.objects.values_list("session_key", flat=True)) == {"kept", live}
    assert AccessFailureLog.objects.count() == 1 and AccessLog.objects.count() == 1
    assert client.get("/me/").status_code == 200  # the signed-in user is still signed in
    assert retention_sweep() == dict.fromkeys(counts, 0)  # the second run deletes nothing more


def test_the_sweep_is_scheduled_daily_before_the_backup(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["retention"]
    assert entry["task"] == "congress.tasks.retention_sweep"
    assert entry["schedule"].hour == {2} and entry["schedule"].minute == {0}
