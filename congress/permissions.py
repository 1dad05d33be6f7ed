"""Role predicates (django-rules) shared by every app. They read the user's cached role set, so a
check on a loaded user costs at most one query per request."""

import rules

from congress.models import Role


def _role(role):
    @rules.predicate(name="is_%s" % role)
    def predicate(user):
        return bool(user and user.is_authenticated and user.has_role(role))

    return predicate


is_deputy = _role(Role.DEPUTY)
is_unit_contact = _role(Role.UNIT)
is_member = _role(Role.MEMBER)
is_leader = _role(Role.LEADER)
is_admin = _role(Role.ADMIN)
is_staff_member = _role(Role.STAFF)
is_office = is_staff_member | is_admin  # manages records
is_overseer = is_office | is_leader  # reads everything

rules.add_perm("congress.manage_core", is_office)
rules.add_perm("congress.view_core", is_overseer)
rules.add_perm("congress.view_audit", is_overseer)
rules.add_perm("congress.manage_sessions", is_office)


def require_perm(perm: str):
    """View decorator: anonymous users go to the login page; signed-in users without ``perm`` get 403."""
    from django.contrib.auth.decorators import login_required
    from rules.contrib.views import permission_required

    def decorator(view):
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorator
