from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from congress import demo


class Command(BaseCommand):
    help = "Load the demo year and one demo account per role (idempotent; refused in production)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo refuses to run with DJANGO_ENV=production: demo accounts have a published password"
            )
        from appointments.demo import seed_appointments, seed_appointments_2022
        from deputies.demo import seed_deputies, seed_deputies_2022
        from meetings.demo import seed_meetings, seed_meetings_2022
        from oversight.demo import seed_oversight, seed_oversight_2022
        from projects.demo import seed_projects
        from proposals.demo import seed_proposals, seed_proposals_2022
        from reports.demo import seed_reports

        demo.seed_core()
        users = demo.seed_accounts()
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
        self.stdout.write("demo accounts (password: %s):" % demo.demo_password())
        for user in users:
            self.stdout.write("  %-8s %s" % (user.username, ", ".join(sorted(user.role_names))))
