"""Reads for the core: lists that own their joins, the audit trail, the per-role home page."""

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from congress.models import AuditEntry, Congress, Notification, Organization, Role, Session, Term, User


def congress_list() -> QuerySet[Congress]:
    return Congress.objects.select_related("parent").annotate(term_count=Count("terms")).order_by("level", "name")


def term_list() -> QuerySet[Term]:
    return (
        Term.objects.select_related("congress")
        .annotate(session_count=Count("sessions"))
        .order_by("congress__name", "-number")
    )


def session_list() -> QuerySet[Session]:
    return Session.objects.select_related("term__congress")


def organization_list() -> QuerySet[Organization]:
    return Organization.objects.select_related("congress", "parent")


def audit_list() -> QuerySet[AuditEntry]:
    return AuditEntry.objects.select_related("actor", "content_type")


def audit_for(instance) -> QuerySet[AuditEntry]:
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(type(instance))
    return audit_list().filter(content_type=ct, object_id=str(instance.pk))


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def notification_unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def home_for(*, user: User) -> dict:
    """Return what waits for ``user``: unread notifications and one panel per role they hold."""
    roles = user.role_names | ({Role.ADMIN.value} if user.is_superuser else set())
    panels = [panel for role in Role if role.value in roles for panel in _panels(role, user)]
    return {
        "roles": [Role(r).label for r in Role.values if r in roles],
        "unread": list(Notification.objects.filter(recipient=user, read_at__isnull=True)[:5]),
        "panels": panels,
    }


def _panels(role: Role, user: User) -> list[dict]:
    """Return the home-page panels of one role. Each later app adds its own work items here."""
    if role in (Role.STAFF, Role.ADMIN, Role.LEADER):
        counts = Organization.objects.aggregate(
            total=Count("pk"), handling=Count("pk", filter=Q(is_handling_unit=True, is_active=True))
        )
        return [
            {
                "role": role,
                "items": [
                    {"label": _("Organizations"), "count": counts["total"], "url_name": "congress:organization_list"},
                    {
                        "label": _("Active handling units"),
                        "count": counts["handling"],
                        "url_name": "congress:organization_list",
                    },
                    {"label": _("Congresses"), "count": Congress.objects.count(), "url_name": "congress:congress_list"},
                    {"label": _("Audit trail"), "count": None, "url_name": "congress:audit_list"},
                ],
            }
        ]
    if role is Role.DEPUTY:
        return [
            {
                "role": role,
                "items": [
                    {"label": _("My proposals"), "count": None, "url_name": "proposals:index"},
                    {"label": _("My dossier"), "count": None, "url_name": "deputies:my_dossier"},
                ],
            }
        ]
    if role is Role.UNIT:
        return [
            {
                "role": role,
                "items": [{"label": _("Assignments to my unit"), "count": None, "url_name": "proposals:index"}],
            }
        ]
    if role is Role.MEMBER:
        return [{"role": role, "items": [{"label": _("My meetings"), "count": None, "url_name": "meetings:index"}]}]
    return []
