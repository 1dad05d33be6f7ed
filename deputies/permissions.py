"""Who may see and change deputy records. Private fields (ID number, phone, home address) are for
the office only (staff and administrators)."""

import rules

from congress.permissions import is_deputy, is_office, is_overseer


@rules.predicate
def is_own_mandate(user, deputy):
    return bool(deputy is not None and user.is_authenticated and deputy.user_id == user.pk)


rules.add_perm("deputies.manage", is_office)
rules.add_perm("deputies.view_all", is_overseer)
rules.add_perm("deputies.view_private", is_office)
rules.add_perm("deputies.view_dossier", is_overseer | is_own_mandate)
rules.add_perm("deputies.view_own_dossier", is_deputy)
