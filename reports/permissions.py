import rules

from congress.permissions import is_office, is_overseer

rules.add_perm("reports.manage", is_office)
rules.add_perm("reports.view_unpublished", is_overseer)
