"""Second factor, session timeouts, staff ending sessions, login throttling."""

import time

import pytest
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from congress import demo
from congress.models import UserSession

pytestmark = pytest.mark.django_db


def code(device: TOTPDevice, offset: int = 0) -> str:
    return "%06d" % totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)


def login(client, username, password=None):
    return client.post(reverse("login"), {"username": username, "password": password or demo.demo_password()})


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED_ROLES = ["staff", "leader", "admin"]


def test_office_roles_must_enrol_then_give_a_code_at_every_login(client, role_users, required):
    assert login(client, "staff").status_code == 302
    assert client.get(reverse("congress:home")).url == reverse("otp_setup")  # nothing else until enrolled
    page = client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(user=role_users["staff"], confirmed=False)
    assert page.context["secret"] and page.context["qr"].startswith("data:image/svg+xml;base64,")
    assert (
        client.post(reverse("otp_setup"), {"code": "000000" if code(device) != "000000" else "111111"}).status_code
        == 200
    )
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp slows down guessing
    device.throttle_reset()
    response = client.post(reverse("otp_setup"), {"code": code(device)})
    codes = response.context["codes"]
    assert len(codes) == 10 and client.get(reverse("congress:home")).status_code == 200

    client.post(reverse("logout"))
    login(client, "staff")
    assert client.get(reverse("congress:home")).url.startswith(reverse("otp_verify"))
    assert client.post(reverse("otp_verify"), {"code": "123"}).status_code == 200  # wrong: stays
    for device in devices_for_user(role_users["staff"]):  # a wrong code slows the next try (1 s); skip the wait
        device.throttle_reset()
    response = client.post(reverse("otp_verify") + "?next=/audit/", {"code": codes[0]})  # a recovery code
    assert response.url == "/audit/"
    assert client.get(reverse("congress:home")).status_code == 200

    client.post(reverse("logout"))
    login(client, "staff")
    client.post(reverse("otp_verify"), {"code": codes[0]})  # each recovery code works once
    assert client.get(reverse("congress:home")).url.startswith(reverse("otp_verify"))


def test_deputies_may_choose_a_second_factor_and_turn_it_off(client, role_users, required):
    login(client, "deputy")
    assert client.get(reverse("congress:home")).status_code == 200  # not required for deputies
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(user=role_users["deputy"])
    client.post(reverse("otp_setup"), {"code": code(device)})
    client.post(reverse("otp_disable"))
    assert not TOTPDevice.objects.filter(user=role_users["deputy"]).exists()


def test_required_roles_cannot_turn_it_off(client, role_users, required):
    login(client, "leader")
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(user=role_users["leader"])
    client.post(reverse("otp_setup"), {"code": code(device)})
    response = client.post(reverse("otp_disable"), follow=True)
    assert "不能关闭" in response.content.decode()
    assert TOTPDevice.objects.filter(user=role_users["leader"], confirmed=True).exists()


def test_session_key_changes_at_login_and_staff_can_end_a_session(client, client_as, role_users):
    client.get(reverse("login"))
    before = client.session.session_key
    login(client, "deputy")
    row = UserSession.objects.get(user=role_users["deputy"], ended_at__isnull=True)
    assert row.session_key != before and client.session.session_key == row.session_key
    staff = client_as("staff")
    assert "陈秀兰" in staff.get(reverse("session_list")).content.decode()
    staff.post(reverse("session_end", args=[row.pk]))
    assert client.get(reverse("congress:home")).status_code == 302  # signed out at the next request
    row.refresh_from_db()
    assert row.ended_at and row.ended_by == role_users["staff"]


def test_idle_and_absolute_timeouts(client, role_users, settings):
    from congress import sessions

    login(client, "member")
    session = client.session
    session[sessions.SEEN_AT] = time.time() - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get(reverse("congress:home"), follow=True)
    assert "一段时间未操作" in response.content.decode()
    login(client, "member")
    session = client.session
    session[sessions.LOGIN_AT] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 5
    session.save()
    assert client.get(reverse("congress:home")).status_code == 302


def test_disabled_account_is_signed_out_at_its_next_request(client, role_users):
    login(client, "unit")
    other = type(client)()
    login(other, "unit")  # a second device
    user = role_users["unit"]
    assert UserSession.objects.filter(user=user, ended_at__isnull=True).count() == 2
    user.is_active = False
    user.save()
    assert client.get(reverse("congress:home")).status_code == 302
    assert UserSession.objects.filter(user=user, ended_at__isnull=True).count() == 0
    user.is_active = True
    user.save()
    for device in (client, other):  # re-enabling the account does not revive its old sessions
        assert device.get(reverse("congress:home")).status_code == 302


def test_login_throttling_locks_after_five_failures(client, role_users):
    from axes.models import AccessAttempt

    for _ in range(5):
        login(client, "member", "wrong-password")
    response = login(client, "member")  # the right password no longer helps
    assert response.status_code == 429 and "登录失败次数过多" in response.content.decode()
    assert AccessAttempt.objects.get(username="member").failures_since_start == 6  # the refused try is logged too


def test_every_login_attempt_is_logged(client, role_users):
    from axes.models import AccessFailureLog, AccessLog

    login(client, "deputy", "wrong-password")
    login(client, "deputy", "wrong-again")
    login(client, "deputy")
    failures = AccessFailureLog.objects.filter(username="deputy")
    assert failures.count() == 2 and all(f.ip_address and f.attempt_time for f in failures)
    assert AccessLog.objects.filter(username="deputy", attempt_time__isnull=False).count() == 1


