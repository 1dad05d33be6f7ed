from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from congress import demo


class Command(BaseCommand):
    help = "Load the demo year and one demo account per role (idempotent; refused in production)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run with DJANGO_ENV=production: demo accounts have a published password")
        from appointments.demo import seed_appointments
        from deputies.demo import seed_deputies
        from meetings.demo import seed_meetings
        from oversight.demo import seed_oversight
        from projects.demo import seed_projects
        from proposals.demo import seed_proposals
        from reports.demo import seed_reports

        demo.seed_core()
        users = demo.seed_accounts()
        seed_deputies()
        seed_oversight()
        seed_proposals()
        seed_meetings()
        seed_projects()  # after the meetings: its votes are polls at the congress sessions' meetings
        seed_appointments()
        seed_reports()
        self.stdout.write("demo accounts (password: %s):" % demo.demo_password())
        for user in users:
            self.stdout.write("  %-8s %s" % (user.username, ", ".join(sorted(user.role_names))))
