"""Print a deadline and how it is computed: manage.py deadline_explain --from 2024-11-04 --months 3
(or --days N, with --working-days or a congress's rule by --congress ID)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from congress.deadlines import deadline_compute


class Command(BaseCommand):
    help = "Print the deadline a period gives on China's calendar, with its explanation."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="the start day, YYYY-MM-DD")
        period = parser.add_mutually_exclusive_group(required=True)
        period.add_argument("--months", type=int)
        period.add_argument("--days", type=int)
        parser.add_argument(
            "--working-days",
            action="store_true",
            default=None,
            help="count the days as working days (default: the congress's rule)",
        )
        parser.add_argument("--congress", type=int, help="the congress whose rule counts days")
        parser.add_argument("--language", default="zh-hans", choices=["zh-hans", "en"])

    def handle(self, *args, start, months, days, working_days, congress, language, **options):
        try:
            start = dt.date.fromisoformat(start)
        except ValueError:
            raise CommandError("--from must be a date, YYYY-MM-DD")
        try:
            deadline = deadline_compute(
                start=start, months=months, days=days, working_days=working_days, congress=congress
            )
        except ValueError as exc:
            raise CommandError(str(exc))
        with translation.override(language):
            self.stdout.write(deadline.date.isoformat())
            self.stdout.write(deadline.explanation)
