"""Second factor: TOTP devices and one-time recovery codes (django-otp)."""

import base64

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from congress import principals

RECOVERY_CODES = 10


STEP_TTL = 300  # seconds; device and role changes forget the answer at once (second_factor_forget)


def needs_second_factor(user) -> str | None:
    """Return 'verify' if the user must give a code this session, 'setup' if they must first enrol.

    Asked by the session guard on every request of a signed-in user whose session has no verified
    device, so the answer is kept in the cache (one Redis read instead of two or three queries) and
    forgotten whenever one of the user's devices or roles changes."""
    key = principals.step_key(user.pk)
    step = getattr(user, "_portal_step", None)  # read with the user's snapshot (congress.principals)
    if step is None:
        step = cache.get(key)
    if step is None:
        if user_has_device(user, confirmed=True):
            step = "verify"
        elif settings.OTP_REQUIRED_ROLES and user.has_role(*settings.OTP_REQUIRED_ROLES):
            step = "setup"
        else:
            step = ""
        cache.set(key, step, STEP_TTL)
    return step or None


def second_factor_forget(user_id) -> None:
    """Drop the cached answer of needs_second_factor (and the user's snapshot) for ``user_id``, now and
    again after the transaction commits (a request reading the old rows meanwhile cannot keep a stale answer)."""
    principals.forget(user_id)


@receiver([post_save, post_delete], sender=TOTPDevice, dispatch_uid="otp_step_totp")
@receiver([post_save, post_delete], sender=StaticDevice, dispatch_uid="otp_step_static")
def _device_changed(sender, instance, **kwargs):
    principals.forget_device(instance)
    second_factor_forget(instance.user_id)


@receiver(m2m_changed, sender=get_user_model().groups.through, dispatch_uid="otp_step_roles")
def _roles_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        second_factor_forget(instance.pk)
    else:  # group.user_set changed: the users named, or every member on clear
        for user_id in pk_set or instance.user_set.values_list("pk", flat=True):
            second_factor_forget(user_id)


def totp_pending(user) -> TOTPDevice:
    """Return the user's unconfirmed TOTP device, creating one with a fresh secret if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def qr_data_uri(device: TOTPDevice) -> str:
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


@transaction.atomic
def totp_confirm(*, user, token: str) -> list[str] | None:
    """Confirm the pending TOTP device with a code from the app; return new recovery codes, or None."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_renew(user=user)


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    """Replace the user's recovery codes; each works once. Return them to show once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def verify(*, user, token: str):
    """Return the device that accepts ``token`` (TOTP code or unused recovery code), else None."""
    token = (token or "").strip().replace(" ", "")
    if not token or len(token) > 16:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


@transaction.atomic
def second_factor_disable(*, user) -> None:
    for device in devices_for_user(user, confirmed=None):
        device.delete()
