"""{{ record|deadline_explanation:"field" }}: how a record's deadline was computed, in the reader's
language (empty when the date was set by hand). For lists, attach the notes first
(congress.deadlines.deadline_notes_attach) so the filter makes no query per row."""

from django import template

from congress.deadlines import deadline_note_for

register = template.Library()


@register.filter
def deadline_explanation(record, field="deadline"):
    if record is None or not getattr(record, "pk", None):
        return ""
    note = deadline_note_for(record, field)
    return note.explanation if note else ""


@register.simple_tag
def deadline_notes(records, field="deadline"):
    """{% deadline_notes assignments "deadline" %}: load the notes of a list in one query; prints nothing."""
    from congress.deadlines import deadline_notes_attach

    deadline_notes_attach(list(records), field)
    return ""
