"""The SLA engine's background work: recompute clocks when calendars or levels change,
and the sweep that warns before a breach and escalates at it."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record
from hisops.core.masking import mask_text

from .. import clocks
from ..choices import OPEN_STATUSES, QUIET_STATUSES
from ..models import SLAClock, Ticket
from .lifecycle import _replan


def clocks_recompute(*, calendar_ids: list[int], batch: int = 500) -> int:
    """Re-derive the running clocks on these calendars (new holiday data, new hours)."""
    from hisops.core.models import BusinessCalendar

    fresh = {
        c.pk: c
        for c in BusinessCalendar.objects.filter(pk__in=calendar_ids).select_related(
            "holidays_from"
        )
    }
    count = 0
    now = timezone.now()
    running = SLAClock.objects.filter(
        calendar_id__in=calendar_ids, met_at__isnull=True
    ).select_related("ticket")
    ids = list(running.values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            chunk = list(
                SLAClock.objects.filter(pk__in=ids[start : start + batch]).select_related("ticket")
            )
            for clock in chunk:
                clock.calendar = fresh[clock.calendar_id]
                clocks.derive(clock, clock.ticket, now)
            SLAClock.objects.bulk_update(chunk, ["due_at", "breached", "holiday_data_missing"])
            count += len(chunk)
    return count


@transaction.atomic
def clocks_recompute_for_level(*, level_id: int) -> int:
    """A level's targets changed: open tickets at that level get clocks planned anew."""
    from hisops.accounts.permissions import SYSTEM

    count = 0
    for ticket in Ticket.objects.filter(
        level_id=level_id, status__in=list(OPEN_STATUSES)
    ).select_related("level", "contract"):
        _replan(ticket, ticket.level, timezone.now())
        count += 1
    if count:
        audit_record(
            actor=SYSTEM,
            action="tickets.clocks.recompute",
            object_type="contracts.slalevel",
            object_id=level_id,
            changes={"tickets": count},
        )
    return count


WARNING_HORIZON = timedelta(days=30)


@dataclass
class SweepResult:
    warned: int = 0
    escalated: int = 0


def sla_sweep(*, now: datetime | None = None, batch: int = 500) -> SweepResult:
    """Warn once when a running clock passes its contract's warning share; escalate once
    when it breaches. Reads running clocks by their indexed due time only, in batches, so
    the work per run follows the clocks that need attention, not the number of tickets.

    A clock's warning moment is when ``share`` of its allowed business time has passed
    (plus its pauses). Candidates are the running clocks due within ``WARNING_HORIZON``
    (more than the last quarter of any target in the seeds), read through the partial
    index on ``due_at``; the exact moment is computed for those only. Paused, closed and
    cancelled tickets are left alone: a paused clock's due time moves on resume.
    """
    from hisops.core.calendars import add_business_minutes

    now = now or timezone.now()
    result = SweepResult()
    # Breaches: running, past due, not yet escalated.
    breached = (
        SLAClock.objects.filter(met_at__isnull=True, due_at__lte=now, escalated_at__isnull=True)
        .exclude(ticket__status__in=QUIET_STATUSES)
        .select_related("ticket__hospital", "ticket__contract__vendor", "ticket__assignee")
        .order_by("due_at")[:batch]
    )
    for clock in breached:
        with transaction.atomic():
            if SLAClock.objects.filter(pk=clock.pk, escalated_at__isnull=True).update(
                escalated_at=now, breached=True
            ):
                result.escalated += 1
                _announce(clock, "breach", now)
    # Warnings: running, not yet due, not yet warned, due within a day (the candidates).
    candidates = (
        SLAClock.objects.filter(
            met_at__isnull=True,
            due_at__gt=now,
            due_at__lte=now + WARNING_HORIZON,
            warned_at__isnull=True,
        )
        .exclude(ticket__status__in=QUIET_STATUSES)
        .select_related(
            "ticket__hospital",
            "ticket__contract__vendor",
            "ticket__assignee",
            "calendar__holidays_from",
        )
        .order_by("due_at")[:batch]
    )
    for clock in candidates:
        share = clock.ticket.contract.warning_share if clock.ticket.contract_id else 75
        warn_after = clock.duration_minutes * share // 100
        warn_at = add_business_minutes(
            clock.calendar, clock.ticket.reported_at, warn_after + clock.paused_minutes
        )
        if warn_at <= now:
            with transaction.atomic():
                if SLAClock.objects.filter(pk=clock.pk, warned_at__isnull=True).update(
                    warned_at=now
                ):
                    result.warned += 1
                    _announce(clock, "warning", now)
    return result


def _announce(clock: SLAClock, what: str, now: datetime) -> None:
    """Tell the assignee, the vendor's project managers and the IT department."""
    from hisops.accounts.choices import Role
    from hisops.accounts.selectors import users_with_role
    from hisops.notify.services import notification_send, system_language

    ticket = clock.ticket
    people = list(
        users_with_role(hospital=ticket.hospital, roles=[Role.IT_ADMIN, Role.IT_ENGINEER])
    )
    if ticket.contract_id:
        people += list(
            users_with_role(
                hospital=ticket.hospital, roles=[Role.VENDOR_MANAGER], vendor=ticket.contract.vendor
            )
        )
    if ticket.assignee_id:
        people.append(ticket.assignee)
    with system_language():
        target = clock.get_target_display()
        title = (
            _("SLA breached: %(number)s %(target)s was due %(due)s")
            if what == "breach"
            else _("SLA at risk: %(number)s %(target)s is due %(due)s")
        ) % {
            "number": ticket.number,
            "target": target,
            "due": timezone.localtime(clock.due_at).strftime("%m-%d %H:%M"),
        }
    notification_send(
        hospital=ticket.hospital, recipients=people, kind=f"sla_{what}", key=f"sla:{clock.pk}:{what}",
        title=title, body=mask_text(ticket.title), url=f"/tickets/{ticket.number}/",
    )  # fmt: skip
