"""Every write to business calendars: the shipped calendars and statutory data, dated
overrides, holiday files. Each bumps the calendar's version and announces the change."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record, diff, snapshot
from hisops.calendars import holidays_file
from hisops.calendars.choices import STATUTORY_CALENDAR, OverrideKind
from hisops.calendars.events import calendar_changed
from hisops.calendars.models import BusinessCalendar, CalendarOverride
from hisops.core.capabilities import SYSTEM, Cap, require
from hisops.core.errors import ValidationError, validate

# Business calendars -----------------------------------------------------------------


SHIPPED_CALENDARS = {
    "7x24": {
        "name": "7×24小时",
        "weekly": ["00:00-24:00"] * 7,
        "workday_minutes": 1440,
        "needs_holiday_data": False,
    },
    "cn-workday": {
        "name": "中国法定工作日",
        "weekly": ["08:00-12:00,14:00-18:00"] * 5 + ["", ""],
        "workday_minutes": 480,
        "needs_holiday_data": True,
    },
}
HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def _calendar_changed(calendar: BusinessCalendar, years: set[int]) -> None:
    """Bump the version of the calendar and of those that take holidays from it."""
    affected = [calendar.pk, *calendar.followers.values_list("pk", flat=True)]
    BusinessCalendar.objects.filter(pk__in=affected).update(version=F("version") + 1)
    calendar.refresh_from_db(fields=["version"])
    calendar_changed.send_on_commit(calendar_ids=affected, years=sorted(years))


@transaction.atomic
def shipped_calendars_ensure() -> list[str]:
    """Create the shipped calendars that are missing; never changes an existing one."""
    created = []
    for code, fields in SHIPPED_CALENDARS.items():
        if not BusinessCalendar.objects.filter(code=code).exists():
            calendar = BusinessCalendar.objects.create(code=code, **fields)
            audit_record(actor=SYSTEM, action="core.calendar.create", obj=calendar)
            created.append(code)
    return created


@transaction.atomic
def statutory_holidays_seed() -> list[int]:
    """Load every year the chinese-calendar package knows into ``cn-workday``, skipping
    years that already have data (an admin's corrections are never overwritten)."""
    import chinese_calendar

    calendar = BusinessCalendar.objects.get(code=STATUTORY_CALENDAR)
    have = {d.year for d in calendar.overrides.dates("date", "year")}
    rows = [
        (day, OverrideKind.HOLIDAY, name) for day, name in chinese_calendar.holidays.items()
    ] + [(day, OverrideKind.WORKDAY, name) for day, name in chinese_calendar.workdays.items()]
    new = [
        CalendarOverride(
            calendar=calendar, date=day, kind=kind, name=HOLIDAY_NAMES_ZH.get(name, name or "")
        )
        for day, kind, name in rows
        if day.year not in have
    ]
    CalendarOverride.objects.bulk_create(new, batch_size=1000)
    years = {o.date.year for o in new}
    if years:
        _calendar_changed(calendar, years)
        audit_record(
            actor=SYSTEM,
            action="core.calendar.seed_statutory",
            obj=calendar,
            changes={"years": sorted(years), "days": len(new)},
        )
    return sorted(years)


@transaction.atomic
def calendar_override_set(
    *, actor, calendar: BusinessCalendar, date, kind: str, name: str = "", intervals: str = ""
) -> CalendarOverride:
    """Mark a date as a holiday or a make-up workday on a calendar (replacing what it was)."""
    require(actor, Cap.CALENDAR_MANAGE, calendar.hospital)
    if kind != OverrideKind.WORKDAY and intervals:
        raise ValidationError(
            fields={"intervals": [_("Only make-up workdays have working hours.")]}
        )
    override = CalendarOverride.objects.filter(calendar=calendar, date=date).first()
    before = snapshot(override, OVERRIDE_FIELDS) if override else {}
    override = override or CalendarOverride(calendar=calendar, date=date)
    override.kind, override.name, override.intervals = kind, name, intervals
    validate(override, exclude=["calendar"])
    override.save()
    _calendar_changed(calendar, {override.date.year})
    audit_record(
        actor=actor,
        action="core.calendar.override_set",
        hospital=calendar.hospital or getattr(actor, "hospital", None),
        obj=override,
        changes=diff(before, snapshot(override, OVERRIDE_FIELDS)),
    )
    return override


@transaction.atomic
def calendar_override_delete(*, actor, override: CalendarOverride) -> None:
    calendar = override.calendar
    require(actor, Cap.CALENDAR_MANAGE, calendar.hospital)
    audit_record(
        actor=actor,
        action="core.calendar.override_delete",
        hospital=calendar.hospital or getattr(actor, "hospital", None),
        obj=override,
        changes=diff(snapshot(override, OVERRIDE_FIELDS), {}),
    )
    year = override.date.year
    override.delete()
    _calendar_changed(calendar, {year})


OVERRIDE_FIELDS = ("date", "kind", "name", "intervals")


class HolidaysInvalid(ValidationError):
    code = "import_invalid"


@transaction.atomic
def statutory_holidays_import(
    *, actor, file_name: str, content: bytes, calendar: BusinessCalendar | None = None
) -> dict:
    """Replace the dated overrides of every year in the file with the file's rows.

    The file (.csv with a ``date,kind,name`` header, or .json, a list of such objects) is
    the complete list for each year it mentions, as the State Council publishes it. All
    rows or none: any bad row writes nothing and the report names each one.
    """
    calendar = calendar or BusinessCalendar.objects.get(code=STATUTORY_CALENDAR)
    require(actor, Cap.CALENDAR_MANAGE, calendar.hospital)
    try:
        rows = holidays_file.read(file_name, content)
    except holidays_file.Unreadable as exc:
        raise HolidaysInvalid(str(exc), fields={"file": [str(exc)]}, extra={"rows": []}) from exc
    bad = [r for r in rows if r.errors]
    if bad:
        raise HolidaysInvalid(
            _("%(count)d of %(total)d rows have errors; nothing was imported.")
            % {"count": len(bad), "total": len(rows)},
            extra={"rows": [{"row": r.number, "errors": r.errors} for r in bad]},
        )
    years = {r.date.year for r in rows}
    removed, _count = calendar.overrides.filter(date__year__in=years).delete()
    CalendarOverride.objects.bulk_create(
        CalendarOverride(
            calendar=calendar, date=r.date, kind=r.kind, name=r.name, intervals=r.intervals
        )
        for r in rows
    )
    _calendar_changed(calendar, years)
    audit_record(
        actor=actor,
        action="core.calendar.import_holidays",
        hospital=calendar.hospital or getattr(actor, "hospital", None),
        obj=calendar,
        changes={"years": sorted(years), "days": len(rows), "replaced": removed},
        message=file_name[:200],
    )
    return {
        "calendar": calendar.code,
        "years": sorted(years),
        "days": len(rows),
        "replaced": removed,
    }


def calendars_reference_load() -> list[str]:
    """The shipped calendars and the statutory data (``hisops init``); says what it did."""
    created = shipped_calendars_ensure()
    years = statutory_holidays_seed()
    lines = [f"calendars: {', '.join(created) or 'none'} added"]
    if years:
        lines.append(f"statutory holidays: {years[0]}–{years[-1]} loaded ({len(years)} years)")
    else:
        lines.append("statutory holidays: already loaded")
    return lines
