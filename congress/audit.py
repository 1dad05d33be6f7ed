"""The unified audit trail: every historical record django-simple-history writes (through the
portal, the admin or a service) becomes one AuditEntry with its actor and changed fields."""

from django.contrib.contenttypes.models import ContentType
from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

from congress.models import AuditAction, AuditEntry

MASK = "***"


def _value(value):
    if value is None or isinstance(value, (str, int, float, bool, dict, list)):
        return value  # a JSON field's value stays JSON (the entry's encoder writes dates inside it)
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


def _deadline_field(value, values: dict) -> str:
    """DeadlineNote.field: the label of the date field it explains on its record's model."""
    try:
        model = ContentType.objects.get_for_id(values["content_type"]).model_class()
        return str(model._meta.get_field(value).verbose_name)
    except Exception:  # the record type or its field is gone: the stored name is all there is
        return str(value)


def _deadline_parts(value, values: dict) -> str:
    import ast

    from congress.deadline_text import explain

    if isinstance(value, str) and value.startswith("{"):
        try:  # entries written before JSON values were kept as JSON hold the dict's repr
            value = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return value
    try:
        return explain(value) if isinstance(value, dict) else str(value)
    except (KeyError, TypeError, ValueError):  # an explanation in a shape this version does not know
        return _display(None, value, {})


# Values whose meaning lies outside their own field: (app_label.model, field) -> render(value, the
# entry's new values by field name).
VALUE_RENDERERS = {
    ("congress.deadlinenote", "field"): _deadline_field,
    ("congress.deadlinenote", "parts"): _deadline_parts,
}


def _display(field, value, related: dict) -> str:
    """Return one stored value as people read it (see ``entries_with_rows``)."""
    from django.utils.dateparse import parse_date, parse_datetime
    from django.utils.formats import date_format
    from django.utils.timezone import is_aware, localtime
    from django.utils.translation import gettext as _

    if value is None or value == "":
        return "—"
    if value == MASK or field is None:
        return str(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field.is_relation and field.many_to_one:
        obj = related.get(field.related_model, {}).get(_key(field.related_model, value))
        return str(obj) if obj is not None else "#%s" % value
    if field.flatchoices:
        return str(dict((str(k), v) for k, v in field.flatchoices).get(str(value), value))
    if field.get_internal_type() == "DateTimeField" and isinstance(value, str) and parse_datetime(value):
        moment = parse_datetime(value)
        return date_format(localtime(moment) if is_aware(moment) else moment, "DATETIME_FORMAT")
    if field.get_internal_type() == "DateField" and isinstance(value, str) and parse_date(value[:10]):
        return date_format(parse_date(value[:10]), "DATE_FORMAT")
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value) or "—"
    if isinstance(value, dict):
        return "；".join("%s：%s" % item for item in value.items()) or "—"
    return str(value)


def _key(model, value):
    try:
        return model._meta.pk.to_python(value)
    except Exception:  # a stored id the key type no longer accepts: shown as the id
        return value


def _field(model, name):
    """Return the concrete field a change names: by name, or by its column (a create's ``object``
    is ``object_id`` beside a generic relation, not the relation itself)."""
    if model is None or not name:
        return None
    fields = model._meta.concrete_fields
    return next((f for f in fields if f.name == name), None) or next(
        (f for f in fields if f.attname in (name, name + "_id")), None
    )


def entries_with_rows(entries) -> list[tuple]:
    """Return ``(entry, rows)`` for each audit entry, a row being ``{"label", "new"}`` (and ``"old"``
    for an update) as people read it: the field's verbose name, a choice's label, 是/否, dates the
    Chinese way, a foreign key as its record's ``str`` (one query per related model on the page; a
    record since removed shows as its id), masked values as they were stored. A field the model no
    longer has keeps its stored name."""
    entries = list(entries)
    wanted: dict = {}
    parsed = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = []
        for change in entry.changes or []:
            field = _field(model, change.get("field"))
            changes.append((field, change))
            if field is not None and field.is_relation and field.many_to_one:
                for side in ("old", "new"):
                    value = change.get(side)
                    if value not in (None, "", MASK):
                        wanted.setdefault(field.related_model, set()).add(_key(field.related_model, value))
        parsed.append((entry, changes))
    # select_related(): a related record whose str() reads its own parents (a term its congress)
    # costs no further query.
    related = {model: model._default_manager.select_related().in_bulk(ids) for model, ids in wanted.items()}
    result = []
    for entry, changes in parsed:
        rows = []
        values = {change.get("field"): change.get("new") for _field_, change in changes}
        for field, change in changes:
            row = {"label": str(field.verbose_name) if field is not None else change.get("field", "")}
            special = VALUE_RENDERERS.get(
                (entry.content_type.app_label + "." + entry.content_type.model, change.get("field"))
            )
            for side in ("old", "new"):
                if side in change:
                    value = change.get(side)
                    if special and value not in (None, "", MASK):
                        row[side] = special(value, values)
                    else:
                        row[side] = _display(field, value, related)
            rows.append(row)
        result.append((entry, rows))
    return result
