import rules

from congress.permissions import is_deputy, is_office, is_overseer, is_unit_contact

rules.add_perm("projects.manage", is_office)
rules.add_perm("projects.view_all", is_overseer)
rules.add_perm("projects.unit", is_unit_contact | is_office)  # an implementing unit's own projects
rules.add_perm("projects.deputy", is_deputy | is_overseer)  # the slate, the vote, projects supervised
