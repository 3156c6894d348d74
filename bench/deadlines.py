"""Deadline computations per second on cn-workday, in one process.

    python bench/deadlines.py [--count 500000]

Random starts in 2025-2026 (to the second) and random durations up to 10 working days.
Measures two layers: the index itself (epoch seconds in and out: what an SLA sweep over
stored clocks uses) and ``add_business_minutes`` (aware datetimes in and out, as the API
and services call it). Uses the SQLite bench database in HISOPS_HOME, which it initialises.
"""

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=500_000)
    args = parser.parse_args(argv)
    home = Path(os.environ.get("HISOPS_HOME", "var")).resolve()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{home / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hisops.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from hisops.calendars.models import BusinessCalendar
    from hisops.calendars.selectors import add_business_minutes, working_time
    from hisops.calendars.services import shipped_calendars_ensure, statutory_holidays_seed

    shipped_calendars_ensure()
    statutory_holidays_seed()
    calendar = BusinessCalendar.objects.get(code="cn-workday")

    rng = random.Random(2026)
    low = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp())
    high = int(datetime(2027, 1, 1, tzinfo=UTC).timestamp())
    starts = [rng.randrange(low, high) for _ in range(args.count)]
    minutes = [rng.randrange(0, 10 * calendar.workday_minutes + 1) for _ in range(args.count)]
    aware = [datetime.fromtimestamp(s, UTC) for s in starts]

    t = time.perf_counter()
    index = working_time(calendar)
    build_ms = (time.perf_counter() - t) * 1000

    add = index.add
    t = time.perf_counter()
    for s, m in zip(starts, minutes, strict=True):
        add(s, m * 60)
    raw = args.count / (time.perf_counter() - t)

    t = time.perf_counter()
    for s, m in zip(aware, minutes, strict=True):
        add_business_minutes(calendar, s, m)
    full = args.count / (time.perf_counter() - t)

    print(f"cn-workday, {args.count:,} random deadlines (starts 2025-2026, up to 10 working days)")
    print(
        f"  index build ({index.first_year}-{index.last_year}, {len(index.starts):,} intervals): {build_ms:.0f} ms"
    )
    print(f"  index.add (epoch seconds):                 {raw:>12,.0f} /s")
    print(f"  add_business_minutes (aware datetimes):    {full:>12,.0f} /s")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
