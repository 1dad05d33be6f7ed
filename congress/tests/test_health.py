"""/healthz/celery/: the worker's and beat's last heartbeat with their ages, 503 once either is older
than HEARTBEAT_STALE_SECONDS, checked against a real worker and a real beat process."""

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

from congress.tasks import BEAT_KEY, WORKER_KEY, heartbeat

ROOT = Path(__file__).resolve().parents[2]


def ago(seconds):
    return (timezone.now() - dt.timedelta(seconds=seconds)).isoformat()


def test_missing_heartbeats_are_a_503_with_both_unknown(client):
    response = client.get("/healthz/celery/")
    assert response.status_code == 503 and response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["ok"] is False and body["stale_after_seconds"] == 180
    assert body["worker"] == body["beat"] == {"last": None, "age_seconds": None, "ok": False}
    assert client.get("/healthz/").status_code == 200  # the liveness check is not the monitoring one


@pytest.mark.parametrize(
    "worker_age, beat_age, status",
    [
        (30, 5, 200),
        (170, 170, 200),
        (200, 5, 503),
        (30, 400, 503),
        (1000, 1000, 503),
    ],
)
def test_stale_heartbeats(client, settings, worker_age, beat_age, status):
    cache.set(WORKER_KEY, ago(worker_age))
    cache.set(BEAT_KEY, ago(beat_age))
    for _ in range(2):  # asked twice, the same answer
        response = client.get("/healthz/celery/")
        assert response.status_code == status
        body = response.json()
        assert abs(body["worker"]["age_seconds"] - worker_age) <= 2 and abs(body["beat"]["age_seconds"] - beat_age) <= 2
        assert body["worker"]["ok"] is (worker_age <= 180) and body["beat"]["ok"] is (beat_age <= 180)
    settings.HEARTBEAT_STALE_SECONDS = 2000
    assert client.get("/healthz/celery/").status_code == 200  # the limit is a setting


def test_garbage_in_the_cache_is_stale_not_a_500(client):
    cache.set(WORKER_KEY, "not a time")
    cache.set(BEAT_KEY, ago(1))
    response = client.get("/healthz/celery/")
    assert response.status_code == 503 and response.json()["worker"]["age_seconds"] is None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_and_beat_make_it_healthy(celery_worker_process, client, tmp_path):
    cache.delete_many([WORKER_KEY, BEAT_KEY])
    assert client.get("/healthz/celery/").status_code == 503
    env = dict(os.environ, DJANGO_ALLOW_ASYNC_UNSAFE="")
    beat = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "congress",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(tmp_path / "schedule"),
        ],
        cwd=ROOT,
        env=env,
        stdout=open(tmp_path / "beat.log", "w"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.time() + 60
        while cache.get(BEAT_KEY) is None and time.time() < deadline:
            time.sleep(0.5)
        assert cache.get(BEAT_KEY), (tmp_path / "beat.log").read_text()
        assert heartbeat.delay().get(timeout=30) == "pong"  # the worker's, as beat sends it every minute
        body = client.get("/healthz/celery/").json()
        assert body["ok"] and body["worker"]["age_seconds"] <= 5 and body["beat"]["age_seconds"] <= 5
    finally:
        beat.terminate()
        beat.wait(timeout=20)
    # the beat stopped: once its heartbeat is older than the limit, the page says so
    cache.set(BEAT_KEY, ago(181))
    response = client.get("/healthz/celery/")
    assert response.status_code == 503 and response.json()["worker"]["ok"] and not response.json()["beat"]["ok"]
