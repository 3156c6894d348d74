from django.utils import timezone

from hisops.accounts.models import Team
from hisops.accounts.selectors import team_list
from hisops.core.capabilities import Cap, can
from hisops.core.errors import NotFound
from hisops.core.scoping import scope_to_user

from .models import Escalation, EscalationChain, Handover, Shift


def teams(*, user):
    if not can(user, Cap.TICKET_VIEW):
        return Team.objects.none()
    return team_list(user=user)


def shifts_ahead(*, team, days: int = 14):
    now = timezone.now()
    return Shift.objects.filter(
        team=team, ends_at__gt=now, starts_at__lt=now + timezone.timedelta(days=days)
    ).select_related("person", "swapped_from")


def on_duty_now(*, user):
    """Who is on duty at this moment, per team the user may see (the wall board)."""
    now = timezone.now()
    return (
        Shift.objects.filter(team__in=teams(user=user), starts_at__lte=now, ends_at__gt=now)
        .select_related("team", "person")
        .order_by("team__name", "starts_at")
    )


def my_shifts(*, user):
    return (
        Shift.objects.filter(person=user, ends_at__gt=timezone.now())
        .select_related("team")
        .order_by("starts_at")[:30]
    )


def my_handovers(*, user):
    return (
        Handover.objects.filter(incoming=user)
        .select_related("team", "outgoing")
        .order_by("-created_at")[:20]
    )


def chains(*, user):
    if not can(user, Cap.ONCALL_MANAGE):
        return EscalationChain.objects.none()
    return scope_to_user(EscalationChain.objects.all(), user).prefetch_related(
        "steps__team", "steps__person"
    )


def escalation_get(*, user, pk: int) -> Escalation:
    escalation = (
        scope_to_user(Escalation.objects.all(), user)
        .select_related("chain", "acknowledged_by")
        .filter(pk=pk)
        .first()
    )
    if escalation is None or not (
        can(user, Cap.ONCALL_MANAGE) or escalation.notified.filter(pk=user.pk).exists()
    ):
        raise NotFound()
    return escalation


def holidays_between(first, last) -> dict:
    """Statutory holidays (from the shipped ``cn-workday`` calendar) between two dates, by
    date, so the roster can mark 节假日 duty."""
    from hisops.calendars.choices import OverrideKind
    from hisops.calendars.models import BusinessCalendar
    from hisops.calendars.selectors import overrides_in

    calendar = (
        BusinessCalendar.objects.filter(code="cn-workday").select_related("holidays_from").first()
    )
    if calendar is None:
        return {}
    return {
        o.date: o.name
        for o in overrides_in(calendar, first, last)
        if o.kind == OverrideKind.HOLIDAY
    }
