"""The visitor's address behind PROXY_COUNT reverse proxies: X-Forwarded-For's right-most untrusted
entry, for login throttling, public-form rate limits and the recorded sessions."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from congress.middleware import client_ip


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    "count, remote, forwarded, expected",
    [
        (0, "10.0.0.5", "203.0.113.7", "10.0.0.5"),  # no proxy configured: the header is not trusted at all
        (1, "10.0.0.5", None, "10.0.0.5"),  # direct request, no header
        (1, "10.0.0.5", "203.0.113.7", "203.0.113.7"),  # nginx appended the visitor
        (1, "10.0.0.5", "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # a spoofed left-most entry is ignored
        (1, "10.0.0.5", "6.6.6.6,7.7.7.7 ,  203.0.113.7", "203.0.113.7"),
        (2, "10.0.0.5", "6.6.6.6, 203.0.113.7, 10.0.0.9", "203.0.113.7"),  # two proxies: second from the right
        (2, "10.0.0.5", "203.0.113.7", "203.0.113.7"),  # fewer entries than proxies: the left-most
        (1, "10.0.0.5", "not-an-address", "10.0.0.5"),  # junk falls back to the peer
        (1, "10.0.0.5", "6.6.6.6, <script>", "10.0.0.5"),
        (1, "10.0.0.5", "2001:db8::1", "2001:db8::1"),
        (1, "10.0.0.5", "", "10.0.0.5"),
    ],
)
def test_client_ip_takes_the_right_most_untrusted_entry(settings, count, remote, forwarded, expected):
    settings.PROXY_COUNT = count
    assert client_ip(request_from(remote, forwarded)) == expected


def test_axes_and_ratelimit_use_the_same_function(settings):
    from axes.helpers import get_client_ip_address
    from django_ratelimit.core import _get_ip

    settings.PROXY_COUNT = 1
    request = request_from("10.0.0.5", "6.6.6.6, 203.0.113.7")
    assert get_client_ip_address(request) == _get_ip(request) == "203.0.113.7"


def login(client, username, password, forwarded):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_lockout_and_sessions_are_per_visitor_behind_the_proxy(settings, role_users):
    from axes.models import AccessAttempt

    from congress import demo
    from congress.models import UserSession

    settings.PROXY_COUNT = 1
    attacker, colleague = Client(), Client()
    for n in range(6):  # the attacker varies the spoofed part each time: still one visitor
        login(attacker, "member", "wrong-password", "9.9.9.%d, 198.51.100.1" % n)
    response = login(attacker, "member", demo.demo_password(), "198.51.100.1")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.1"}
    response = login(colleague, "member", demo.demo_password(), "198.51.100.2")  # same proxy, other visitor
    assert response.status_code == 302
    assert UserSession.objects.get(user=role_users["member"]).ip == "198.51.100.2"
    response = login(colleague, "member", demo.demo_password(), "198.51.100.1, 198.51.100.2")  # second time
    assert response.status_code == 302


def test_public_form_allowance_is_per_visitor_behind_the_proxy(settings, role_users):
    from deputies.models import PublicOpinion
    from deputies.tests.factories import LiaisonStationFactory

    settings.PROXY_COUNT = 1
    station = LiaisonStationFactory()
    url = reverse("deputies:station", args=[station.pk])
    client = Client()
    for i in range(6):
        client.post(
            url,
            {"content": "第%d条留言内容" % i},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="10.%d.0.1, 198.51.100.7" % i,
        )
    assert PublicOpinion.objects.filter(station=station).count() == 5  # the spoofed prefix bought nothing
    client.post(url, {"content": "另一位群众的留言"}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert PublicOpinion.objects.filter(station=station).count() == 6
