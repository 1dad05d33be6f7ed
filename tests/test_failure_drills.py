"""Failure drills with real servers: Redis stopped while people use the portal."""

import shutil
import subprocess
import time

import pytest
from django.core.cache import caches
from django.urls import reverse

from conftest import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def throwaway_redis(tmp_path, settings):
    """A redis-server of this test's own, used as the cache; stop() kills it mid-test."""
    port = free_port()
    proc = subprocess.Popen([shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(port),
                             "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
                            stdout=subprocess.DEVNULL)
    time.sleep(0.3)
    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"],
                                                      "LOCATION": "redis://127.0.0.1:%d/0" % port}}
    proc.stop = lambda: (proc.terminate(), proc.wait(10))
    yield proc
    if proc.poll() is None:
        proc.terminate()
        proc.wait(10)


def test_pages_sessions_and_submissions_keep_working_without_redis(client, client_as, role_users, throwaway_redis):
    from deputies.models import PublicOpinion
    from deputies.tests.factories import LiaisonStationFactory

    station = LiaisonStationFactory()
    deputy = client_as("deputy")
    assert deputy.get(reverse("congress:home")).status_code == 200
    caches["default"].set("probe", 1)
    assert caches["default"].get("probe") == 1  # the cache really was Redis

    throwaway_redis.stop()
    assert caches["default"].get("probe") is None  # a miss, not an error
    assert client.get(reverse("reports:home")).status_code == 200
    assert deputy.get(reverse("congress:home")).status_code == 200  # the session is read from PostgreSQL
    response = client.post(reverse("deputies:station", args=[station.pk]), {"content": "停电期间也能留言吗"})
    assert response.status_code == 302
    assert PublicOpinion.objects.filter(station=station).count() == 1
    assert client.get(reverse("reports:report", args=[2023])).status_code in (200, 404)


def test_report_figures_are_computed_when_the_cache_is_away(client, role_users, throwaway_redis):
    from reports.models import ReportYear

    ReportYear.objects.create(year=2023, published=True)
    throwaway_redis.stop()
    data = client.get(reverse("reports:report_data", args=[2023])).json()
    assert data["figures"] and all("value" in f for f in data["figures"])
