import rules

from congress.permissions import is_member, is_office, is_overseer, is_unit_contact

rules.add_perm("appointments.manage", is_office)
rules.add_perm("appointments.view_all", is_overseer)
rules.add_perm("appointments.member", is_member | is_overseer)  # the members' page: statements and votes
rules.add_perm("appointments.unit", is_unit_contact)  # file an appointee's performance report
