"""The unified audit trail: every historical record django-simple-history writes (through the
portal, the admin or a service) becomes one AuditEntry with its actor and changed fields."""

from django.contrib.contenttypes.models import ContentType
from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

from congress.models import AuditAction, AuditEntry

MASK = "***"


def _value(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _changes(instance, history_instance) -> list[dict]:
    private = getattr(type(instance), "audit_private_fields", frozenset())
    tracked = [
        f.attname
        for f in history_instance.instance_type._meta.fields
        if f.attname in {hf.attname for hf in history_instance._meta.fields}
    ]
    rows = []
    if history_instance.history_type == AuditAction.UPDATE:
        prev = history_instance.prev_record
        if prev is None:
            return rows
        for change in history_instance.diff_against(prev).changes:
            old, new = change.old, change.new
            if change.field in private:
                old, new = MASK, MASK
            rows.append({"field": change.field, "old": _value(old), "new": _value(new)})
    elif history_instance.history_type == AuditAction.CREATE:
        for name in tracked:
            value = getattr(history_instance, name, None)
            if value in (None, ""):
                continue
            field = name[:-3] if name.endswith("_id") else name
            rows.append({"field": field, "new": MASK if field in private else _value(value)})
    return rows


@receiver(post_create_historical_record)
def record_audit_entry(sender, instance, history_instance, history_user=None, **kwargs):
    changes = _changes(instance, history_instance)
    if history_instance.history_type == AuditAction.UPDATE and not changes:
        return  # a save that changed nothing is not worth a line
    AuditEntry.objects.create(
        created_at=history_instance.history_date,
        actor=history_user if getattr(history_user, "pk", None) else None,
        action=history_instance.history_type,
        content_type=ContentType.objects.get_for_model(type(instance), for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes,
    )


def as_actor(instance, user):
    """Attach the acting user to an instance before a save outside a request (services, tasks)."""
    instance._history_user = user
    return instance
