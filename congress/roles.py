"""Role groups and their model permissions. Object-level rules live in each app's permissions.py
(django-rules predicates); these groups give the admin site and list pages their coarse access."""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from congress.models import Role

# Models (app_label.model) each role may view / change. Later apps add their models here.
CORE_MODELS = ["congress.congress", "congress.term", "congress.session", "congress.organization"]
DEPUTY_MODELS = [
    "deputies.%s" % m
    for m in (
        "deputy",
        "byelection",
        "deputygroup",
        "liaisonstation",
        "reception",
        "publicopinion",
        "activity",
        "commendation",
        "contribution",
    )
]
MEETING_MODELS = ["meetings.%s" % m for m in ("meeting", "agendaitem", "attendance", "leaverequest")]
ROLE_PERMISSIONS = {
    Role.STAFF: {
        "view": CORE_MODELS + DEPUTY_MODELS + MEETING_MODELS + ["congress.auditentry", "congress.user"],
        "add": CORE_MODELS + DEPUTY_MODELS + MEETING_MODELS,
        "change": CORE_MODELS + DEPUTY_MODELS + MEETING_MODELS,
    },
    Role.LEADER: {"view": CORE_MODELS + DEPUTY_MODELS + MEETING_MODELS + ["congress.auditentry"]},
    Role.ADMIN: {
        "view": CORE_MODELS + ["congress.auditentry", "congress.user", "congress.outboundemail"],
        "add": CORE_MODELS + ["congress.user"],
        "change": CORE_MODELS + ["congress.user"],
    },
    Role.MEMBER: {"view": []},
    Role.DEPUTY: {"view": []},
    Role.UNIT: {"view": []},
}


# Proposals: staff keep each congress's rules (numbers of the workflow) and read its records in the admin.
PROPOSAL_MODELS = ["proposals.proposalrules", "proposals.proposal", "proposals.assignment"]
ROLE_PERMISSIONS[Role.STAFF] = {
    **ROLE_PERMISSIONS[Role.STAFF],
    "view": ROLE_PERMISSIONS[Role.STAFF]["view"] + PROPOSAL_MODELS,
    "add": ROLE_PERMISSIONS[Role.STAFF]["add"] + ["proposals.proposalrules"],
    "change": ROLE_PERMISSIONS[Role.STAFF]["change"] + ["proposals.proposalrules"],
}


@transaction.atomic
def sync_role_groups() -> dict[str, Group]:
    """Create the role groups and give each exactly its listed model permissions. Idempotent."""
    groups = {}
    for role, grants in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        perms = []
        for action, models in grants.items():
            for label in models:
                app_label, model = label.split(".")
                perms.extend(
                    Permission.objects.filter(content_type__app_label=app_label, codename="%s_%s" % (action, model))
                )
        group.permissions.set(perms)
        groups[role.value] = group
    return groups


def sync_role_groups_after_migrate(sender, apps=global_apps, **kwargs):
    # post_migrate is sent once per app; permissions of every app exist only after the last one.
    if sender.name == list(global_apps.get_app_configs())[-1].name:
        sync_role_groups()
