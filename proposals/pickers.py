"""The proposals app's autocomplete pickers (congress.pickers): co-signers among the deputies whose
mandates are in force, and the handling units a proposal is assigned or reassigned to."""

from django.db.models import Q
from django.utils import timezone

from congress.pickers import Kind
from deputies.formatting import deputy_label
from deputies.selectors import mandate_in_force
from proposals.forms import _units, cosigner_candidates


def _deputies(user):
    return cosigner_candidates(mandate_in_force(user=user, on=timezone.localdate()))


KINDS = {
    "deputies": Kind(
        allowed=lambda user: user.has_perm("proposals.submit"),
        candidates=_deputies,
        search=lambda qs, q: qs.filter(Q(full_name__icontains=q) | Q(constituency__icontains=q)),
        label=deputy_label,
    ),
    "units": Kind(
        allowed=lambda user: any(
            user.has_perm(p) for p in ("proposals.manage", "proposals.reply", "proposals.view_all")
        ),
        candidates=lambda user: _units(),
        search=lambda qs, q: qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q)),
    ),
}
