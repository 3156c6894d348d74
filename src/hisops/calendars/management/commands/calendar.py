from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError

from hisops.calendars import selectors as calendars
from hisops.calendars.choices import DurationUnit
from hisops.calendars.services import statutory_holidays_import
from hisops.core.capabilities import SYSTEM
from hisops.core.errors import DomainError
from hisops.core.management.reporting import fail_with_row_report


class Command(BaseCommand):
    help = "Business calendars: import-holidays FILE | deadline --calendar CODE --start ISO --duration N --unit U"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        imp = sub.add_parser(
            "import-holidays", help="add a year's statutory holidays and make-up workdays"
        )
        imp.add_argument("file", help=".csv (date,kind,name) or .json")
        imp.add_argument("--calendar", default="cn-workday", help="calendar that holds the data")
        dl = sub.add_parser("deadline", help="print when a duration of working time is up")
        dl.add_argument("--calendar", required=True)
        dl.add_argument(
            "--start", required=True, help="ISO 8601; without an offset, the calendar's zone"
        )
        dl.add_argument("--duration", required=True, type=int)
        dl.add_argument("--unit", required=True, choices=DurationUnit.values)

    def handle(self, *args, verb, **options):
        if verb == "import-holidays":
            self.import_holidays(options["file"], options["calendar"])
        else:
            self.deadline(**{k: options[k] for k in ("calendar", "start", "duration", "unit")})

    def _calendar(self, code):
        try:
            return calendars.calendar_get(user=SYSTEM, code=code)
        except DomainError:
            raise CommandError(f"unknown calendar {code!r}") from None

    def import_holidays(self, file, code):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"no such file: {file}")
        calendar = self._calendar(code)
        try:
            result = statutory_holidays_import(
                actor=SYSTEM, calendar=calendar, file_name=path.name, content=path.read_bytes()
            )
        except DomainError as exc:
            fail_with_row_report(self, exc)
        years = ", ".join(str(y) for y in result["years"])
        self.stdout.write(
            self.style.SUCCESS(
                f"{calendar.code}: {result['days']} days for {years} (replaced {result['replaced']})"
            )
        )

    def deadline(self, calendar, start, duration, unit):
        cal = self._calendar(calendar)
        try:
            moment = datetime.fromisoformat(start)
        except ValueError:
            raise CommandError(
                f"--start {start!r} is not an ISO 8601 time such as 2026-09-30T16:00+08:00"
            ) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ZoneInfo(cal.time_zone))
        if duration < 0:
            raise CommandError("--duration must not be negative")
        result = calendars.deadline(cal, moment, duration, unit)
        self.stdout.write(result.due_at.isoformat())
        if result.holiday_data_missing:
            self.stderr.write(
                self.style.WARNING(
                    "warning: holiday_data_missing: the period reaches a year without statutory "
                    "holiday data; the due time counts weekends only"
                )
            )
