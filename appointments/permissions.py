import rules

from congress.permissions import is_office, is_overseer

rules.add_perm("appointments.manage", is_office)
rules.add_perm("appointments.view_all", is_overseer)
