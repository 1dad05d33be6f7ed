"""Data kept no longer than needed, swept daily by beat (congress.tasks.retention_sweep):

- roster uploads never confirmed (MEDIA_ROOT/imports/*.xlsx: ID numbers, mobile numbers): deleted
  RETENTION_IMPORT_DAYS after upload (a confirmed import deletes its file at once);
- expired Django sessions: deleted (their expiry is SESSION_ABSOLUTE_SECONDS at most);
- login records: UserSession rows ended, or last seen, more than RETENTION_LOGIN_DAYS ago, and
  django-axes' access logs, failure logs and attempts older than that.

Safe to run twice, or twice at once: every step deletes what is old at the time it runs.
"""

import datetime as dt
import logging
import time
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

log = logging.getLogger(__name__)


def import_files_purge(*, older_than_days: int) -> int:
    """Delete unconfirmed roster uploads older than the given days; return how many."""
    folder = Path(settings.MEDIA_ROOT) / "imports"
    if not folder.is_dir():
        return 0
    limit = time.time() - older_than_days * 86400
    removed = 0
    for path in folder.glob("*.xlsx"):
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # removed by a concurrent sweep or by its confirmation
            continue
    return removed


def sessions_purge() -> int:
    from django.contrib.sessions.models import Session

    deleted, _by_model = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def login_records_purge(*, older_than_days: int) -> dict:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from congress.models import UserSession

    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    return {
        "user_sessions": UserSession.objects.filter(Q(ended_at__lt=cutoff) | Q(last_seen_at__lt=cutoff)).delete()[0],
        "access_logs": AccessLog.objects.filter(attempt_time__lt=cutoff).delete()[0],
        "access_failures": AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()[0],
        "access_attempts": AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()[0],
    }


def sweep() -> dict:
    """Run every retention step with the configured periods; return the counts deleted."""
    counts = {
        "import_files": import_files_purge(older_than_days=settings.RETENTION_IMPORT_DAYS),
        "sessions": sessions_purge(),
        **login_records_purge(older_than_days=settings.RETENTION_LOGIN_DAYS),
    }
    log.info("retention sweep: %s", counts)
    return counts
