from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("Core")

    def ready(self):
        from congress import audit, permissions, roles, sessions  # noqa: F401  (signal receivers, rules)

        post_migrate.connect(roles.sync_role_groups_after_migrate)
