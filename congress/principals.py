"""The signed-in user of a request, read from the cache: no query on a signed-in request.

Django's AuthenticationMiddleware loads the user from PostgreSQL on every request (and, with
CONN_HEALTH_CHECKS, checks the connection first: two round trips), then the session guard asks
whether the user must give a second factor. Here both come from one Redis read (MGET of the user's
snapshot and its second-factor step, congress.otp), after the session's own read.

The second-factor device that verified the session (django-otp reads it from PostgreSQL on every request)
comes from the same MGET: ``CachedOTPMiddleware`` keeps the confirmed device under ``otp-device:<persistent
id>`` for PRINCIPAL_TTL seconds, forgotten on any save or delete of a device of the user (congress.otp), and
django-otp's own checks still run on it (bound to this user, confirmed).

The snapshot is the User instance with its role names and its Django model permissions (ModelBackend's
own per-object caches, so ``has_perm`` asks no query for a permission the rules deny), pickled under
``principal:<user id>`` for PRINCIPAL_TTL seconds. Any change of a user's or a group's permissions (or a
deleted group or permission) moves ``principal-generation``, read in the same MGET: every snapshot taken
before it is read again from PostgreSQL. Django's own checks still run on it: the session's auth hash must match the
snapshot's password hash (a changed password signs other sessions out) and the account must be active.
Any save or delete of the user, and any change of their groups or second-factor devices, forgets the
snapshot at once and again after the transaction commits (``forget``); a queryset ``update()`` on users
bypasses the signals, so it is not used on users anywhere, and PRINCIPAL_TTL bounds what it could leave.
"""

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware

PRINCIPAL_TTL = 300  # seconds
GENERATION_KEY = "principal-generation"


def principal_key(user_id) -> str:
    return "principal:%s" % user_id


def device_key(persistent_id) -> str:
    return "otp-device:%s" % persistent_id


def step_key(user_id) -> str:
    return "otp-step:%s:%s" % (user_id, ",".join(sorted(settings.OTP_REQUIRED_ROLES)))


def _from_cache(request):
    """The snapshot of the session's user if it is valid for this session, else None (one Redis read)."""
    session = request.session
    user_id = session.get(SESSION_KEY)
    if user_id is None or session.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS:
        return None
    device_id = session.get(DEVICE_ID_SESSION_KEY)
    keys = [principal_key(user_id), step_key(user_id), GENERATION_KEY] + ([device_key(device_id)] if device_id else [])
    got = cache.get_many(keys)
    user = got.get(principal_key(user_id))
    if user is None or str(user.pk) != str(user_id) or not user.is_active:
        return None
    if getattr(user, "_portal_generation", None) != got.get(GENERATION_KEY):
        return None  # permissions changed since the snapshot was taken
    if not constant_time_compare(session.get(HASH_SESSION_KEY) or "", user.get_session_auth_hash()):
        return None  # Django's get_user decides: fallback secrets, or flush the session
    user._portal_step = got.get(step_key(user_id))  # None when not cached: congress.otp asks the database
    if device_id:
        user._portal_device = got.get(device_key(device_id))  # None when not cached: read and kept below
    return user


def get_user(request):
    if not hasattr(request, "_cached_user"):
        user = _from_cache(request)
        if user is None:
            user = auth.get_user(request)
            if user.is_authenticated:
                user._portal_generation = cache.get(GENERATION_KEY)  # read before the rows below
                user.role_names  # noqa: B018  (kept in the snapshot: role checks need no query)
                ModelBackend().get_all_permissions(user)  # its _perm_cache and friends travel in the snapshot
                cache.set(principal_key(user.pk), user, PRINCIPAL_TTL)
        request._cached_user = user
    return request._cached_user


class CachedAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware with the user read through the cache (see module)."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: get_user(request))


class CachedOTPMiddleware(OTPMiddleware):
    """django-otp's middleware with the verifying device read through the cache (see module)."""

    def _verify_user_sync(self, request, user):
        self._init_user_fields(user)
        if user.is_authenticated:
            persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
            device = None
            if persistent_id:
                device = getattr(user, "_portal_device", None)
                if device is None or device.persistent_id != self._normalize_persistent_id(persistent_id):
                    device = self._device_from_persistent_id(persistent_id)
                    if device is not None and device.confirmed:
                        cache.set(device_key(persistent_id), device, PRINCIPAL_TTL)
            user.otp_device = self._finalize_device(request, user, device)
        return user


def forget_device(device) -> None:
    """Drop the cached copy of ``device`` (after any save or delete), now and after the commit."""
    keys = [device_key(device.persistent_id)]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def forget(user_id) -> None:
    """Drop the cached snapshot and second-factor step of ``user_id``, now and after the commit."""
    keys = [principal_key(user_id), step_key(user_id)]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


@receiver([post_save, post_delete], sender=settings.AUTH_USER_MODEL, dispatch_uid="principal_user_changed")
def _user_changed(sender, instance, **kwargs):
    forget(instance.pk)


def forget_everyone() -> None:
    """Make every snapshot stale (permissions changed): move the generation, now and after the commit."""

    def move():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 1, timeout=None)

    move()
    transaction.on_commit(move)


def _permissions_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        forget_everyone()


m2m_changed.connect(_permissions_changed, sender=Group.permissions.through, dispatch_uid="principal_group_perms")
m2m_changed.connect(
    _permissions_changed, sender=auth.get_user_model().user_permissions.through, dispatch_uid="principal_user_perms"
)


@receiver(post_delete, sender=Group, dispatch_uid="principal_group_deleted")
@receiver(post_delete, sender=Permission, dispatch_uid="principal_permission_deleted")
def _group_or_permission_deleted(sender, **kwargs):
    forget_everyone()
