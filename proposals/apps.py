from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals")
    portal = {
        "nav": "proposals.contrib.NAV",
        "workbench": "proposals.workbench.entries",
        "roles": "proposals.roles.ROLE_GRANTS",
        "pickers": "proposals.pickers.KINDS",
        "search": "proposals.search.SOURCES",
        "calendar": "proposals.calendar.events",
        "figures": "proposals.figures.figures",
        "records": "proposals.figures.records",
        "demo": {
            30: "proposals.demo.seed_proposals",
            140: "proposals.demo.seed_proposals_2022",
            190: "proposals.demo.seed_live_work",
        },
        "history_dates": "proposals.demo.HISTORY_DATES",
        "demo_finish": "proposals.demo.spread_status_changes",
    }

    def ready(self):
        from django.db.models.signals import post_migrate

        from proposals import permissions, reminders  # noqa: F401  (rules, the reminder source)

        post_migrate.connect(_starting_categories, sender=self)


def _starting_categories(sender, using="default", **kwargs):
    """The starting category list after a migrate or flush leaves none (tests' flushes included), as
    content types come back: forms and seeding name them."""
    from proposals.services import categories_ensure

    categories_ensure(using=using)
