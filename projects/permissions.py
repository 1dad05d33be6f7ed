import rules

from congress.permissions import is_office, is_overseer

rules.add_perm("projects.manage", is_office)
rules.add_perm("projects.view_all", is_overseer)
