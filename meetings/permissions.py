import rules

from congress.permissions import is_deputy, is_member, is_office, is_overseer

rules.add_perm("meetings.manage", is_office)
rules.add_perm("meetings.view_all", is_overseer)
rules.add_perm("meetings.take_part", is_overseer | is_member | is_deputy)
