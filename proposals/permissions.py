import rules

from congress.permissions import is_deputy, is_office, is_overseer, is_unit_contact

rules.add_perm("proposals.view_all", is_overseer)
rules.add_perm("proposals.manage", is_office)
rules.add_perm("proposals.submit", is_deputy)
rules.add_perm("proposals.reply", is_unit_contact)
