"""Role groups and their model permissions. Object-level rules live in each app's permissions.py
(django-rules predicates); these groups give the admin site and list pages their coarse access."""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from congress.contrib import objects
from congress.models import Role

# The core's own models (app_label.model) each role may view / change; each app adds its models through
# its AppConfig.portal["roles"] ({Role: {action: [app_label.model, ...]}}), merged by role_permissions().
CORE_MODELS = ["congress.congress", "congress.term", "congress.session", "congress.organization"]
CORE_GRANTS = {
    Role.STAFF: {
        "view": CORE_MODELS + ["congress.auditentry", "congress.user"],
        "add": CORE_MODELS,
        "change": CORE_MODELS,
    },
    Role.LEADER: {"view": CORE_MODELS + ["congress.auditentry"]},
    Role.ADMIN: {
        "view": CORE_MODELS + ["congress.auditentry", "congress.user", "congress.outboundemail"],
        "add": CORE_MODELS + ["congress.user"],
        "change": CORE_MODELS + ["congress.user"],
    },
    Role.MEMBER: {"view": []},
    Role.DEPUTY: {"view": []},
    Role.UNIT: {"view": []},
}


def role_permissions() -> dict:
    """{Role: {action: [app_label.model, ...]}}: the core's grants and every app's declared ones."""
    merged = {role: {action: list(models) for action, models in grants.items()} for role, grants in CORE_GRANTS.items()}
    for grants in objects("roles"):
        for role, actions in grants.items():
            for action, models in actions.items():
                granted = merged.setdefault(role, {}).setdefault(action, [])
                granted.extend(m for m in models if m not in granted)
    return merged


@transaction.atomic
def sync_role_groups() -> dict[str, Group]:
    """Create the role groups and give each exactly its listed model permissions. Idempotent."""
    groups = {}
    for role, grants in role_permissions().items():
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
