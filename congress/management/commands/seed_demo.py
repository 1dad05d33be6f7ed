from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from congress import demo


class Command(BaseCommand):
    help = "Load the demo year and one demo account per role (idempotent; refused in production)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo refuses to run with DJANGO_ENV=production: demo accounts have a published password"
            )
        from appointments import demo as appointments
        from appointments.demo import seed_appointments, seed_appointments_2022
        from deputies import demo as deputies
        from deputies.demo import seed_deputies, seed_deputies_2022
        from meetings import demo as meetings
        from meetings.demo import seed_meetings, seed_meetings_2022, seed_open_polls
        from oversight import demo as oversight
        from oversight.demo import seed_oversight, seed_oversight_2022
        from projects import demo as projects
        from projects.demo import seed_projects
        from proposals import demo as proposals
        from proposals.demo import seed_proposals, seed_proposals_2022
        from reports import demo as reports
        from reports.demo import seed_reports

        since = timezone.now()  # the history and audit rows this run writes are moved to their days below
        demo.seed_core()
        users = demo.seed_accounts()
        demo.seed_members()
        seed_deputies()
        seed_oversight()
        seed_proposals()
        seed_meetings()
        seed_projects()  # after the meetings: its votes are polls at the congress sessions' meetings
        seed_appointments()
        # the thinner 2022 the report compares with; each part is added once, also to an older demo database
        seed_deputies_2022()
        seed_meetings_2022()
        seed_oversight_2022()
        seed_proposals_2022()
        seed_projects(2022)
        seed_appointments_2022()
        seed_reports()
        seed_open_polls()  # the votes in progress, for the demo voter accounts to cast
        dates = {}
        for module in (demo, deputies, proposals, meetings, projects, appointments, oversight, reports):
            dates.update(module.HISTORY_DATES)
        demo.spread_history(since=since, dates=dates, audit_dates=demo.AUDIT_DATES)
        proposals.spread_status_changes()
        self.stdout.write("demo accounts (password: %s):" % demo.demo_password())
        for user in users:
            self.stdout.write("  %-8s %s" % (user.username, ", ".join(sorted(user.role_names))))
