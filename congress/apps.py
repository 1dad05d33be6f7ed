from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("Core")
    portal = {
        "nav": "congress.nav.NAV",
        "workbench": "congress.workbench.entries",
        "fingerprint": ["templates/pdf/base.html", "pdf.py"],  # the report PDF's base template and renderer
    }

    def ready(self):
        from congress import audit, otp, permissions, production, roles, sessions, stamp  # noqa: F401  (receivers, rules)

        stamp.connect_invalidation(self)

        post_migrate.connect(roles.sync_role_groups_after_migrate)
        post_migrate.connect(production.mark_production_database, sender=self)
        from congress import holidays

        post_migrate.connect(holidays.seed_after_migrate, sender=self, dispatch_uid="congress.calendar_seed")
        connection_created.connect(production.refuse_debug_on_production)
