"""Calendar pages: the list, a month view with holidays and 调休, and a deadline calculator."""

import calendar as monthcal
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hisops.calendars import selectors as calendars
from hisops.calendars import services
from hisops.calendars.choices import DurationUnit, OverrideKind
from hisops.calendars.forms import DeadlineForm, OverrideForm
from hisops.calendars.timemath import format_intervals, parse_intervals
from hisops.core.capabilities import Cap, can, require
from hisops.core.errors import DomainError


def _month(request) -> date:
    text = request.GET.get("month", "")
    try:
        year, month = (int(p) for p in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
        return today.replace(day=1)


@login_required
@require_GET
def calendar_list(request):
    rows = [
        (c, sorted(calendars.covered_years(c))) for c in calendars.calendar_list(user=request.user)
    ]
    return render(request, "calendars/calendar_list.html", {"rows": rows})


def _month_context(request, calendar, month: date) -> dict:
    weeks = monthcal.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    overrides = {o.date: o for o in calendars.overrides_in(calendar, weeks[0][0], weeks[-1][-1])}
    weekly = [format_intervals(parse_intervals(text)) for text in calendar.weekly]
    cells = [
        [
            {
                "date": day,
                "in_month": day.month == month.month,
                "override": overrides.get(day),
                "working": bool(weekly[day.weekday()])
                if day not in overrides
                else overrides[day].kind == OverrideKind.WORKDAY,
            }
            for day in week
        ]
        for week in weeks
    ]
    previous = (month - timedelta(days=1)).replace(day=1)
    following = (month + timedelta(days=32)).replace(day=1)
    missing = calendar.needs_holiday_data and month.year not in calendars.covered_years(calendar)
    return {
        "calendar": calendar,
        "month": month,
        "weeks": cells,
        "previous": previous,
        "following": following,
        "missing": missing,
        "weekly": list(
            zip(
                [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
                weekly,
                strict=True,
            )
        ),
        "may_edit": can(request.user, Cap.CALENDAR_MANAGE, calendar.hospital),
    }


@login_required
@require_GET
def calendar_detail(request, code):
    calendar = calendars.calendar_get(user=request.user, code=code)
    month = _month(request)
    context = _month_context(request, calendar, month)
    context["override_form"] = OverrideForm(initial={"date": month, "kind": OverrideKind.HOLIDAY})
    context["deadline_form"] = DeadlineForm(
        initial={"duration": 1, "unit": DurationUnit.WORKING_DAYS}
    )
    return render(request, "calendars/calendar_detail.html", context)


@login_required
@require_POST
def calendar_override(request, code):
    calendar = calendars.calendar_get(user=request.user, code=code)
    require(request.user, Cap.CALENDAR_MANAGE, calendar.hospital)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.calendar_override_set(
                actor=request.user, calendar=calendar, **form.cleaned_data
            )
        except DomainError as exc:
            messages.error(request, exc.describe())
        else:
            messages.success(request, _("Saved %s.") % form.cleaned_data["date"].isoformat())
        month = form.cleaned_data["date"].replace(day=1)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        month = _month(request)
    return redirect(f"{reverse('calendar_detail', args=[calendar.code])}?month={month:%Y-%m}")


@login_required
@require_POST
def calendar_override_remove(request, code, day):
    calendar = calendars.calendar_get(user=request.user, code=code)
    require(request.user, Cap.CALENDAR_MANAGE, calendar.hospital)
    override = calendars.override_get(calendar, day)
    if override is None:
        raise Http404
    services.calendar_override_delete(actor=request.user, override=override)
    messages.success(request, _("Removed %s.") % day.isoformat())
    return redirect(f"{reverse('calendar_detail', args=[calendar.code])}?month={day:%Y-%m}")


@login_required
@require_http_methods(["POST"])
def calendar_deadline(request, code):
    calendar = calendars.calendar_get(user=request.user, code=code)
    form = DeadlineForm(request.POST)
    result = None
    if form.is_valid():
        start = (
            form.cleaned_data["start"]
            .replace(tzinfo=None)
            .replace(tzinfo=ZoneInfo(calendar.time_zone))
        )
        result = calendars.deadline(
            calendar, start, form.cleaned_data["duration"], form.cleaned_data["unit"]
        )
    return render(
        request,
        "calendars/partials/deadline_result.html",
        {"calendar": calendar, "form": form, "result": result},
    )
