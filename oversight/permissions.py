import rules

from congress.permissions import is_office, is_overseer, is_unit_contact

rules.add_perm("oversight.manage", is_office)
rules.add_perm("oversight.view_all", is_overseer)
rules.add_perm("oversight.respond", is_unit_contact)
