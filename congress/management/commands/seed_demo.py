from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from congress import demo
from congress.contrib import objects, steps


class Command(BaseCommand):
    help = "Load the demo year and one demo account per role (idempotent; refused in production)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo refuses to run with DJANGO_ENV=production: demo accounts have a published password"
            )
        since = timezone.now()  # the history and audit rows this run writes are moved to their days below
        demo.seed_core()
        users = demo.seed_accounts()
        demo.seed_members()
        # every app's steps (AppConfig.portal["demo"], {order: path}) by their explicit order: the year first,
        # then the thinner 2022 the report compares with (each part is added once, also to an older demo
        # database), the report's own records, and last the votes in progress for the demo voter accounts;
        # meetings (40) before projects (50): a project's vote is a poll at a congress session's meeting;
        # from LIVE_FROM on, the work waiting today (its notices stay unread)
        settled = False
        for order, step in steps("demo", with_order=True):
            if order >= demo.LIVE_FROM and not settled:  # the past years' notices were read in their time
                demo.settle_notifications(since=since)
                settled = True
            step()
        dates = dict(demo.HISTORY_DATES)
        for app_dates in objects("history_dates"):  # INSTALLED_APPS order
            dates.update(app_dates)
        demo.spread_history(since=since, dates=dates, audit_dates=demo.AUDIT_DATES)
        for finish in objects("demo_finish"):
            finish()
        self.stdout.write("demo accounts (password: %s):" % demo.demo_password())
        for user in users:
            self.stdout.write("  %-8s %s" % (user.username, ", ".join(sorted(user.role_names))))
