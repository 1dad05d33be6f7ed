"""congress/middleware.py: the policy header built once, and the visitors' language links."""

import pytest
from csp.constants import NONCE
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse

from congress.middleware import PolicyOnceCSPMiddleware

pytestmark = pytest.mark.django_db

POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "frame-ancestors": ["'none'"]}}


def _through(response_factory, request=None):
    request = request or RequestFactory().get("/")
    return request, PolicyOnceCSPMiddleware(lambda r: response_factory(r))(request)


def test_every_plain_response_gets_the_settings_policy_and_a_changed_setting_is_followed():
    _request, response = _through(lambda r: HttpResponse("ok"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "form-action 'self'" in response["Content-Security-Policy"]
    with override_settings(CONTENT_SECURITY_POLICY=POLICY):
        _request, response = _through(lambda r: HttpResponse("ok"))
        # django-csp orders the directives by a set's iteration (it follows the process's string hashing)
        assert set(response["Content-Security-Policy"].split("; ")) == {"default-src 'self'", "frame-ancestors 'none'"}
    _request, response = _through(lambda r: HttpResponse("ok"))
    assert "form-action 'self'" in response["Content-Security-Policy"]


def test_a_nonce_or_a_view_of_its_own_goes_through_django_csp():
    def with_nonce(request):
        str(request.csp_nonce)
        return HttpResponse("ok")

    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"script-src": ["'self'", NONCE]}}):
        request, response = _through(with_nonce)
        assert "'nonce-%s'" % request._csp_nonce in response["Content-Security-Policy"]

    def exempt(request):
        response = HttpResponse("ok")
        response._csp_exempt = True
        return response

    _request, response = _through(exempt)
    assert "Content-Security-Policy" not in response

    def updated(request):
        response = HttpResponse("ok")
        response._csp_update = {"img-src": ["https://tiles.example"]}
        return response

    _request, response = _through(updated)
    assert "https://tiles.example" in response["Content-Security-Policy"]


def test_a_nonce_asked_for_after_the_header_is_written_is_an_error():
    from csp.exceptions import CSPNonceError

    request, _response = _through(lambda r: HttpResponse("ok"))
    with pytest.raises(CSPNonceError, match="after the CSP header"):
        str(request.csp_nonce)


def test_visitors_switch_the_language_with_a_link_and_the_public_pages_hold_no_token(client):
    home = client.get(reverse("reports:home"))
    body = home.content.decode()
    assert "csrfmiddlewaretoken" not in body and "csrftoken" not in home.cookies
    link = reverse("language_link", args=["en"]) + "?next=/report/"
    assert 'href="%s?next=/"' % reverse("language_link", args=["en"]) in body
    switched = client.get(link)
    assert switched.status_code == 302 and switched["Location"] == "/report/"
    assert switched.cookies["django_language"].value == "en" and switched["Cache-Control"] == "no-store"
    assert "People's Congress Portal" in client.get(reverse("reports:home")).content.decode()


@pytest.mark.parametrize("target", ["https://elsewhere.example/", "//elsewhere.example/x", "javascript:alert(1)"])
def test_the_language_link_never_sends_a_visitor_off_site(client, target):
    response = client.get(reverse("language_link", args=["en"]), {"next": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_an_unknown_language_is_not_found_and_sets_nothing(client):
    response = client.get(reverse("language_link", args=["fr"]), {"next": "/"})
    assert response.status_code == 404 and "django_language" not in response.cookies


def test_signed_in_users_keep_the_form_that_records_their_choice(client_as, role_users):
    deputy = client_as("deputy")
    page = deputy.get(reverse("congress:home")).content.decode()
    assert 'action="%s"' % reverse("set_language") in page
    deputy.post(reverse("set_language"), {"language": "en", "next": "/"})
    role_users["deputy"].refresh_from_db()
    assert role_users["deputy"].language == "en"
