"""Who may do what with proposals: role rules for views, and object checks that cost no query on
loaded objects (the services check again under their locks)."""

import rules

from congress.permissions import is_deputy, is_leader, is_office, is_overseer, is_unit_contact
from proposals.models import Role, Status

rules.add_perm("proposals.view_all", is_overseer)
rules.add_perm("proposals.manage", is_office)
rules.add_perm("proposals.submit", is_deputy)
rules.add_perm("proposals.reply", is_unit_contact)
rules.add_perm("proposals.supervise", is_leader)
rules.add_perm("proposals.statistics", is_overseer)


def is_lead_deputy(user, proposal) -> bool:
    return user.is_authenticated and proposal.lead.user_id == user.pk


def unit_may_act(user, assignment) -> bool:
    return (
        user.is_authenticated
        and user.organization_id == assignment.unit_id
        and user.has_role("unit")
        and assignment.is_open
    )


def can_reply(user, assignment) -> bool:
    return (
        unit_may_act(user, assignment)
        and assignment.role == Role.LEAD
        and assignment.proposal.status == Status.ASSIGNED
    )


def can_send_opinion(user, assignment) -> bool:
    return unit_may_act(user, assignment) and assignment.role != Role.LEAD