def test_no_administrator_reads_anothers_authenticator_secret(client_as, role_users):
    """The admin's TOTP config and QR pages are refused (403), for a device that exists or not: never a 500."""
    from congress.otp import totp_pending

    device = totp_pending(role_users["deputy"])
    admin = client_as("admin")
    for pk in (device.pk, device.pk + 1000, 0):
        for page in ("config", "qrcode"):
            assert admin.get("/admin/otp_totp/totpdevice/%d/%s/" % (pk, page)).status_code == 403


def test_the_second_factor_step_is_cached_and_forgotten_when_devices_or_roles_change(
    role_users, settings, django_assert_num_queries
):
    from django.contrib.auth.models import Group

    from congress.otp import needs_second_factor

    settings.OTP_REQUIRED_ROLES = ["staff"]
    deputy = role_users["deputy"]
    assert needs_second_factor(deputy) is None
    with django_assert_num_queries(0):  # the session guard asks on every request: the cache answers
        assert needs_second_factor(deputy) is None
    device = TOTPDevice.objects.create(user=deputy, name="authenticator", confirmed=True)
    assert needs_second_factor(deputy) == "verify"
    device.delete()
    assert needs_second_factor(deputy) is None
    deputy.groups.add(Group.objects.get(name="staff"))
    deputy = type(deputy).objects.get(pk=deputy.pk)  # a new request loads the user afresh
    assert needs_second_factor(deputy) == "setup"
    Group.objects.get(name="staff").user_set.remove(deputy)
    deputy = type(deputy).objects.get(pk=deputy.pk)
    assert needs_second_factor(deputy) is None


def test_the_signed_in_user_comes_from_the_cache_and_every_change_of_the_account_is_seen(
    client_as, role_users, django_assert_num_queries
):
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.test import RequestFactory

    from congress.principals import get_user

    key = client_as("deputy").session.session_key

    def request_user():
        request = RequestFactory().get("/")
        request.session = SessionStore(session_key=key)
        return get_user(request)

    deputy = role_users["deputy"]
    assert request_user().pk == deputy.pk  # loads it from PostgreSQL once and keeps the snapshot
    with django_assert_num_queries(0):  # every later request: the session and the snapshot, both from Redis
        user = request_user()
        assert user.pk == deputy.pk and user.has_role("deputy") and not user.has_role("staff")
    deputy.groups.add(Group.objects.get(name="staff"))
    assert request_user().has_role("staff")
    deputy.full_name = "改名后的代表"
    deputy.save()
    assert request_user().full_name == "改名后的代表"
    other = client_as("staff").session.session_key
    deputy.set_password("another-Passw0rd!")
    deputy.save()  # a new password signs the other sessions out
    assert not request_user().is_authenticated
    key = other
    staff = role_users["staff"]
    assert request_user().pk == staff.pk
    staff.is_active = False
    staff.save()
    assert not request_user().is_authenticated


def test_the_verifying_device_comes_from_the_cache_and_every_change_of_it_is_seen(
    client_as, role_users, django_assert_num_queries
):
    """django-otp reads the session's device from PostgreSQL on every request; here it comes with the user's
    snapshot, and an unconfirmed, deleted or other user's device never verifies a session."""
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.test import RequestFactory
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from congress.principals import CachedAuthenticationMiddleware, CachedOTPMiddleware

    staff = role_users["staff"]
    device = TOTPDevice.objects.create(user=staff, name="authenticator", confirmed=True)
    session = client_as("staff").session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    def verifying_device():
        request = RequestFactory().get("/")
        request.session = SessionStore(session_key=session.session_key)
        CachedAuthenticationMiddleware(lambda r: r).process_request(request)
        CachedOTPMiddleware(lambda r: r)(request)
        return request.user.otp_device

    assert verifying_device().pk == device.pk  # read from PostgreSQL once, then kept
    with django_assert_num_queries(0):  # every later request: session, user and device from one Redis read
        assert verifying_device().pk == device.pk and verifying_device().user_id == staff.pk
    device.confirmed = False
    device.save()
    assert verifying_device() is None
    device.confirmed = True
    device.save()
    assert verifying_device().pk == device.pk
    other = TOTPDevice.objects.create(user=role_users["deputy"], name="authenticator", confirmed=True)
    session = SessionStore(session_key=session.session_key)
    session[DEVICE_ID_SESSION_KEY] = other.persistent_id  # another user's device never verifies this session
    session.save()
    assert verifying_device() is None and verifying_device() is None
    session = SessionStore(session_key=session.session_key)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert verifying_device().pk == device.pk
    device.delete()
    assert verifying_device() is None


def test_model_permissions_come_with_the_snapshot_and_any_change_of_them_is_seen(
    client_as, role_users, django_assert_num_queries
):
    """A permission the rules deny falls through to Django's ModelBackend (two queries per request); the
    snapshot carries its answer, and a change of a user's or a group's permissions is seen at once."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.test import RequestFactory

    from congress.principals import get_user

    key = client_as("deputy").session.session_key

    def request_user():
        request = RequestFactory().get("/")
        request.session = SessionStore(session_key=key)
        return get_user(request)

    request_user()
    with django_assert_num_queries(0):
        user = request_user()
        assert not user.has_perm("meetings.manage") and not user.has_perm("congress.view_auditentry")
    permission = Permission.objects.get(codename="view_auditentry", content_type__app_label="congress")
    role_users["deputy"].user_permissions.add(permission)
    assert request_user().has_perm("congress.view_auditentry")
    role_users["deputy"].user_permissions.remove(permission)
    assert not request_user().has_perm("congress.view_auditentry")
    group = Group.objects.get(name="deputy")
    group.permissions.add(permission)  # through the group: every member's snapshot is stale
    assert request_user().has_perm("congress.view_auditentry")
    group.permissions.clear()
    assert not request_user().has_perm("congress.view_auditentry")
