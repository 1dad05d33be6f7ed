"""How a deputy is named where several may share a name: in choice lists and pickers."""

from django.utils.translation import gettext as _


def deputy_label(deputy) -> str:
    """Return "姓名（选区·代表小组·第N届）", leaving out what is not recorded. Reads ``group`` and
    ``term``: select them with the deputy, or each label costs queries."""
    parts = [
        deputy.constituency,
        deputy.group.name if deputy.group_id else "",
        _("term %(number)s") % {"number": deputy.term.number},
    ]
    return "%s（%s）" % (deputy.full_name, "·".join(p for p in parts if p))
